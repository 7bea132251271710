/**
 * thanatOS's checker `decommission`: a graceful death costs the cluster nothing.
 * - A world thanatOS decommissions while it is still a voter of the committed configuration leaves
 *   at least a quorum of that configuration's other voters live (a decommission never leaves the
 *   cluster without a quorum; this happens only when the grace period cut the removal short).
 * - A decommission thanatOS calls graceful happened after the world left the voters (its
 *   membership removal was committed first), so no committed entry depended on it.
 * The committed configuration is the scenario's voter set, then each mythOS config_committed;
 * statuses follow atmOS's transition events (lifecycle.ts STATUS_AFTER).
 */
import { isLive, type WorldStatus } from '../kernel/worlds'
import { voterIds } from '../layers/mythOS/settings'
import { quorum } from '../layers/mythOS/state'
import { Found } from './found'
import { STATUS_AFTER } from './lifecycle'
import type { Checker, CheckerFactory } from './types'

export const decommissionChecker: CheckerFactory = (scenario) => {
  const found = new Found('decommission', scenario.seed)
  const n = scenario.nodes.count
  let voters = voterIds(n, scenario.layers.mythOS.votersMax)
  const status: WorldStatus[] = new Array<WorldStatus>(n).fill('up')
  const checker: Checker = {
    name: 'decommission',
    layer: 'thanatOS',
    onEvent(e) {
      if (e.layer === 'mythOS' && e.type === 'config_committed' && Array.isArray(e.data['voters'])) {
        voters = (e.data['voters'] as unknown[]).filter((v): v is number => typeof v === 'number')
        return
      }
      if (e.layer === 'atmOS' && e.node !== null && STATUS_AFTER[e.type] !== undefined) {
        if (e.type === 'node_decommissioned' && e.data['requester'] === 'thanatOS' && voters.includes(e.node)) {
          const live = voters.filter((v) => v !== e.node && isLive(status[v]!) && status[v] !== 'quarantined').length
          if (live < quorum(voters.length)) found.add(e.t, `thanatOS decommissioned world ${e.node}, a voter, leaving ${live} of the other voters [${voters.filter((v) => v !== e.node).join(', ')}] live: fewer than a quorum of ${quorum(voters.length)}`)
        }
        status[e.node] = STATUS_AFTER[e.type] as WorldStatus
        return
      }
      if (e.layer === 'thanatOS' && e.type === 'decommission_completed' && e.data['graceful'] === true && e.node !== null && voters.includes(e.node))
        found.add(e.t, `thanatOS called the decommission of world ${e.node} graceful, but it is still a voter of the committed configuration [${voters.join(', ')}]`)
    },
    violations: () => found.list,
  }
  return checker
}
