/** Every invariant checker of the built layers, for one run. */
import type { Checker } from './types'
import type { Scenario } from '../scenario/schema'
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

export const allCheckers = (s: Scenario): Checker[] => CHECKER_FACTORIES.map((f) => f(s))
