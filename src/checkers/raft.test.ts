import { describe, expect, it } from 'vitest'
import { raftChecker } from './raft'
import { GENESIS_CHAIN, chainNext, happeningDigest, noopDigest } from '../layers/mythOS/digest'
import { simUs } from '../kernel/time'
import type { JsonObject, LoggedEvent } from '../kernel/types'
import { ScenarioSchema, type ScenarioInput } from '../scenario/schema'

/** A crafted mythOS history, fed to a fresh raft checker (default scenario: 5 worlds, all voters). */
class History {
  readonly checker: ReturnType<typeof raftChecker>
  constructor(input: ScenarioInput = {}) {
    this.checker = raftChecker(ScenarioSchema.parse(input))
  }
  private offset = 0
  private t = 0
  /** Each node's chain at its last applied index. */
  private chains = new Map<number, string>()

  event(node: number, type: string, data: JsonObject): this {
    const e: LoggedEvent = { t: simUs((this.t += 1_000)), layer: 'mythOS', node, type, data, offset: this.offset++ }
    this.checker.onEvent(e)
    return this
  }

  /** node applies (index, term, digest); the chain is computed honestly unless given. */
  apply(node: number, index: number, term: number, digest: string, appliedInTerm = term, chain?: string): this {
    const c = chain ?? chainNext(this.chains.get(node) ?? GENESIS_CHAIN, term, digest)
    this.chains.set(node, c)
    return this.event(node, 'entry_applied', { index, term, digest, chain: c, appliedInTerm, kind: 'happening', id: null })
  }

  /** node elected in term; by default by itself and the next two of five voters (a majority). */
  elected(node: number, term: number, f: { lastIndex: number; committedIndex: number; committedChain: string | null }, grantedBy = [node, (node + 1) % 5, (node + 2) % 5], voters = 5): this {
    return this.event(node, 'leader_elected', { term, lastIndex: f.lastIndex, lastTerm: term - 1, lastChain: 'x', committedIndex: f.committedIndex, committedChain: f.committedChain, votes: grantedBy.length, voters, grantedBy, transfer: false })
  }

  chainOf(node: number): string {
    return this.chains.get(node) ?? GENESIS_CHAIN
  }

  messages(): string[] {
    this.checker.finish?.(simUs(this.t))
    return this.checker.violations().map((v) => v.message)
  }
}

const d = (s: string) => happeningDigest(s, s)

