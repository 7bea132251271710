/**
 * Which world the person points at: a tiny store shared by the cosmos view (writes) and the App's
 * inspector and context menu (read). Discrete UI state only — it changes on pointer events, never
 * per frame.
 */
import { create } from 'zustand'

export interface WorldContextMenu {
  /** The world id right-clicked. */
  world: number
  /** Where, in viewport (client) pixels: place a `position: fixed` menu at (x, y). */
  x: number
  y: number
}

/** A packet pointed at in a timeline (karmOS's space-time diagram): the 3D view highlights its particle. */
export interface PacketRef {
  from: number
  to: number
  sentUs: number
}

export interface SelectionState {
  /** The world clicked (the inspector shows it), or null. */
  selected: number | null
  /** The world under the pointer, or null. */
  hovered: number | null
  /** An open context menu (right-click on a world), or null. */
  contextMenuFor: WorldContextMenu | null
  /** The packet under the pointer in the space-time diagram, or null (read per frame by Packets, no subscription). */
  highlightedPacket: PacketRef | null
  setHighlightedPacket(p: PacketRef | null): void
  setSelected(world: number | null): void
  setHovered(world: number | null): void
  /** Open (a menu) or close (null) the context menu. */
  setContextMenuFor(menu: WorldContextMenu | null): void
}

export const useSelectedWorld = create<SelectionState>()((set, get) => ({
  selected: null,
  hovered: null,
  contextMenuFor: null,
  highlightedPacket: null,
  setHighlightedPacket: (p) => {
    const q = get().highlightedPacket
    if (p === q || (p && q && p.from === q.from && p.to === q.to && p.sentUs === q.sentUs)) return
    set({ highlightedPacket: p })
  },
  setSelected: (world) => {
    if (get().selected !== world) set({ selected: world })
  },
  setHovered: (world) => {
    if (get().hovered !== world) set({ hovered: world })
  },
  setContextMenuFor: (menu) => {
    if (menu !== null || get().contextMenuFor !== null) set({ contextMenuFor: menu })
  },
}))

/**
 * The keyboard's way to pick a world: ] selects the next world (by id, wrapping), [ the previous;
 * from no selection ] picks the first and [ the last. `ids` are the worlds there are.
 */
export function stepSelection(ids: readonly number[], selected: number | null, key: string): number | null | undefined {
  if (key !== '[' && key !== ']') return undefined
  if (ids.length === 0) return null
  const sorted = ids.slice().sort((a, b) => a - b)
  const at = selected === null ? -1 : sorted.indexOf(selected)
  if (at < 0) return key === ']' ? sorted[0]! : sorted[sorted.length - 1]!
  const next = (at + (key === ']' ? 1 : -1) + sorted.length) % sorted.length
  return sorted[next]!
}
