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

export interface SelectionState {
  /** The world clicked (the inspector shows it), or null. */
  selected: number | null
  /** The world under the pointer, or null. */
  hovered: number | null
  /** An open context menu (right-click on a world), or null. */
  contextMenuFor: WorldContextMenu | null
  setSelected(world: number | null): void
  setHovered(world: number | null): void
  /** Open (a menu) or close (null) the context menu. */
  setContextMenuFor(menu: WorldContextMenu | null): void
}

export const useSelectedWorld = create<SelectionState>()((set, get) => ({
  selected: null,
  hovered: null,
  contextMenuFor: null,
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
