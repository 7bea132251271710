/**
 * theOS's panel (the orchestrator in the run): each service with its desired and ready pods, its
 * disruption budget and where its pods are (world and state); each world's CPU and memory
 * allocated against its capacity; and a form to scale a service, sent as a `scale` intervention
 * (in the link).
 */
import { useState } from 'react'
import type { PodView } from '../../layers/theOS/view'
import { ScaleIntervention } from '../../layers/theOS/settings'
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { formatSimTime, formatUs } from '../panels/format'
import { Facts } from '../panels/inspectorParts'
import { useTick } from '../panels/useTick'
import { Table, Waiting } from './parts'

export function TheosInspector() {
  useTick(500)
  const v = frameBuffer.views.theOS
  if (!v) return <Waiting />
  const podsOf = new Map<string, PodView[]>()
  for (const p of v.pods) {
    const list = podsOf.get(p.service)
    if (list === undefined) podsOf.set(p.service, [p])
    else list.push(p)
  }
  return (
    <>
      <p className={`harmony-state ${v.converged ? 'harmony-state--calm' : 'harmony-state--disturbed'}`} data-testid="theos-state">
        {v.converged ? 'Desired = actual for every service' : 'Reconciling: some service is not at its desired state'}
        {v.lastChange !== null && v.lastChangeUs !== null && <span className="muted small"> — last change: {v.lastChange} at {formatUs(v.lastChangeUs)}</span>}
      </p>
      <Facts
        items={[
          ['pods scheduled', v.stats.schedules],
          ['evictions (lost · drained · scaled down)', `${v.stats.evictions} (${v.stats.lost} · ${v.stats.drained} · ${v.stats.scaledDown})`],
          ['evictions refused by a budget', v.stats.blocked],
          ['last time to desired = actual', v.lastConvergenceUs === null ? '—' : formatSimTime(v.lastConvergenceUs, 1)],
        ]}
      />
      <h3>Services</h3>
      <Table
        testId="theos-services"
        head={['service', 'desired', 'ready', 'starting', 'pending', 'budget', 'pods (world: state)']}
        rows={v.services.map((s) => [
          <b key="n">{s.name}</b>,
          s.desired,
          <span key="r" className={s.ready < s.desired ? 'load--busy' : undefined}>{s.ready}</span>,
          s.starting,
          s.pending,
          <span key="b" title={`minAvailable ${s.minAvailable}: a drain may evict ${s.disruptionsAllowed} now`}>≥ {s.minAvailable} ({s.disruptionsAllowed} may go)</span>,
          <span key="p" className="mono small">
            {(podsOf.get(s.name) ?? [])
              .map((p) => `#${p.replica} ${p.node === null ? '—' : `w${p.node}`}: ${p.state}`)
              .join(' · ') || '—'}
          </span>,
        ])}
      />
      <h3>Worlds</h3>
      <Table
        testId="theos-worlds"
        head={['world', 'pods', 'CPU (m)', 'memory (MiB)', '']}
        rows={v.worlds.map((w) => [w.id, w.pods, `${w.usedCpuMilli} / ${w.cpuMilli}`, `${w.usedMemMb} / ${w.memMb}`, w.convicted ? 'convicted' : ''])}
      />
      <ScaleForm services={v.services.map((s) => ({ name: s.name, desired: s.desired }))} />
    </>
  )
}

function ScaleForm({ services }: { services: { name: string; desired: number }[] }) {
  const intervene = useTheos((s) => s.intervene)
  const [service, setService] = useState(services[0]?.name ?? '')
  const [replicas, setReplicas] = useState('3')
  const chosen = services.some((s) => s.name === service) ? service : (services[0]?.name ?? '')
  const parsed = ScaleIntervention.pick({ service: true, replicas: true }).safeParse({ service: chosen, replicas: Number(replicas) })
  const error = chosen === '' ? 'no service to scale' : parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
  return (
    <form
      className="rule-form"
      data-testid="theos-scale-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (error === null && parsed.success) intervene({ kind: 'scale', ...parsed.data })
      }}
    >
      <h3>Scale a service</h3>
      <label className="form-row">
        <span>service</span>
        <select data-testid="theos-scale-service" value={chosen} onChange={(e) => setService(e.target.value)}>
          {services.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} (now {s.desired})
            </option>
          ))}
        </select>
      </label>
      <label className="form-row">
        <span>replicas</span>
        <input data-testid="theos-scale-replicas" type="number" min={0} max={64} value={replicas} onChange={(e) => setReplicas(e.target.value)} />
      </label>
      {error && <p className="form-error">{error}</p>}
      <button type="submit" className="btn btn--primary" data-testid="theos-scale-apply" disabled={error !== null}>
        Scale now
      </button>
    </form>
  )
}
