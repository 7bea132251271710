/**
 * The timelines under the cosmos: logOS events in lanes by layer, and mythOS consensus in lanes
 * by world. Tabs keep each one legible on a laptop screen; "Both" shows the two together (side by
 * side, and the default, on a wide screen). "Metrics" charts the metrics channel (MetricsPanel).
 *
 * The three bodies (and d3 with them) are separate chunks (lazyParts.ts): none is needed for the
 * page's first frame, and each fills a slot whose size the layout fixes, so nothing moves
 * when one arrives. Their styles stay in the main stylesheet (imported here) so the cascade is
 * the same as before the split.
 *
 * While a seek is on its way (a click on a time axis, Run to, a link), the tab strip shows how
 * far it has come, once it takes more than a moment.
 */
import { Suspense, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { useTheos } from '../../store/theos'
import { seekProgress } from '../timelines/seekProgress'
import { formatSimTime } from './format'
import { ClocksTimeline, ConsensusTimeline, LogTimeline, MetricsPanel, RaftLog, SpaceTime } from '../lazyParts'
import '../timelines/timelines.css'
import './metrics.css'

type Tab = 'log' | 'consensus' | 'both' | 'metrics' | 'clocks' | 'spacetime' | 'raftlog'

const TABS: { id: Tab; label: string }[] = [
  { id: 'log', label: 'logOS events' },
  { id: 'consensus', label: 'mythOS consensus' },
  { id: 'both', label: 'Both' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'clocks', label: 'chronOS clocks' },
  { id: 'spacetime', label: 'karmOS space-time' },
  { id: 'raftlog', label: 'Raft logs' },
]

/** Wide enough to open on Both (app.css lays Both side by side from 1200 px). */
const WIDE_SCREEN_PX = 1600

export function TimelinesPanel() {
  const [tab, setTab] = useState<Tab>(() => (typeof window !== 'undefined' && window.innerWidth >= WIDE_SCREEN_PX ? 'both' : 'log'))
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([])

  const onKeyDown = (e: KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null
    if (next === null) return
    e.preventDefault()
    const j = (next + TABS.length) % TABS.length
    setTab(TABS[j]!.id)
    tabRefs.current[j]?.focus()
  }

  return (
    <section className="timelines" aria-label="Timelines">
      <div className="tabs" role="tablist" aria-label="Timelines">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[i] = el
            }}
            type="button"
            role="tab"
            id={`timeline-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="timeline-tabpanel"
            tabIndex={tab === t.id ? 0 : -1}
            data-testid={`timeline-tab-${t.id}`}
            className="tab"
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {t.label}
          </button>
        ))}
        <SeekProgress />
      </div>
      <div id="timeline-tabpanel" role="tabpanel" aria-labelledby={`timeline-tab-${tab}`} className={`timeline-body timeline-body--${tab}`}>
        {(tab === 'log' || tab === 'both') && (
          <Slot>
            <LogTimeline compact={tab === 'both'} />
          </Slot>
        )}
        {(tab === 'consensus' || tab === 'both') && (
          <Slot>
            <ConsensusTimeline compact={tab === 'both'} />
          </Slot>
        )}
        {tab === 'metrics' && (
          <Slot>
            <MetricsPanel />
          </Slot>
        )}
        {tab === 'clocks' && (
          <Slot>
            <ClocksTimeline />
          </Slot>
        )}
        {tab === 'spacetime' && (
          <Slot>
            <SpaceTime />
          </Slot>
        )}
        {tab === 'raftlog' && (
          <Slot>
            <RaftLog />
          </Slot>
        )}
      </div>
    </section>
  )
}

/** How long a seek goes before its progress bar shows (a short one needs none), ms. */
const SEEK_BAR_DELAY_MS = 250

/** The seek on its way: "going to 10.000 s", a bar from where it started to its goal, and the percentage. */
function SeekProgress() {
  const seeking = useTheos((s) => s.seeking)
  // The clock only matters during a seek: no re-render per frame otherwise.
  const simTimeUs = useTheos((s) => (s.seeking === null ? 0 : s.simTimeUs))
  const [shown, setShown] = useState(false)
  // One delay per seek (its target), not per update of where its replay starts.
  const targetUs = seeking?.targetUs ?? null
  useEffect(() => {
    if (targetUs === null) return
    const id = window.setTimeout(() => setShown(true), SEEK_BAR_DELAY_MS)
    return () => {
      window.clearTimeout(id)
      setShown(false)
    }
  }, [targetUs])
  if (seeking === null || !shown) return null
  const pct = Math.round(seekProgress(seeking, simTimeUs) * 100)
  return (
    <div className="seek-progress" role="progressbar" aria-label={`Going to ${formatSimTime(seeking.targetUs)}`}
      aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid="seek-progress">
      <span>going to {formatSimTime(seeking.targetUs)}</span>
      <span className="seek-progress-track"><span className="seek-progress-fill" style={{ width: `${pct}%` }} /></span>
      <span>{pct}%</span>
    </div>
  )
}

/** One body's slot; while its chunk loads, an empty timeline (same frame and colours) says so. */
function Slot({ children }: { children: ReactNode }) {
  return (
    <div className="timeline-slot">
      <Suspense
        fallback={
          <div className="tl" aria-busy="true">
            <p className="tl-empty chunk-loading">loading…</p>
          </div>
        }
      >
        {children}
      </Suspense>
    </div>
  )
}
