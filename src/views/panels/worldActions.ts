import type { LifecycleAction } from '../../layers/atmOS/messages'
import { useTheos } from '../../store/theos'

/**
 * What a user can do to one world, from its context menu or its inspector: chaOS's faults (Jepsen's
 * kill/start/partition/heal) and atmOS's lifecycle requests (drain, quarantine, release,
 * decommission), both recorded as timed interventions that go into the link; a clock jump (chronOS)
 * and a corrupted ledger (karmOS) while those layers run.
 */
export type WorldAction = { key: string; label: string; title: string } & (
  | { via: 'fault'; kind: 'crash' | 'restart' | 'partition' | 'heal' }
  /** chaOS faults for a layer that may not run: offered only while it does. */
  | { via: 'fault'; kind: 'clock_jump'; jumpMs: number; needs: 'chronOS' }
  | { via: 'fault'; kind: 'corrupt_ledger'; needs: 'karmOS' }
  | { via: 'lifecycle'; kind: Exclude<LifecycleAction, 'crash' | 'restart'> }
  /** thanatOS's graceful decommission and joins (offered while it runs). */
  | { via: 'thanatOS'; kind: 'decommission' | 'join'; needs: 'thanatOS' }
)

export const WORLD_ACTIONS: readonly WorldAction[] = [
  { key: 'crash', via: 'fault', kind: 'crash', label: 'Crash', title: 'Crash this world (it stays down until restarted)' },
  { key: 'restart', via: 'fault', kind: 'restart', label: 'Restart', title: 'Restart this world if it is down' },
  { key: 'partition', via: 'fault', kind: 'partition', label: 'Partition away', title: 'Cut this world off from all the others' },
  { key: 'heal', via: 'fault', kind: 'heal', label: 'Heal', title: 'Heal every active partition' },
  {
    key: 'clock_jump_fwd',
    via: 'fault',
    kind: 'clock_jump',
    jumpMs: 50,
    needs: 'chronOS',
    label: 'Clock +50 ms',
    title: "Jump this world's hardware clock 50 ms ahead: below NTP's step threshold (128 ms by default), so its discipline slews it back",
  },
  {
    key: 'clock_jump_back',
    via: 'fault',
    kind: 'clock_jump',
    jumpMs: -500,
    needs: 'chronOS',
    label: 'Clock −500 ms',
    title: "Jump this world's hardware clock 500 ms back: past the step threshold, so its discipline steps it (the HLC never goes back)",
  },
  {
    key: 'corrupt_ledger',
    via: 'fault',
    kind: 'corrupt_ledger',
    needs: 'karmOS',
    label: 'Corrupt ledger',
    title: "Flip bytes of one entry of this world's karmOS ledger on its disk: anti-entropy finds and repairs it",
  },
  { key: 'drain', via: 'lifecycle', kind: 'drain', label: 'Drain', title: 'Ask atmOS to drain this world: it takes no new work' },
  { key: 'quarantine', via: 'lifecycle', kind: 'quarantine', label: 'Quarantine', title: 'Ask atmOS to quarantine (fence) this world' },
  { key: 'release', via: 'lifecycle', kind: 'release', label: 'Release', title: 'Bring a draining or quarantined world back up' },
  { key: 'decommission', via: 'lifecycle', kind: 'decommission', label: 'Decommission', title: 'Remove this world for good' },
  {
    key: 'decommission_graceful',
    via: 'thanatOS',
    kind: 'decommission',
    needs: 'thanatOS',
    label: 'Decommission gracefully',
    title: 'thanatOS: drain it, move its workloads and its leadership, promote a learner in its place, remove it from the Raft voters, then decommission it (30 s grace period)',
  },
  { key: 'join', via: 'thanatOS', kind: 'join', needs: 'thanatOS', label: 'Join the voters', title: 'thanatOS: this learner catches up, then mythOS promotes it to voter (a membership change)' },
]

/**
 * The actions that apply to a world in a run of these layers: a clock jump needs chronOS, and not
 * a stratum-1 world (its reference clock absorbs a jump: nothing would happen); a corrupted ledger
 * needs karmOS.
 */
export const worldActionsFor = (active: readonly string[], world: { referenceClock?: boolean } = {}): WorldAction[] =>
  WORLD_ACTIONS.filter((a) => !('needs' in a) || (active.includes(a.needs) && !(a.kind === 'clock_jump' && world.referenceClock === true)))

export function doWorldAction(a: WorldAction, world: number): void {
  const st = useTheos.getState()
  if (a.via === 'lifecycle') st.lifecycle(world, a.kind)
  else if (a.via === 'thanatOS') st.intervene({ kind: a.kind, node: world })
  else if (a.kind === 'clock_jump') st.fault(a.kind, world, a.jumpMs)
  else st.fault(a.kind, world)
}
