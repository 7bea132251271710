/**
 * The inspector drawer of the selected world: what atmOS, mythOS and the network say about it
 * (refreshed at 4 Hz), and the same faults as its context menu, as buttons for keyboard users.
 */
import { useEffect, useRef } from 'react'
import { cutsLink } from '../../layers/net/partition'
import { activeLayers } from '../../scenario/schema'
import { atmosView, frameBuffer, mythosView, networkView } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { useSelectedWorld } from '../cosmos/selection'
import { Facts } from './inspectorParts'
import { formatSimTime, logHeld, snapshotLine } from './format'
import { useTick } from './useTick'
import { doWorldAction, worldActionsFor } from './worldActions'
import { WorldTerminations } from '../inspectors/thanatOS'

export function WorldInspector() {
  const selected = useSelectedWorld((s) => s.selected)
  const drawerRef = useRef<HTMLElement>(null)

  useEffect(() => {
    if (selected === null) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && drawerRef.current?.contains(document.activeElement)) useSelectedWorld.setState({ selected: null })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [selected])

  if (selected === null || selected === undefined) return null
  return (
    <aside ref={drawerRef} className="inspector world-inspector" aria-labelledby="world-inspector-title" data-testid="world-inspector" data-world={selected}>
      <WorldBody id={selected} />
    </aside>
  )
}

function WorldBody({ id }: { id: number }) {
  useTick(250)
  const active = activeLayers(useTheos((s) => s.scenario))
  const worlds = atmosView()?.worlds ?? []
  const world = worlds.find((w) => w.id === id)
  const raft = mythosView()?.nodes.find((n) => n.id === id)
  const clock = frameBuffer.views.chronOS?.worlds.find((w) => w.id === id)
  const actions = worldActionsFor(active, { referenceClock: clock?.reference })
  const partitions = networkView()?.partitions ?? []
  // The worlds an active partition cuts this one from (either kind: a ring cuts some links only).
  const cutFrom = partitions.length === 0 ? [] : worlds.filter((w) => partitions.some((p) => cutsLink(p, id, w.id))).map((w) => w.id)

  return (
    <>
      <header className="inspector-header">
        <div>
          <h2 id="world-inspector-title">{world ? world.name : `world ${id}`}</h2>
          <p className="muted small">world {id} · atmOS</p>
        </div>
        <button type="button" className="icon-button" aria-label="Close world inspector" onClick={() => useSelectedWorld.setState({ selected: null })}>
          ×
        </button>
      </header>
      <div className="inspector-body">
        {world === undefined ? (
          <p className="muted">No such world in this run (yet).</p>
        ) : (
          <Facts
            items={[
              ['status', <span className={`world-status world-status--${world.status}`}>{world.status}</span>],
              ['position', `${Math.round(world.x)}, ${Math.round(world.y)}, ${Math.round(world.z)} km`],
              ['clock drift', `${world.driftPpm.toFixed(1)} ppm`],
              ['happenings proposed', world.proposed],
              ['network', cutFrom.length === 0 ? 'connected' : `partitioned: cut from ${cutFrom.length === worlds.length - 1 ? 'every other world' : `world${cutFrom.length > 1 ? 's' : ''} ${cutFrom.join(', ')}`}`],
            ]}
          />
        )}
        {clock !== undefined && (
          <>
            <h3>chronOS clock</h3>
            <Facts
              items={[
                ['local time', <span className="mono" data-testid="world-local-time">{formatSimTime(clock.localUs, 6)}</span>],
                ['cosmic time', <span className="mono">{formatSimTime(frameBuffer.views.chronOS!.nowUs, 6)}</span>],
                ['offset (local − cosmic)', <span className="mono" data-testid="world-clock-offset">{signedMs(clock.offsetUs)}</span>],
                ['synchronised', clock.reference ? 'reference clock (stratum 1)' : clock.synced ? `yes · stratum ${clock.stratum} · root distance ${ms(clock.rootDistanceUs)}` : 'no'],
                ['oscillator · correction', `${clock.hwPpm.toFixed(1)} ppm · ${clock.corrPpm.toFixed(1)} ppm`],
                ['steps', clock.lastStepUs === null ? '0' : `${clock.steps} · last at ${formatSimTime(clock.lastStepUs, 6)}`],
                ['HLC (chronOS)', clock.hlc ? `${clock.hlc.l} µs · ${clock.hlc.c}` : '—'],
              ]}
            />
          </>
        )}
        <h3>mythOS</h3>
        {raft === undefined ? (
          <p className="muted">No Raft state yet.</p>
        ) : (
          <Facts
            items={[
              ['role', <span className={`role role--${raft.role}`}>{raft.role}</span>],
              ['membership', <span data-testid="world-raft-membership" title={raft.voter ? 'votes, campaigns and counts toward commit' : 'receives and applies the log; never votes or campaigns'}>{raft.voter ? 'voter' : 'learner'}</span>],
              ['term', raft.term],
              ['voted for', raft.votedFor ?? '—'],
              ['knows leader', raft.leader ?? '—'],
              ['last / commit / applied', `${raft.lastIndex} / ${raft.commitIndex} / ${raft.appliedIndex}`],
              ['log held', <span data-testid="world-raft-log" title="entries before the first were folded into a snapshot (hypnOS) or replaced by one installed from the leader (oneirOS)">{logHeld(raft)}</span>],
              ['last snapshot', <span data-testid="world-raft-snapshot">{snapshotLine(raft)}</span>],
              ['software', <span data-testid="world-raft-software" title="harmoniOS installs a rollout's version on its canary worlds">{raft.software ?? 'the scenario\'s (stable)'}</span>],
              ...(alerting(id) ? [['alerts', <span className="alert-state alert-state--firing" data-testid="world-alerts">{alerting(id)}</span>] as const] : []),
            ]}
          />
        )}
        {raft !== undefined && (
          <>
            <h3>Disk</h3>
            <Facts
              items={[
                ['durable / last', `${raft.durableIndex} / ${raft.lastIndex}`],
                ['write in flight', raft.pendingWrite ? 'yes' : 'no'],
                ['held messages', raft.heldMessages === 0 ? '0' : `${raft.heldMessages} · waiting ${ms(raft.diskWaitUs)}`],
                ['fsyncs · total wait', `${raft.fsyncs} · ${ms(raft.diskWaitUsTotal)}`],
              ]}
            />
          </>
        )}
        {active.includes('thanatOS') ? <WorldTerminations world={id} /> : null}
        <h3>Faults and lifecycle</h3>
        <div className="manual-faults" role="group" aria-label={`Faults for world ${id}`}>
          {actions.map((a) => (
            <button key={a.key} type="button" className="btn btn--small" title={a.title} data-testid={`world-${a.key}`} onClick={() => doWorldAction(a, id)}>
              {a.label}
            </button>
          ))}
        </div>
      </div>
    </>
  )
}

/** µs → "1.2 ms". */
const ms = (us: number): string => `${(us / 1_000).toFixed(1)} ms`
/** µs → "+1.234 ms". */
const signedMs = (us: number): string => `${us >= 0 ? '+' : '−'}${(Math.abs(us) / 1_000).toFixed(3)} ms`

/** anomOS's alerts firing on world `id` now (names), or '' when none. */
function alerting(id: number): string {
  const a = frameBuffer.views.anomOS
  if (!a) return ''
  return a.alerts.filter((x) => x.instances.some((i) => i.state === 'firing' && i.world === id)).map((x) => x.name).join(', ')
}
