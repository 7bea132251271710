/**
 * The producer → consumer graph of the etymOS catalogue as geometry: layers (and 'user', 'kernel')
 * as nodes, the message types between two of them as one labelled edge, a layer's own wire
 * protocol as a loop, on a ring (a chord diagram: every pair is visible at any count). Pure: the
 * same catalogue always draws the same picture; the component only draws.
 */
import { scalePoint } from 'd3'
import { boxesOverlap, type Box } from '../geometry'

export interface GraphSubject {
  name: string
  type: string
  kind: string
  producers: readonly string[]
  consumers: readonly string[]
}

export interface GraphNode {
  id: string
  x: number
  y: number
  /** Its angle on the ring, radians. */
  angle: number
  /** Message types it sends / receives. */
  out: number
  in: number
}

export interface GraphEdge {
  from: string
  to: string
  /** Subjects carried on this edge, in catalogue order. */
  subjects: string[]
  /** The label drawn on it (a few types, then “+n”). */
  label: string
  /** SVG path from producer to consumer (a loop for a layer's own wire protocol). */
  path: string
  /** Where the label sits. */
  lx: number
  ly: number
}

export interface GraphLayout {
  width: number
  height: number
  nodes: GraphNode[]
  edges: GraphEdge[]
}

const LABEL_TYPES = 1

function label(types: string[]): string {
  const shown = types.slice(0, LABEL_TYPES).join(', ')
  return types.length > LABEL_TYPES ? `${shown} +${types.length - LABEL_TYPES}` : shown
}

/**
 * Nodes on a ring in the given order (user first, the layers in pantheon order, the kernel last),
 * their angles from a d3 point scale; each edge a chord bent toward the centre (a → b and b → a
 * bend to opposite sides), each wire protocol a loop pointing outward. Only subjects whose
 * producer and consumer both pass `include` are drawn.
 */
export function layoutGraph(subjects: readonly GraphSubject[], width: number, height: number, order: readonly string[] = [], include: (node: string) => boolean = () => true): GraphLayout {
  const ids: string[] = []
  const edgesByKey = new Map<string, { from: string; to: string; subjects: string[]; types: string[] }>()
  for (const s of subjects)
    for (const p of s.producers)
      for (const c of s.consumers) {
        if (!include(p) || !include(c)) continue
        for (const id of [p, c]) if (!ids.includes(id)) ids.push(id)
        const key = `${p}→${c}`
        const e = edgesByKey.get(key) ?? { from: p, to: c, subjects: [], types: [] }
        e.subjects.push(s.name)
        e.types.push(s.kind === 'wire' ? s.type : s.name)
        edgesByKey.set(key, e)
      }
  const rank = (id: string) => {
    const i = order.indexOf(id)
    return i < 0 ? order.length + ids.indexOf(id) : i
  }
  ids.sort((a, b) => rank(a) - rank(b))
  const cx = width / 2
  const cy = height / 2
  const r = Math.min(width, height) / 2 - 58
  // One step short of a full turn: the last node must not land on the first.
  const step = ids.length > 0 ? (2 * Math.PI) / ids.length : 0
  const angle = scalePoint<string>().domain(ids).range([-Math.PI / 2, (3 * Math.PI) / 2 - step])
  const nodes: GraphNode[] = ids.map((id) => {
    const a = angle(id) ?? -Math.PI / 2
    return { id, x: cx + r * Math.cos(a), y: cy + r * Math.sin(a), out: 0, in: 0, angle: a }
  })
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const edges: GraphEdge[] = [...edgesByKey.values()].map((e) => {
    const a = byId.get(e.from)!
    const b = byId.get(e.to)!
    a.out += e.types.length
    b.in += e.types.length
    if (a === b) {
      // A loop pointing away from the centre: the layer talks to itself across worlds (its wire protocol).
      const ux = Math.cos(a.angle), uy = Math.sin(a.angle)
      const px = -uy, py = ux
      const p0 = [a.x + 14 * ux - 9 * px, a.y + 14 * uy - 9 * py]
      const p3 = [a.x + 14 * ux + 9 * px, a.y + 14 * uy + 9 * py]
      const c1 = [a.x + 58 * ux - 34 * px, a.y + 58 * uy - 34 * py]
      const c2 = [a.x + 58 * ux + 34 * px, a.y + 58 * uy + 34 * py]
      const path = `M ${p0[0]} ${p0[1]} C ${c1[0]} ${c1[1]}, ${c2[0]} ${c2[1]}, ${p3[0]} ${p3[1]}`
      return { from: e.from, to: e.to, subjects: e.subjects, label: `${e.types.length} wire kinds`, path, lx: a.x + 54 * ux, ly: a.y + 54 * uy + 4 }
    }
    const dx = b.x - a.x
    const dy = b.y - a.y
    const len = Math.hypot(dx, dy) || 1
    const mx = (a.x + b.x) / 2
    const my = (a.y + b.y) / 2
    // Toward the centre, plus a sideways offset by direction so that a → b and b → a part.
    const qx = mx + (cx - mx) * 0.3 - (dy / len) * 16
    const qy = my + (cy - my) * 0.3 + (dx / len) * 16
    // Stop short of the target's circle, where the arrowhead goes.
    const tx = b.x - qx, ty = b.y - qy
    const tl = Math.hypot(tx, ty) || 1
    const ex = b.x - (tx / tl) * 19
    const ey = b.y - (ty / tl) * 19
    return { from: e.from, to: e.to, subjects: e.subjects, label: label(e.types), path: `M ${a.x} ${a.y} Q ${qx} ${qy} ${ex} ${ey}`, lx: (a.x + 2 * qx + b.x) / 4, ly: (a.y + 2 * qy + b.y) / 4 }
  })
  return { width, height, nodes, edges }
}

/** Approximate box of a label of `text` centred at (x, y), 10 px monospace. */
const labelBox = (text: string, x: number, y: number) => ({ x0: x - text.length * 3.1 - 2, x1: x + text.length * 3.1 + 2, y0: y - 9, y1: y + 3 })

/**
 * Which edge labels to draw: greedily, those of the selected subject first, then shorter edges'
 * first, skipping any label that would overlap one already placed or a node (the rest say it on
 * hover). Returns each edge's label text, or null.
 */
export function placeLabels(g: GraphLayout, selected: string | null): (string | null)[] {
  const text = (e: GraphEdge) => (selected !== null && e.subjects.includes(selected) ? (e.subjects.length > 1 ? `${selected} +${e.subjects.length - 1}` : selected) : e.label)
  const order = g.edges.map((e, i) => i).sort((a, b) => Number(g.edges[b]!.subjects.includes(selected ?? '\u0000')) - Number(g.edges[a]!.subjects.includes(selected ?? '\u0000')) || a - b)
  const placed: Box[] = g.nodes.map((n) => ({ x0: n.x - 19, x1: n.x + 19, y0: n.y - 19, y1: n.y + 19 }))
  const out: (string | null)[] = g.edges.map(() => null)
  for (const i of order) {
    const e = g.edges[i]!
    const t = text(e)
    const b = labelBox(t, e.lx, e.ly)
    // The selected subject's label is always drawn (first, so no other label covers it).
    const chosen = selected !== null && e.subjects.includes(selected)
    if (!chosen && placed.some((p) => boxesOverlap(b, p))) continue
    placed.push(b)
    out[i] = t
  }
  return out
}
