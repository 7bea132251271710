/**
 * Raft safety (Figure 3 of the paper), checked from mythOS's events alone, outside the layer:
 *
 * - Election Safety: at most one leader_elected per term.
 * - Log Matching: entries applied at the same (index, term) have the same digest and the same
 *   hash chain (chain_i = H(chain_{i−1}, term_i, digest_i), computed by each node over its own
 *   log), so equal chains mean equal prefixes. The checker also recomputes every node's chain from
 *   its previous applied chain, so a node cannot report a chain its log does not have.
 * - State Machine Safety: no two applications of one index differ (term, digest, chain); every
 *   node applies 1, 2, 3 … in order, without gaps or repeats (mythOS persists the applied index
 *   across crashes, as etcd persists its consistent index).
 * - Leader Completeness: an entry is applied only once committed, and no node applies it in a
 *   term earlier than the one in which it was committed (the committing leader applies it as soon
 *   as it is on its own disk; a follower may apply it first, in the same term or a later one), so
 *   the lowest appliedInTerm seen for an index is its commit term.
 *   For a leader of term T, let R = the highest applied index whose commit term is < T: every
 *   entry committed in an earlier term lies at or below R (commits are prefix-closed). The
 *   leader_elected event carries committedIndex (must equal R) and committedChain (the leader's
 *   own chain at R, null if its log is shorter), which must equal the applied chain at R — the
 *   hash chain makes that equality cover the whole prefix 1..R.
 *   Limit: an entry committed in a term < T but first applied only after T's election (a stale
 *   leader's commit whose acks were in flight) is not checked against leader T here; if T's
 *   line ever diverged from it, State Machine Safety reports it when both are applied.
 * - Voters: only a voter ever leads, and the votes that elected it (leader_elected grantedBy, its
 *   own included) are a majority of the voters, from voters only — never from a learner. The
 *   voter set is the scenario's (settings voterIds: min(votersMax, worlds) worlds).
 */
import { GENESIS_CHAIN, chainNext } from '../layers/mythOS/digest'
import { voterIds } from '../layers/mythOS/settings'
import { quorum } from '../layers/mythOS/state'
import type { Json, LoggedEvent, SimTime } from '../kernel/types'
import type { Checker, CheckerFactory, Violation } from './types'

/** Past this many, further violations are counted but not kept (one bug repeats a lot). */
const MAX_REPORTED = 100

interface AppliedAt {
  term: number
  digest: string
  chain: string
  /** Lowest term in which any node applied it: the commit term. */
  commitTerm: number
}

const num = (v: Json | undefined): number | null => (typeof v === 'number' ? v : null)
const str = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null)

export class RaftChecker implements Checker {
  readonly name = 'raft'
  readonly layer = 'mythOS'
  private readonly found: Violation[] = []
  private suppressed = 0
  /** term → leader */
  private readonly leaders = new Map<number, number>()
  /** index − 1 → what was applied there */
  private readonly applied: AppliedAt[] = []
  /** node → its last applied index and chain */
  private readonly perNode = new Map<number, { index: number; chain: string }>()

  /** The voters' ids (null: unknown, only the event's own claims are checked). */
  private readonly voters: ReadonlySet<number> | null

  constructor(
    private readonly seed: number,
    voters: readonly number[] | null = null,
  ) {
    this.voters = voters === null ? null : new Set(voters)
  }

  private fail(t: SimTime, message: string): void {
    if (this.found.length >= MAX_REPORTED) {
      this.suppressed++
      return
    }
    this.found.push({ checker: this.name, t, message, seed: this.seed })
  }

  onEvent(e: LoggedEvent): void {
    if (e.layer !== 'mythOS' || e.node === null) return
    if (e.type === 'leader_elected') this.onLeader(e, e.node)
    else if (e.type === 'entry_applied') this.onApplied(e, e.node)
  }

