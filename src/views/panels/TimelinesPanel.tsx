/**
 * The timelines under the cosmos: logOS events in lanes by layer, and mythOS consensus in lanes
 * by world. Tabs keep each one legible on a laptop screen; "Both" shows the two together (side by
 * side, and the default, on a wide screen). "Metrics" charts the metrics channel (MetricsPanel).
 *
 * The three bodies (and d3 with them) are separate chunks (lazyParts.ts): none is needed for the
 * page's first frame, and each fills a slot whose size the layout fixes, so nothing moves
 * when one arrives. Their styles stay in the main stylesheet (imported here) so the cascade is
 * the same as before the split.
 */
import { Suspense, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { ClocksTimeline, ConsensusTimeline, LogTimeline, MetricsPanel, SpaceTime } from '../lazyParts'
import '../timelines/timelines.css'
import './metrics.css'

type Tab = 'log' | 'consensus' | 'both' | 'metrics' | 'clocks' | 'spacetime'

const TABS: { id: Tab; label: string }[] = [
  { id: 'log', label: 'logOS events' },
  { id: 'consensus', label: 'mythOS consensus' },
  { id: 'both', label: 'Both' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'clocks', label: 'chronOS clocks' },
  { id: 'spacetime', label: 'karmOS space-time' },
]

/** Wide enough to show both timelines side by side (app.css has the same breakpoint). */
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
      </div>
      <div id="timeline-tabpanel" role="tabpanel" aria-labelledby={`timeline-tab-${tab}`} className={`timeline-body timeline-body--${tab}`}>
        {(tab === 'log' || tab === 'both') && (
          <Slot>
            <LogTimeline />
          </Slot>
        )}
        {(tab === 'consensus' || tab === 'both') && (
          <Slot>
            <ConsensusTimeline />
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
      </div>
    </section>
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
