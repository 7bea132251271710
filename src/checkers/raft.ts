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
 * - Snapshots (oneirOS): a node that installs a snapshot jumps its applied index to the
 *   snapshot's; the snapshot must move it forward, be of an index some node applied, and carry
 *   that index's applied chain (the state a snapshot holds is the chain: equal chains, equal
 *   prefixes). A leader's committedChain is given at chainIndex = max(committedIndex, its log's
 *   base): below its base a leader has only the base's chain, which must then match there.
 * - Memory: the applied entries are kept from the lowest index any node still has to apply next
 *   (every world's applied index), at most MAX_BEHIND entries back; an application or snapshot
 *   that falls before what is kept is counted as unchecked (a world down that long), never a
 *   violation. The commit terms are kept whole, run-length encoded (appliedTerms.ts).
 * - Voters: only a voter ever leads, and the votes that elected it (leader_elected grantedBy, its
 *   own included) are a majority of the voters, from voters only — never from a learner. The
 *   voter set is the scenario's (settings voterIds: min(votersMax, worlds) worlds).
 */
import { GENESIS_CHAIN, chainNext } from '../layers/mythOS/digest'
import { voterIds } from '../layers/mythOS/settings'
import { quorum } from '../layers/mythOS/state'
import { lastBelow, newAppliedTerms, noteApplied } from '../layers/mythOS/appliedTerms'
import type { Json, LoggedEvent, SimTime } from '../kernel/types'
import type { Checker, CheckerFactory, Violation } from './types'

/** Past this many, further violations are counted but not kept (one bug repeats a lot). */
const MAX_REPORTED = 100

interface AppliedAt {
  term: number
  digest: string
  chain: string
}

/** Applied entries kept at most this far behind the newest (a world down for longer is checked from where it resumes). */
export const MAX_BEHIND = 200_000
/** How often (applications) the kept prefix is pruned. */
const PRUNE_EVERY = 4_096

const num = (v: Json | undefined): number | null => (typeof v === 'number' ? v : null)
const str = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null)

export class RaftChecker implements Checker {
  readonly name = 'raft'
  readonly layer = 'mythOS'
  private readonly found: Violation[] = []
  private suppressed = 0
  /** term → leader */
  private readonly leaders = new Map<number, number>()
  /** index − 1 − appliedBase → what was applied there */
  private applied: AppliedAt[] = []
  /** Indices up to this one were pruned (every node is past them). */
  private appliedBase = 0
  /** Lowest term in which any node applied each index (the commit term), whole. */
  private readonly commitTerms = newAppliedTerms()
  private sincePrune = 0
  /** Applications and installs that fell before what is kept. */
  unchecked = 0
  /** node → its last applied index and chain */
  private readonly perNode = new Map<number, { index: number; chain: string }>()

  /** The initial voters' ids (null: unknown, only the event's own claims are checked). */
  private readonly voters: ReadonlySet<number> | null
  /**
   * Every configuration the run has had a leader propose (config_proposed), plus the initial one,
   * as canonical keys: a leader must campaign in one of them. Each proposal changes one member
   * of a configuration already known (single-server changes, dissertation §4.1).
   */
  private readonly configs = new Set<string>()

  constructor(
    private readonly seed: number,
    voters: readonly number[] | null = null,
    private readonly worlds = 0,
  ) {
    this.voters = voters === null ? null : new Set(voters)
    if (voters !== null) this.configs.add(configKey(voters))
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
    else if (e.type === 'snapshot_installed') this.onSnapshot(e, e.node)
    else if (e.type === 'config_proposed') this.onConfigProposed(e, e.node)
  }

  private get appliedLength(): number {
    return this.appliedBase + this.applied.length
  }

  /** What was applied at index i; null when never applied, undefined when pruned. */
  private at(i: number): AppliedAt | null | undefined {
    if (i <= this.appliedBase) return undefined
    return this.applied[i - this.appliedBase - 1] ?? null
  }

  /** The applied chain at index i (GENESIS at 0); null: never applied; undefined: pruned. */
  private chainOf(i: number): string | null | undefined {
    if (i === 0) return GENESIS_CHAIN
    const a = this.at(i)
    return a === undefined ? undefined : a === null ? null : a.chain
  }

  private maybePrune(): void {
    if (++this.sincePrune < PRUNE_EVERY) return
    this.sincePrune = 0
    let floor = this.appliedLength
    for (let w = 0; w < this.worlds; w++) floor = Math.min(floor, this.perNode.get(w)?.index ?? 0)
    floor = Math.max(floor, this.appliedLength - MAX_BEHIND)
    if (floor > this.appliedBase) {
      this.applied = this.applied.slice(floor - this.appliedBase)
      this.appliedBase = floor
    }
  }

  /** A node installed a snapshot: its applied index jumps to the snapshot's, whose chain must be the applied one. */
  private onSnapshot(e: LoggedEvent, node: number): void {
    const index = num(e.data['index'])
    const chain = str(e.data['chain'])
    if (index === null || chain === null) return this.fail(e.t, `snapshot_installed of node ${node} is missing index/chain`)
    const mine = this.perNode.get(node) ?? { index: 0, chain: GENESIS_CHAIN }
    if (index <= mine.index) this.fail(e.t, `snapshots: node ${node} installed a snapshot at index ${index}, not past its applied index ${mine.index}`)
    const want = this.chainOf(index)
    if (want === null) this.fail(e.t, `snapshots: node ${node} installed a snapshot at index ${index}, which no node applied (applied up to ${this.appliedLength})`)
    else if (want === undefined) this.unchecked++
    else if (want !== chain) this.fail(e.t, `snapshots: node ${node} installed a snapshot at index ${index} with chain ${chain}, but the applied chain there is ${want}`)
    this.perNode.set(node, { index, chain })
  }

