/**
 * Fork and diff: "Fork" makes a what-if branch at the current moment (the run's interventions up
 * to now, none after); "Branches" lists them, each with its own link, opens one at the same
 * moment, and compares two: where they part (the first divergent event) and both histories
 * overlaid, lane by lane. Text only: event fields are shown as JSON text, never as markup.
 */
import { Suspense, lazy, useRef, useState } from 'react'
import { useTheos } from '../../store/theos'
import type { Branch } from '../../store/types'
import { formatSimTime } from '../panels/format'
import { useDismiss } from '../panels/useDismiss'
import { Icon } from './icons'

/** The comparison (with d3) is its own chunk: the first frame does not need it. */
const DiffView = lazy(() => import('./DiffView').then((m) => ({ default: m.DiffView })))

export function Branches() {
  const status = useTheos((s) => s.status)
  const branches = useTheos((s) => s.branches)
  const fork = useTheos((s) => s.fork)
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  useDismiss(rootRef, open, () => setOpen(false))
  const busy = status === 'loading' || status === 'error'
  return (
    <div className="control-group branches" role="group" aria-label="Branches" ref={rootRef}>
      <button
        type="button"
        className="btn"
        data-testid="fork"
        title="A what-if branch from this moment: change a slider, a fault or a rule there and compare"
        disabled={busy}
        onClick={() => { void fork().then((id) => { if (id) setOpen(true) }) }}
      >
        <Icon name="fork" />
        Fork
      </button>
      <button type="button" className="btn" data-testid="branches" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Branches{branches.length > 1 ? ` (${branches.length})` : ''}
      </button>
      {open && <BranchList onClose={() => setOpen(false)} />}
    </div>
  )
}

function BranchList({ onClose }: { onClose: () => void }) {
  const branches = useTheos((s) => s.branches)
  const branchId = useTheos((s) => s.branchId)
  const openBranch = useTheos((s) => s.openBranch)
  const compare = useTheos((s) => s.compare)
  const comparing = useTheos((s) => s.comparing)
  const branchUrl = useTheos((s) => s.branchUrl)
  const diff = useTheos((s) => s.diff)
  const [copied, setCopied] = useState<string | null>(null)
  const copy = (b: Branch) => {
    const url = branchUrl(b.id)
    navigator.clipboard?.writeText(url).then(() => setCopied(b.id), () => setCopied(null))
  }
  const byId = new Map(branches.map((b) => [b.id, b]))
  return (
    <div className="popover branches-popover" role="dialog" aria-label="Branches" data-testid="branches-popover">
      <table className="branches-table">
        <thead>
          <tr><th>branch</th><th>from</th><th>changes</th><th /></tr>
        </thead>
        <tbody>
          {branches.map((b) => {
            const own = b.forkedAtUs === null ? b.scenario.interventions.length : b.scenario.interventions.filter((iv) => iv.atUs >= b.forkedAtUs!).length
            return (
              <tr key={b.id} data-testid={`branch-${b.id}`} aria-current={b.id === branchId ? 'true' : undefined}>
                <td>{b.id === branchId ? <strong>{b.name} (shown)</strong> : b.name}</td>
                <td>{b.parent === null ? 'the link' : `${byId.get(b.parent)?.name ?? b.parent} at ${formatSimTime(b.forkedAtUs ?? 0)}`}</td>
                <td>{own}</td>
                <td className="branches-actions">
                  {b.id !== branchId && (
                    <>
                      <button type="button" className="btn btn--small" onClick={() => { void openBranch(b.id) }}>Open</button>
                      <button type="button" className="btn btn--small" data-testid={`compare-${b.id}`} disabled={comparing} onClick={() => { void compare(b.id, branchId) }}>
                        Compare with shown
                      </button>
                    </>
                  )}
                  <button type="button" className="btn btn--small" title={branchUrl(b.id)} onClick={() => copy(b)}>
                    {copied === b.id ? 'Copied' : 'Copy link'}
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {branches.length < 2 && <p className="muted">One run so far: pause where the story should change, press Fork, change something, play.</p>}
      {comparing && <p role="status">Running both branches headless and comparing them event by event…</p>}
      {diff && !comparing && (
        <Suspense fallback={<p>Loading the comparison…</p>}>
          <DiffView diff={diff} names={[byId.get(diff.a)?.name ?? diff.a, byId.get(diff.b)?.name ?? diff.b]} />
        </Suspense>
      )}
      <button type="button" className="btn btn--small" onClick={onClose}>Close</button>
    </div>
  )
}

