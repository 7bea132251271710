/** Small pieces the panels and inspectors share: a list of facts, the active chaOS faults. */
import type { ReactNode } from 'react'
import type { ActiveFaultView } from '../../layers/views'
import { formatUs } from './format'

/** Key–value facts as a definition list (values in monospace). */
export function Facts({ items }: { items: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="facts">
      {items.map(([k, v]) => (
        <div key={k} className="fact">
          <dt>{k}</dt>
          <dd className="mono">{v}</dd>
        </div>
      ))}
    </dl>
  )
}

/** The faults chaOS has in effect: kind, the worlds hit, and until when (or until healed). */
export function ActiveFaultList({ faults, testId }: { faults: readonly ActiveFaultView[]; testId?: string }) {
  return (
    <ul className="fault-list" data-testid={testId}>
      {faults.map((f, i) => (
        <li key={`${f.kind}-${i}`}>
          <span className={`fault-kind fault-kind--${f.kind}`}>{f.kind}</span> worlds {f.targets.join(', ')}
          <span className="muted"> until {f.untilUs === null ? 'healed' : formatUs(f.untilUs)}</span>
        </li>
      ))}
    </ul>
  )
}
