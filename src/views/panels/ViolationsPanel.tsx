/**
 * The status bar's violations: a count that opens the list (a lazy chunk: jump to a violation,
 * shrink the run, break Raft on purpose), and the loud badge while Raft is broken on purpose.
 */
import { Suspense, lazy, useRef, useState } from 'react'
import { useTheos } from '../../store/theos'
import { RAFT_BUG_LABELS, type RaftBug } from '../../layers/mythOS/settings'
import type { Scenario } from '../../scenario/schema'
import { useDismiss } from './useDismiss'

const ViolationsPopover = lazy(() => import('./ViolationsPopover').then((m) => ({ default: m.ViolationsPopover })))

export function worldOf(message: string, worlds: number): number | null {
  const m = /\b(?:node|leader|world)\s+(\d+)\b/.exec(message)
  if (!m) return null
  const w = Number(m[1])
  return w < worlds ? w : null
}

/** One empty list, so that a store selector returning it is stable (a new [] each call loops React). */
const NO_BUGS: readonly RaftBug[] = []
/** The Raft bugs switched on in this scenario (none when mythOS does not run). */
export const bugsOn = (s: Scenario): readonly RaftBug[] => (s.run.includes('mythOS') ? (s.layers.mythOS.bugs ?? NO_BUGS) : NO_BUGS)

/** The loud mark of a run whose Raft is broken on purpose. */
export function RaftBrokenBadge() {
  const bugs = useTheos((s) => bugsOn(s.scenario))
  if (bugs.length === 0) return null
  const text = bugs.map((b) => RAFT_BUG_LABELS[b]).join('; ')
  return (
    <span className="raft-broken" role="status" data-testid="raft-broken" title={`mythOS is broken on purpose: it ${text}. Switch it off in the violations list.`}>
      Raft broken on purpose: {bugs.join(', ')}
    </span>
  )
}

export function Violations() {
  const violations = useTheos((s) => s.violations)
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLSpanElement>(null)
  const count = violations.length
  useDismiss(rootRef, open, () => setOpen(false))

  return (
    <span className="stat violations" ref={rootRef}>
      <button
        type="button"
        className={count > 0 ? 'violations-button violations-button--bad' : 'violations-button'}
        data-testid="violations"
        data-count={count}
        aria-expanded={open}
        aria-haspopup="dialog"
        title={count > 0 ? 'Jump to a violation, or shrink the run to a minimal failing link' : 'Invariant violations (and the switches that break Raft on purpose)'}
        onClick={() => setOpen((o) => !o)}
      >
        {count} {count === 1 ? 'violation' : 'violations'}
      </button>
      {open && (
        <div className="popover violations-popover" role="dialog" aria-label="Invariant violations" data-testid="violations-list">
          <Suspense fallback={<p className="muted">loading…</p>}>
            <ViolationsPopover violations={violations} />
          </Suspense>
        </div>
      )}
    </span>
  )
}