  private onLeader(e: LoggedEvent, node: number): void {
    const term = num(e.data['term'])
    if (term === null) return this.fail(e.t, `leader_elected of node ${node} has no term`)
    const prev = this.leaders.get(term)
    if (prev !== undefined && prev !== node) this.fail(e.t, `election safety: term ${term} has two leaders, node ${prev} and node ${node}`)
    else if (prev === undefined) this.leaders.set(term, node)
    else this.fail(e.t, `election safety: node ${node} elected twice in term ${term}`)
    this.checkVoters(e, node, term)

    let r = this.applied.length
    while (r > 0 && this.applied[r - 1]!.commitTerm >= term) r--
    const claimed = num(e.data['committedIndex'])
    const chain = e.data['committedChain']
    const lastIndex = num(e.data['lastIndex']) ?? 0
    if (r > 0 && lastIndex < r) {
      this.fail(e.t, `leader completeness: leader ${node} of term ${term} has lastIndex ${lastIndex}, but index ${r} was committed in an earlier term`)
      return
    }
    if (claimed !== r) {
      this.fail(e.t, `leader completeness: leader ${node} of term ${term} reports committedIndex ${claimed}, but index ${r} is the highest committed in an earlier term`)
      return
    }
    const want = r === 0 ? GENESIS_CHAIN : this.applied[r - 1]!.chain
    if (chain !== want) this.fail(e.t, `leader completeness: leader ${node} of term ${term} lacks committed entries: its chain at index ${r} is ${String(chain)}, the committed chain is ${want}`)
  }

  /** Only a voter leads, elected by a majority of the voters and by voters only. */
  private checkVoters(e: LoggedEvent, node: number, term: number): void {
    if (this.voters !== null && !this.voters.has(node)) this.fail(e.t, `voters: node ${node} led term ${term}, but it is a learner`)
    const raw = e.data['grantedBy']
    if (!Array.isArray(raw)) return this.fail(e.t, `leader_elected of node ${node} (term ${term}) has no grantedBy`)
    const granted = new Set<number>()
    for (const v of raw) {
      if (typeof v !== 'number') return this.fail(e.t, `leader_elected of node ${node} (term ${term}) has a grantedBy that is not a node id`)
      if (this.voters !== null && !this.voters.has(v)) this.fail(e.t, `voters: leader ${node} of term ${term} counted a vote from node ${v}, a learner`)
      granted.add(v)
    }
    const voters = this.voters?.size ?? num(e.data['voters'])
    if (voters !== null && granted.size < quorum(voters)) this.fail(e.t, `voters: leader ${node} of term ${term} was elected by ${granted.size} of ${voters} voters, not a majority`)
  }

  private onApplied(e: LoggedEvent, node: number): void {
    const index = num(e.data['index'])
    const term = num(e.data['term'])
    const digest = str(e.data['digest'])
    const chain = str(e.data['chain'])
    const inTerm = num(e.data['appliedInTerm']) ?? Number.MAX_SAFE_INTEGER
    if (index === null || term === null || digest === null || chain === null) return this.fail(e.t, `entry_applied of node ${node} is missing index/term/digest/chain`)

    // Each node applies 1, 2, 3 … in order, and its chain extends its own previous chain.
    const mine = this.perNode.get(node) ?? { index: 0, chain: GENESIS_CHAIN }
    if (index !== mine.index + 1) {
      this.fail(e.t, `state machine safety: node ${node} applied index ${index} after ${mine.index} (applies must be in order, without gaps or repeats)`)
    } else if (chainNext(mine.chain, term, digest) !== chain) {
      this.fail(e.t, `log matching: node ${node}'s chain at index ${index} does not extend its chain at index ${mine.index}`)
    }
    this.perNode.set(node, { index, chain })

    const seen = this.applied[index - 1]
    if (!seen) {
      if (index === this.applied.length + 1) this.applied.push({ term, digest, chain, commitTerm: inTerm })
      else this.fail(e.t, `state machine safety: index ${index} applied (by node ${node}) before index ${this.applied.length + 1} was applied anywhere`)
      return
    }
    seen.commitTerm = Math.min(seen.commitTerm, inTerm)
    if (seen.term !== term) {
      this.fail(e.t, `state machine safety: node ${node} applied (index ${index}, term ${term}) where another node applied (index ${index}, term ${seen.term})`)
    } else if (seen.digest !== digest) {
      this.fail(e.t, `log matching: index ${index} term ${term} has digest ${digest} at node ${node} but ${seen.digest} elsewhere`)
    } else if (seen.chain !== chain) {
      this.fail(e.t, `log matching: index ${index} term ${term} agrees, but node ${node}'s prefix differs (chain ${chain} vs ${seen.chain})`)
    }
  }

  finish(endUs: SimTime): void {
    if (this.suppressed > 0) this.found.push({ checker: this.name, t: endUs, message: `${this.suppressed} more raft violations not listed`, seed: this.seed })
    this.suppressed = 0
  }

  violations(): readonly Violation[] {
    return this.found
  }
}

export const raftChecker: CheckerFactory = (scenario) => new RaftChecker(scenario.seed, voterIds(scenario.nodes.count, scenario.layers.mythOS.votersMax))
