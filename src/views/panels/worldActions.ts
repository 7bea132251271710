import type { LifecycleAction } from '../../layers/atmOS/messages'
import { useTheos } from '../../store/theos'

/**
 * What a user can do to one world, from its context menu or its inspector: chaOS's faults (Jepsen's
 * kill/start/partition/heal) and atmOS's lifecycle requests (drain, quarantine, release,
 * decommission), both recorded as timed interventions that go into the link.
 */
export type WorldAction =
  | { via: 'fault'; kind: 'crash' | 'restart' | 'partition' | 'heal'; label: string; title: string }
  | { via: 'lifecycle'; kind: Exclude<LifecycleAction, 'crash' | 'restart'>; label: string; title: string }

export const WORLD_ACTIONS: readonly WorldAction[] = [
  { via: 'fault', kind: 'crash', label: 'Crash', title: 'Crash this world (it stays down until restarted)' },
  { via: 'fault', kind: 'restart', label: 'Restart', title: 'Restart this world if it is down' },
  { via: 'fault', kind: 'partition', label: 'Partition away', title: 'Cut this world off from all the others' },
  { via: 'fault', kind: 'heal', label: 'Heal', title: 'Heal every active partition' },
  { via: 'lifecycle', kind: 'drain', label: 'Drain', title: 'Ask atmOS to drain this world: it takes no new work' },
  { via: 'lifecycle', kind: 'quarantine', label: 'Quarantine', title: 'Ask atmOS to quarantine (fence) this world' },
  { via: 'lifecycle', kind: 'release', label: 'Release', title: 'Bring a draining or quarantined world back up' },
  { via: 'lifecycle', kind: 'decommission', label: 'Decommission', title: 'Remove this world for good' },
]

export function doWorldAction(a: WorldAction, world: number): void {
  const st = useTheos.getState()
  if (a.via === 'fault') st.fault(a.kind, world)
  else st.lifecycle(world, a.kind)
}
