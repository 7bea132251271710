/** Every invariant checker of the built layers, for one run. */
import type { Checker } from './types'
import { activeLayers, type Scenario } from '../scenario/schema'
import { boundaryChecker } from './boundary'
import { clockSyncChecker, hlcChecker } from './chronos'
import { causalityChecker, ledgerOverwriteChecker, ledgerRepairChecker } from './karmos'
import { lifecycleChecker } from './lifecycle'
import { livenessChecker } from './liveness'
import { networkChecker } from './network'
import { raftChecker } from './raft'
import { admissionChecker, admittedQuorumChecker } from './nomos'
import { convictionChecker, fencingChecker } from './pandemonios'
import { harmonyChecker } from './harmony'
import { decommissionChecker } from './thanatos'
import { alertDetectionChecker, alertStatesChecker } from './anomos'
import { quietHoursChecker, replayEquivalenceChecker, snapshotInstallChecker } from './snapshots'
import { supervisionChecker } from './daemos'
import { budgetChecker, convergenceChecker } from './theos'

export const CHECKER_FACTORIES = [raftChecker, networkChecker, lifecycleChecker, livenessChecker, hlcChecker, clockSyncChecker, causalityChecker, ledgerRepairChecker, ledgerOverwriteChecker, boundaryChecker, quietHoursChecker, replayEquivalenceChecker, snapshotInstallChecker, admissionChecker, admittedQuorumChecker, fencingChecker, convictionChecker, harmonyChecker, decommissionChecker, alertStatesChecker, alertDetectionChecker, convergenceChecker, budgetChecker, supervisionChecker]

/**
 * The checkers of the layers that run: a checker judges its own layer's invariants, which cannot
 * break where that layer does not run (its events never occur). Attaching the others would cost a
 * call per event each for nothing — two dozen checker kinds behind one call site also make that
 * site megamorphic, which had made checking half the cost of a three-layer run.
 */
export const allCheckers = (s: Scenario): Checker[] => {
  const running = new Set<string>(activeLayers(s))
  return CHECKER_FACTORIES.map((f) => f(s)).filter((c) => running.has(c.layer))
}
