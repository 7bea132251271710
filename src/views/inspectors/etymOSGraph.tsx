/**
 * The producer → consumer graph of the catalogue (lazy chunk: it brings d3-force). Layers are
 * nodes, the message types between two layers one labelled arrow, a layer's wire protocol a loop.
 * The selected subject's edges are highlighted; clicking an edge selects its first subject.
 */
import { useMemo } from 'react'
import { layoutGraph, placeLabels, type GraphSubject } from './etymOSGraph.math'

const WIDTH = 520
const HEIGHT = 400

export function EtymosGraph({ subjects, order, running, onlyRunning, selected, onSelect }: { subjects: readonly GraphSubject[]; order: readonly string[]; running: readonly string[]; onlyRunning: boolean; selected: string | null; onSelect: (subject: string) => void }) {
  const g = useMemo(() => layoutGraph(subjects, WIDTH, HEIGHT, order, onlyRunning ? (n) => n === 'user' || n === 'kernel' || n === 'logOS' || running.includes(n) : undefined), [subjects, order, running, onlyRunning])
  const labels = useMemo(() => placeLabels(g, selected), [g, selected])
  return (
    <svg data-testid="etymos-graph" viewBox={`0 0 ${g.width} ${g.height}`} width="100%" role="img" aria-label="producers to consumers of every message type" style={{ background: 'var(--bg)', border: '1px solid var(--border)', borderRadius: 'var(--radius)' }}>
      <defs>
        <marker id="etymos-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="var(--text-muted)" />
        </marker>
        <marker id="etymos-arrow-hot" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="var(--accent-strong)" />
        </marker>
      </defs>
      {g.edges.map((e, i) => {
        const hot = selected !== null && e.subjects.includes(selected)
        return (
          <g key={`${e.from}→${e.to}`} data-edge={`${e.from}→${e.to}`} style={{ cursor: 'pointer' }} onClick={() => onSelect(e.subjects[0]!)}>
            <title>{`${e.from} → ${e.to}: ${e.subjects.join(', ')}`}</title>
            <path d={e.path} fill="none" stroke={hot ? 'var(--accent-strong)' : 'var(--border-strong)'} strokeWidth={hot ? 2.2 : 1.3} markerEnd={`url(#${hot ? 'etymos-arrow-hot' : 'etymos-arrow'})`} />
            {labels[i] !== null && <text x={e.lx} y={e.ly} textAnchor="middle" fontSize="10" fill={hot ? 'var(--accent-strong)' : 'var(--text-muted)'} stroke="var(--bg)" strokeWidth="3" paintOrder="stroke" style={{ fontFamily: 'var(--mono)' }}>
              {labels[i]}
            </text>}
          </g>
        )
      })}
      {g.nodes.map((n) => {
        const layer = n.id !== 'user' && n.id !== 'kernel' && n.id !== 'logOS'
        const on = !layer || running.includes(n.id)
        return (
          <g key={n.id} data-node={n.id} transform={`translate(${n.x} ${n.y})`}>
            <title>{`${n.id}: sends ${n.out} type${n.out === 1 ? '' : 's'}, receives ${n.in}${layer && !on ? ' (not in this run)' : ''}`}</title>
            <circle r={18} fill={layer ? (on ? 'var(--bg-hover)' : 'var(--bg-raised)') : 'var(--bg-panel)'} stroke={layer ? (on ? 'var(--accent)' : 'var(--text-faint)') : 'var(--warn)'} strokeWidth={1.5} strokeDasharray={on ? undefined : '3 3'} />
            <text x={Math.cos(n.angle) * 34} y={Math.sin(n.angle) * 30 + 4} textAnchor={Math.abs(Math.cos(n.angle)) < 0.3 ? 'middle' : Math.cos(n.angle) > 0 ? 'start' : 'end'} fontSize="11" fill={on ? 'var(--text)' : 'var(--text-faint)'} stroke="var(--bg)" strokeWidth="3" paintOrder="stroke">
              {n.id}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
