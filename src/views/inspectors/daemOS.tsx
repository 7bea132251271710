/**
 * daemOS's inspector: the selected world's supervision tree, indented — each supervisor with its
 * strategy and its restart intensity (restarts counted in its period now / allowed), each child with
 * its restart type, its state (running, CrashLoopBackOff with the countdown to its restart,
 * terminated, down with its world), its place on the backoff ladder and its restarts — and buttons
 * to strike a daemon (crash, crash loop, heal), recorded in the link like every intervention.
 */
import { US_PER_S } from '../../kernel/time'
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import type { SupervisedDaemon } from '../../layers/daemOS/messages'
import type { DaemosNodeView } from '../../layers/daemOS'
import { useSelectedWorld } from '../cosmos/selection'
import { formatSimTime } from '../panels/format'
import { Facts } from '../panels/inspectorParts'
import { useTick } from '../panels/useTick'
import { Table, Waiting } from './parts'

/** Seconds: one decimal under 10 s, none above. */
const s1 = (us: number): string => formatSimTime(us, us < 10 * US_PER_S ? 1 : 0)

function stateOf(n: DaemosNodeView, nowUs: number): string {
  switch (n.state) {
    case 'backoff':
      return `${n.backoffUs > 0 ? 'CrashLoopBackOff' : 'restarting'} · ${s1(Math.max(0, (n.untilUs ?? nowUs) - nowUs))}`
    case 'down':
      return 'down (world)'
    default:
      return n.state
  }
}

export function DaemosInspector() {
  useTick(250)
  const selected = useSelectedWorld((s) => s.selected)
  const intervene = useTheos((s) => s.intervene)
  const v = frameBuffer.views.daemOS
  if (!v) return <Waiting />
  const w = v.worlds[selected ?? 0]
  if (!w) return <Waiting />
  const strike = (daemon: SupervisedDaemon, mode: 'crash' | 'crashloop' | 'heal') => intervene({ kind: 'daemon_fault', node: w.id, daemon, mode })
  return (
    <>
      <Facts
        items={[
          ['restarts (all worlds)', v.stats.restarts],
          ['supervisors that gave up', v.stats.escalations],
          ['worlds rebooted / reboots denied', `${v.stats.reboots} / ${v.stats.rebootsDenied}`],
          [`world ${w.id}`, `${w.up ? (w.rebooting ? 'rebooting' : 'up') : 'down'} · ${w.running} daemons running · ${w.restarts} restarts · ${w.escalations} escalations`],
        ]}
      />
      {selected === null && <p className="muted">World 0 shown: pick a world to see its tree.</p>}
      <Table
        testId="daemos-tree"
        head={['child', 'strategy / type', 'intensity', 'state', 'ladder', 'restarts', '']}
        rows={w.nodes.map((n) => [
          <span key="n" className="mono" style={{ paddingLeft: `${n.depth * 1.2}em` }}>{n.kind === 'supervisor' ? `▾ ${n.name}` : n.name}</span>,
          n.kind === 'supervisor' ? n.strategy : n.restart,
          n.kind === 'supervisor' ? `${n.recent} / ${n.intensity} in ${s1(n.periodUs)}` : '',
          <span key="s" data-state={n.state}>{stateOf(n, v.nowUs)}{n.crashloop ? ' · crash loop' : ''}</span>,
          n.attempt > 0 ? `#${n.attempt} · waited ${s1(n.backoffUs)}` : '—',
          n.restarts,
          n.kind === 'worker' ? (
            <span key="a" className="nowrap">
              <button type="button" className="btn btn--small" onClick={() => strike(n.name, 'crash')}>crash</button>{' '}
              <button type="button" className="btn btn--small" onClick={() => strike(n.name, n.crashloop ? 'heal' : 'crashloop')}>{n.crashloop ? 'heal' : 'crash loop'}</button>
            </span>
          ) : '',
        ])}
      />
    </>
  )
}
