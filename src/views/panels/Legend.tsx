/**
 * The cosmos's legend: every mark the 3D view can draw in this run (legend.ts: only the layers that
 * run), each with a small drawing in its palette colour and, on hover or focus, what it means. A
 * compact panel in the view's bottom-left corner, docked (data-cosmos-dock: the worlds move aside
 * for it, Room.tsx), opened and closed by its button; whether it is open is remembered.
 */
import { useMemo, type JSX } from 'react'
import { useTheos } from '../../store/theos'
import { legendFor, type LegendEntry, type LegendShape } from './legend'
import './explain.css'

export function Legend({ open }: { open: boolean }) {
  const scenario = useTheos((s) => s.scenario)
  const sections = useMemo(() => legendFor(scenario), [scenario])
  return (
    <section id="cosmos-legend" hidden={!open} className="legend" aria-label="Legend: what the 3D view draws" data-testid="legend" data-cosmos-dock="left" tabIndex={0}>
      {sections.map((sec) => (
        <div key={sec.id} className="legend-section">
          <h3 className="legend-title">{sec.title}</h3>
          <ul className="legend-list">
            {sec.entries.map((e) => (
              <li key={e.id} className="legend-entry" data-testid={`legend-${e.id}`} title={e.hint}>
                <Swatch entry={e} />
                <span className="legend-label">{e.label}</span>
                <span className="sr-only">: {e.hint}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <p className="legend-foot muted">Hover an entry for what it means; hover a world for its details.</p>
    </section>
  )
}

/** A 16 × 16 drawing of the mark in its colour(s). */
function Swatch({ entry }: { entry: LegendEntry }) {
  const c = entry.colors[0]!
  return (
    <svg className="legend-swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      {SHAPES[entry.shape](c, entry.colors)}
    </svg>
  )
}

const SHAPES: Record<LegendShape, (c: string, all: readonly string[]) => JSX.Element> = {
  sphere: (c) => <circle cx="8" cy="8" r="6" fill={c} />,
  'small-sphere': (c) => <circle cx="8" cy="8" r="3.5" fill={c} />,
  'dim-sphere': (c) => <circle cx="8" cy="8" r="4.5" fill={c} stroke="#8893b2" strokeWidth="0.8" />,
  halo: (c) => (
    <>
      <circle cx="8" cy="8" r="7.5" fill={c} opacity="0.3" />
      <circle cx="8" cy="8" r="4.6" fill="none" stroke={c} strokeWidth="1.6" />
    </>
  ),
  ring: (c) => <circle cx="8" cy="8" r="6" fill="none" stroke={c} strokeWidth="1.5" />,
  'dashed-ring': (c) => <circle cx="8" cy="8" r="6" fill="none" stroke={c} strokeWidth="1.6" strokeDasharray="3 2" />,
  'dotted-ring': (c) => <circle cx="8" cy="8" r="6" fill="none" stroke={c} strokeWidth="1.6" strokeDasharray="1 2" />,
  'widening-ring': (c) => (
    <>
      <circle cx="8" cy="8" r="3.5" fill="none" stroke={c} strokeWidth="1.4" />
      <circle cx="8" cy="8" r="7" fill="none" stroke={c} strokeWidth="1" opacity="0.55" />
    </>
  ),
  arc: (c, all) => (
    <>
      <path d="M8 2 A6 6 0 1 1 2 8" fill="none" stroke={c} strokeWidth="1.6" />
      <path d="M2 8 A6 6 0 0 1 4.5 3.2" fill="none" stroke={all[1] ?? c} strokeWidth="1.6" />
    </>
  ),
  'cut-link': (c) => <line x1="1" y1="13" x2="15" y2="3" stroke={c} strokeWidth="2" strokeDasharray="3 2" />,
  wall: (c) => (
    <>
      <rect x="4" y="0" width="8" height="16" fill={c} opacity="0.3" />
      <path d="M8 0 Q6.5 4 8 8 T8 16" fill="none" stroke={c} strokeWidth="1.2" />
    </>
  ),
  particle: (c) => (
    <>
      <circle cx="4" cy="11" r="1.2" fill={c} opacity="0.35" />
      <circle cx="7" cy="9" r="1.6" fill={c} opacity="0.6" />
      <circle cx="11" cy="6.5" r="2.6" fill={c} />
    </>
  ),
  'big-particle': (c) => (
    <>
      <circle cx="4" cy="12" r="1.6" fill={c} opacity="0.4" />
      <circle cx="10" cy="7" r="4.5" fill={c} />
    </>
  ),
  glyph: (c) => (
    <>
      <path d="M8 1.5 L15 14.5 L1 14.5 Z" fill={c} stroke="#2a1d00" strokeWidth="1" />
      <rect x="7.2" y="5.5" width="1.6" height="5" fill="#2a1d00" />
      <rect x="7.2" y="11.6" width="1.6" height="1.6" fill="#2a1d00" />
    </>
  ),
  glow: (c) => <circle cx="8" cy="8" r="7.5" fill={c} opacity="0.6" />,
  zone: (c) => (
    <>
      <circle cx="8" cy="8" r="7" fill={c} opacity="0.12" />
      <circle cx="8" cy="8" r="7" fill="none" stroke={c} strokeWidth="1.4" strokeDasharray="2.5 1.8" />
    </>
  ),
  moons: (_c, all) => (
    <>
      <ellipse cx="8" cy="8" rx="7" ry="3" fill="none" stroke="#5a6482" strokeWidth="0.6" />
      <circle cx="8" cy="8" r="2.6" fill="#5a6482" />
      {all.slice(0, 4).map((m, i) => (
        <circle key={i} cx={[1.5, 5, 11, 14.5][i]} cy={[8, 10.8, 10.8, 8][i]} r="1.5" fill={m} />
      ))}
    </>
  ),
}