  private onLeader(e: LoggedEvent, node: number): void {
    const term = num(e.data['term'])
    if (term === null) return this.fail(e.t, `leader_elected of node ${node} has no term`)
    const prev = this.leaders.get(term)
    if (prev !== undefined && prev !== node) this.fail(e.t, `election safety: term ${term} has two leaders, node ${prev} and node ${node}`)
    else if (prev === undefined) this.leaders.set(term, node)
    else this.fail(e.t, `election safety: node ${node} elected twice in term ${term}`)
    this.checkVoters(e, node, term)

    const r = lastBelow(this.commitTerms, term)
    const claimed = num(e.data['committedIndex'])
    const chain = e.data['committedChain']
    const chainIndex = num(e.data['chainIndex']) ?? claimed
    const lastIndex = num(e.data['lastIndex']) ?? 0
    if (r > 0 && lastIndex < r) {
      this.fail(e.t, `leader completeness: leader ${node} of term ${term} has lastIndex ${lastIndex}, but index ${r} was committed in an earlier term`)
      return
    }
    if (claimed !== r) {
      this.fail(e.t, `leader completeness: leader ${node} of term ${term} reports committedIndex ${claimed}, but index ${r} is the highest committed in an earlier term`)
      return
    }
    if (chainIndex === null || chainIndex < r || chainIndex > lastIndex) {
      this.fail(e.t, `leader completeness: leader ${node} of term ${term} reports its chain at index ${chainIndex}, which does not cover the committed index ${r} (last index ${lastIndex})`)
      return
    }
    const want = this.chainOf(chainIndex)
    if (want === undefined) {
      this.unchecked++
      return
    }
    if (want === null) {
      // Past what was ever applied: only possible when chainIndex is the leader's base, itself applied (a violation shows elsewhere).
      if (chainIndex > r) return
      this.fail(e.t, `leader completeness: index ${r} committed but never applied`)
      return
    }
    if (chain !== want) this.fail(e.t, `leader completeness: leader ${node} of term ${term} lacks committed entries: its chain at index ${chainIndex} is ${String(chain)}, the committed chain is ${want}`)
  }

  /** A proposed configuration is a known one with one member added or removed. */
  private onConfigProposed(e: LoggedEvent, node: number): void {
    const raw = e.data['voters']
    if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'number')) return this.fail(e.t, `config_proposed of node ${node} has no voter list`)
    const next = raw as number[]
    if (this.configs.size > 0) {
      const oneAway = [...this.configs].some((k) => {
        const cur = k === '' ? [] : k.split(',').map(Number)
        const a = new Set(cur), b = new Set(next)
        let diff = 0
        for (const v of a) if (!b.has(v)) diff++
        for (const v of b) if (!a.has(v)) diff++
        return diff === 1
      })
      if (!oneAway) this.fail(e.t, `membership: node ${node} proposed voters [${next.join(', ')}], not one member away from any configuration the run had`)
    }
    this.configs.add(configKey(next))
  }

  /** Only a voter leads, elected by a majority of the voters of a configuration the run had, and by voters only. */
  private checkVoters(e: LoggedEvent, node: number, term: number): void {
    const ids = e.data['voterIds']
    let voterSet = this.voters
    if (Array.isArray(ids) && ids.every((v) => typeof v === 'number')) {
      const key = configKey(ids as number[])
      if (this.configs.size > 0 && !this.configs.has(key)) this.fail(e.t, `membership: leader ${node} of term ${term} campaigned in voters [${key}], a configuration no leader proposed`)
      voterSet = new Set(ids as number[])
    }
    if (voterSet !== null && !voterSet.has(node)) this.fail(e.t, `voters: node ${node} led term ${term}, but it is a learner`)
    const raw = e.data['grantedBy']
    if (!Array.isArray(raw)) return this.fail(e.t, `leader_elected of node ${node} (term ${term}) has no grantedBy`)
    const granted = new Set<number>()
    for (const v of raw) {
      if (typeof v !== 'number') return this.fail(e.t, `leader_elected of node ${node} (term ${term}) has a grantedBy that is not a node id`)
      if (voterSet !== null && !voterSet.has(v)) this.fail(e.t, `voters: leader ${node} of term ${term} counted a vote from node ${v}, a learner`)
      granted.add(v)
    }
    const voters = voterSet?.size ?? num(e.data['voters'])
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
    this.maybePrune()

    const seen = this.at(index)
    if (seen === undefined) {
      this.unchecked++
      return
    }
    if (seen === null) {
      if (index === this.appliedLength + 1) {
        this.applied.push({ term, digest, chain })
        noteApplied(this.commitTerms, index, inTerm)
      } else this.fail(e.t, `state machine safety: index ${index} applied (by node ${node}) before index ${this.appliedLength + 1} was applied anywhere`)
      return
    }
    noteApplied(this.commitTerms, index, inTerm)
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

/** A configuration as a canonical key: its ids ascending, comma-separated. */
const configKey = (ids: readonly number[]): string => [...ids].sort((a, b) => a - b).join(',')

export const raftChecker: CheckerFactory = (scenario) => new RaftChecker(scenario.seed, voterIds(scenario.nodes.count, scenario.layers.mythOS.votersMax), scenario.nodes.count)