describe('raft checker', () => {
  it('finds nothing in a clean history', () => {
    const h = new History().elected(0, 1, { lastIndex: 0, committedIndex: 0, committedChain: GENESIS_CHAIN })
    for (const node of [0, 1, 2]) h.apply(node, 1, 1, noopDigest(1, 0)).apply(node, 2, 1, d('a')).apply(node, 3, 1, d('b'))
    h.elected(1, 2, { lastIndex: 3, committedIndex: 3, committedChain: h.chainOf(1) })
    h.apply(1, 4, 2, noopDigest(2, 1), 2)
    expect(h.messages()).toEqual([])
    expect(h.checker.violations()).toEqual([])
  })

  it('election safety: two leaders in one term', () => {
    const h = new History().elected(0, 2, { lastIndex: 0, committedIndex: 0, committedChain: GENESIS_CHAIN }).elected(1, 2, { lastIndex: 0, committedIndex: 0, committedChain: GENESIS_CHAIN })
    expect(h.messages()).toEqual(['election safety: term 2 has two leaders, node 0 and node 1'])
    expect(h.checker.violations()[0]).toMatchObject({ checker: 'raft', seed: 1 })
  })

  it('log matching: same index and term, different content', () => {
    const h = new History().apply(0, 1, 1, d('a')).apply(1, 1, 1, d('b'))
    expect(h.messages()).toEqual([expect.stringMatching(/^log matching: index 1 term 1 has digest \w+ at node 1/)])
  })

  it('log matching: same entry at an index but a different prefix below it', () => {
    const h = new History().apply(0, 1, 1, d('a')).apply(0, 2, 1, d('b'))
    // node 1 claims the same entry 2 on top of a different (unapplied-here) prefix
    h.apply(1, 1, 1, d('a'))
    h.apply(1, 2, 1, d('b'), 1, chainNext(chainNext(GENESIS_CHAIN, 1, d('z')), 1, d('b')))
    expect(h.messages()).toEqual([
      "log matching: node 1's chain at index 2 does not extend its chain at index 1",
      expect.stringMatching(/^log matching: index 2 term 1 agrees, but node 1's prefix differs/),
    ])
  })

  it('state machine safety: two nodes apply different entries at one index', () => {
    const h = new History().apply(0, 1, 1, d('a')).apply(1, 1, 2, d('a'))
    expect(h.messages()).toEqual(['state machine safety: node 1 applied (index 1, term 2) where another node applied (index 1, term 1)'])
  })

  it('state machine safety: a node skips or repeats an index', () => {
    const gap = new History().apply(0, 1, 1, d('a')).apply(0, 3, 1, d('c'))
    expect(gap.messages()[0]).toBe('state machine safety: node 0 applied index 3 after 1 (applies must be in order, without gaps or repeats)')
    const again = new History().apply(0, 1, 1, d('a')).apply(0, 1, 1, d('a'), 1, chainNext(GENESIS_CHAIN, 1, d('a')))
    expect(again.messages()).toEqual(['state machine safety: node 0 applied index 1 after 1 (applies must be in order, without gaps or repeats)'])
  })

  it('leader completeness: a new leader whose log is shorter than the committed prefix', () => {
    const h = new History()
    for (let i = 1; i <= 3; i++) h.apply(0, i, 1, d(`e${i}`))
    h.elected(2, 2, { lastIndex: 2, committedIndex: 3, committedChain: null })
    expect(h.messages()).toEqual(['leader completeness: leader 2 of term 2 has lastIndex 2, but index 3 was committed in an earlier term'])
  })

  it('leader completeness: a new leader holding a different prefix', () => {
    const h = new History()
    for (let i = 1; i <= 3; i++) h.apply(0, i, 1, d(`e${i}`))
    h.elected(2, 2, { lastIndex: 5, committedIndex: 3, committedChain: 'ffffffffffffffff' })
    expect(h.messages()).toEqual([expect.stringMatching(/^leader completeness: leader 2 of term 2 lacks committed entries: its chain at index 3 is ffffffffffffffff/)])
  })

  it('leader completeness: the leader must report the committed index the checker saw', () => {
    const h = new History().apply(0, 1, 1, d('a'))
    h.elected(1, 2, { lastIndex: 1, committedIndex: 0, committedChain: GENESIS_CHAIN })
    expect(h.messages()).toEqual(['leader completeness: leader 1 of term 2 reports committedIndex 0, but index 1 is the highest committed in an earlier term'])
  })

  it('leader completeness only covers entries committed in earlier terms (a stale-term leader is legal)', () => {
    // Entries committed in term 3; a leader of term 2 elected afterwards (its votes were in flight) need not hold them.
    const h = new History().apply(0, 1, 3, d('a'), 3).apply(1, 1, 3, d('a'), 3)
    h.elected(2, 2, { lastIndex: 0, committedIndex: 0, committedChain: GENESIS_CHAIN })
    expect(h.messages()).toEqual([])
  })

  describe('voters (a bounded voter set, the other worlds learners)', () => {
    // 15 worlds, 5 voters: worlds 0, 3, 6, 9, 12; every other world is a learner.
    const fifteen: ScenarioInput = { nodes: { count: 15 }, layers: { mythOS: { votersMax: 5 } } }
    const none = { lastIndex: 0, committedIndex: 0, committedChain: GENESIS_CHAIN }

    it('finds nothing when a voter is elected by a majority of voters', () => {
      expect(new History(fifteen).elected(3, 1, none, [3, 6, 9], 5).messages()).toEqual([])
    })

    it('a learner leads', () => {
      const h = new History(fifteen).elected(4, 1, none, [4, 6, 9], 5)
      expect(h.messages()).toEqual(['voters: node 4 led term 1, but it is a learner', 'voters: leader 4 of term 1 counted a vote from node 4, a learner'])
    })

    it('a leader counts a learner\'s vote toward its majority', () => {
      const h = new History(fifteen).elected(0, 1, none, [0, 3, 5], 5)
      expect(h.messages()).toEqual(['voters: leader 0 of term 1 counted a vote from node 5, a learner'])
    })

    it('a leader elected by fewer than a majority of the voters (however many worlds granted)', () => {
      const h = new History(fifteen).elected(0, 1, none, [0, 3], 5)
      expect(h.messages()).toEqual(['voters: leader 0 of term 1 was elected by 2 of 5 voters, not a majority'])
      // all voters by default (5 worlds): two votes are not a majority either
      expect(new History().elected(1, 1, none, [1, 2], 5).messages()).toEqual(['voters: leader 1 of term 1 was elected by 2 of 5 voters, not a majority'])
    })

    it('a leader_elected without grantedBy', () => {
      const h = new History().event(0, 'leader_elected', { term: 1, lastIndex: 0, committedIndex: 0, committedChain: GENESIS_CHAIN, votes: 3 })
      expect(h.messages()).toEqual(['leader_elected of node 0 (term 1) has no grantedBy'])
    })
  })
})

describe('raft checker: membership changes', () => {
  const elect = (h: History, node: number, term: number, voterIds: number[], grantedBy: number[]) =>
    h.event(node, 'leader_elected', { term, lastIndex: 0, lastTerm: 0, lastChain: 'x', committedIndex: 0, chainIndex: 0, committedChain: GENESIS_CHAIN, votes: grantedBy.length, voters: voterIds.length, grantedBy, voterIds, transfer: false })

  it('follows a proposed configuration: a leader of the new voter set, elected by its majority, is fine', () => {
    const h = new History()
    h.event(0, 'config_proposed', { term: 1, index: 5, voters: [0, 1, 2, 3], node: 4, action: 'remove', requester: 'user' })
    elect(h, 1, 2, [0, 1, 2, 3], [1, 2, 3])
    expect(h.messages()).toEqual([])
  })

  it('fails a proposal that changes two members at once', () => {
    const h = new History()
    h.event(0, 'config_proposed', { term: 1, index: 5, voters: [0, 1, 2], node: 4, action: 'remove', requester: 'user' })
    expect(h.messages().join('\n')).toMatch(/membership: node 0 proposed voters \[0, 1, 2\], not one member away/)
  })

  it('fails a leader elected in a configuration nobody proposed', () => {
    const h = new History()
    elect(h, 1, 2, [1, 2, 3], [1, 2])
    expect(h.messages().join('\n')).toMatch(/campaigned in voters \[1,2,3\], a configuration no leader proposed/)
  })

  it('fails a leader counting a vote from outside its configuration', () => {
    const h = new History()
    h.event(0, 'config_proposed', { term: 1, index: 5, voters: [0, 1, 2, 3], node: 4, action: 'remove', requester: 'user' })
    elect(h, 1, 2, [0, 1, 2, 3], [1, 2, 4])
    expect(h.messages().join('\n')).toMatch(/counted a vote from node 4, a learner/)
  })
})
