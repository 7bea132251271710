/**
 * The gallery: curated scenarios, written as data, each with one sentence on what to watch. The UI
 * (views/panels/Gallery.tsx) turns each into a link with the scenario encoder; gallery.test.ts
 * validates every one against the schema and runs it headless for `untilS` with every checker on,
 * asserting that what the sentence promises happens in the events, with no violation.
 *
 * Interventions use the existing kinds only (schema.ts; golden.json has more examples). A scenario
 * runs only the layers it needs (fewer layers: a quicker test and a calmer picture), with chaOS's
 * entropy at 0 so that the faults are the scripted ones, not random ones.
 */
import { ScenarioSchema, type Scenario, type ScenarioInput } from './schema'
import { formatIssues } from './errors'
import { encodeScenario } from './url'

export interface GalleryEntry {
  /** Stable id (test ids, the check in gallery.test.ts). */
  readonly id: string
  readonly title: string
  /** One sentence: what to watch, and when. */
  readonly watch: string
  /** How long the story takes, s of sim time (the test runs this long). */
  readonly untilS: number
  readonly scenario: ScenarioInput
}

const s = (seconds: number): number => seconds * 1_000_000
/** The Raft core and the fault injector, nothing else. */
const CORE = ['atmOS', 'chaOS', 'mythOS']
/** No random faults: only the scripted ones. */
const CALM = { chaOS: { entropy: 0 } }

export const GALLERY: readonly GalleryEntry[] = [
  {
    id: 'leader-crash',
    title: 'A leader crashes',
    watch: 'At 5 s the leader (the world with the halo) goes dark; within about two election timeouts a follower campaigns, wins a majority and takes the halo in a higher term.',
    untilS: 12,
    scenario: { seed: 2, run: CORE, layers: CALM, interventions: [{ kind: 'fault', atUs: s(5), fault: 'crash', target: 'leader' }] },
  },
  {
    id: 'minority-partition',
    title: 'A minority cut away',
    watch: 'At 4 s two of the five worlds are cut off behind a red rift: their pre-votes find no majority, so they never elect and never disturb the term, while the leader keeps leading the other three; at 14 s the rift heals.',
    untilS: 18,
    scenario: {
      seed: 3,
      run: CORE,
      layers: CALM,
      interventions: [
        { kind: 'fault', atUs: s(4), fault: 'partition', target: 'minority' },
        { kind: 'fault', atUs: s(14), fault: 'heal', target: 'one' },
      ],
    },
  },
  {
    id: 'majority-partition',
    title: 'The leader left in the minority',
    watch: 'At 4 s three worlds are cut away from the leader: the three elect a new leader of their own in a higher term, and the old one, unable to reach a majority, steps down (CheckQuorum); after the heal at 14 s it follows the new leader.',
    untilS: 18,
    scenario: {
      seed: 5,
      run: CORE,
      layers: CALM,
      interventions: [
        { kind: 'fault', atUs: s(4), fault: 'partition', target: 'majority' },
        { kind: 'fault', atUs: s(14), fault: 'heal', target: 'one' },
      ],
    },
  },
  {
    id: 'split-votes',
    title: 'Split votes without randomness',
    watch: 'Every election timeout is exactly 1 s (min = max) and there is no pre-vote: all five worlds time out together and stand as candidates, each votes for itself and nobody wins; terms climb, one split vote after another, until network jitter lets one candidate ask first.',
    untilS: 12,
    scenario: {
      seed: 1,
      run: CORE,
      // No faults: only the network's jitter (100 ms at entropy 1) differs between the worlds.
      layers: {
        chaOS: { entropy: 1, crashRatePerMin: 0, partitionRatePerMin: 0, lossRate: 0, duplicateRate: 0, reorderRate: 0, latencyMultiplier: 1, jitterMs: 100 },
        mythOS: { electionTimeoutMsMin: 1_000, electionTimeoutMsMax: 1_000, preVote: false },
      },
      interventions: [],
    },
  },
  {
    id: 'clock-skew',
    title: 'A clock jumps',
    watch: 'At 3 s world 3’s hardware clock jumps 400 ms ahead (a magenta ring); its NTP discipline sees the offset in fresh samples and steps it back about 2 s later (an amber ring), as the chronOS clocks timeline shows.',
    untilS: 10,
    scenario: {
      seed: 4,
      run: ['atmOS', 'chaOS', 'chronOS', 'mythOS'],
      layers: CALM,
      interventions: [{ kind: 'fault', atUs: s(3), fault: 'clock_jump', target: 3, jumpMs: 400 }],
    },
  },
  {
    id: 'loss-storm',
    title: 'A loss storm',
    watch: 'From 4 s to 12 s 90 % of all messages are lost: the leader no longer hears a quorum and steps down (CheckQuorum), every pre-vote fails so the term stays put, and within a second of the storm’s end a new leader is elected.',
    untilS: 18,
    scenario: {
      seed: 5,
      run: CORE,
      layers: { chaOS: { entropy: 1, crashRatePerMin: 0, partitionRatePerMin: 0, lossRate: 0 } },
      interventions: [
        { kind: 'slider', atUs: s(4), name: 'lossRate', value: 0.9 },
        { kind: 'slider', atUs: s(12), name: 'lossRate', value: 0 },
      ],
    },
  },
  {
    id: 'conviction',
    title: 'A world convicted by pandemoniOS',
    watch: 'At 4 s world 3 is cut off; its observers’ suspicion (phi) climbs until a quorum convicts it and it is fenced: pulled into the red pandemonium zone beside the cluster.',
    untilS: 12,
    scenario: {
      seed: 4,
      run: ['atmOS', 'chaOS', 'mythOS', 'nomOS', 'pandemoniOS'],
      nodes: { count: 7 },
      layers: CALM,
      interventions: [{ kind: 'fault', atUs: s(4), fault: 'partition', target: 3 }],
    },
  },
  {
    id: 'decommission',
    title: 'A graceful decommission',
    watch: 'At 3 s world 2 is decommissioned by thanatOS: drained, a learner promoted to the voters in its place, removed from the voters and switched off, without the cluster losing its quorum.',
    untilS: 8,
    scenario: {
      seed: 4,
      run: ['atmOS', 'chaOS', 'mythOS', 'thanatOS'],
      nodes: { count: 7 },
      layers: CALM,
      interventions: [{ kind: 'decommission', atUs: s(3), node: 2 }],
    },
  },
  {
    id: 'crash-loop',
    title: 'A crash-looping daemon',
    watch: 'At 2 s world 1’s NTP client starts crashing as soon as it starts: its supervisor restarts it after ever longer back-offs (CrashLoopBackOff), as the daemOS inspector shows.',
    untilS: 20,
    scenario: {
      seed: 4,
      run: ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'daemOS'],
      layers: CALM,
      interventions: [{ kind: 'daemon_fault', atUs: s(2), node: 1, daemon: 'ntp-client', mode: 'crashloop' }],
    },
  },
  {
    id: 'denied-crash',
    title: 'The law spares the leader',
    watch: 'At 1 s a nomOS rule forbids crashing the leader; at 5 s chaOS tries anyway: the crash is denied (a pale-blue shield flashes on the leader) and the same leader keeps its halo.',
    untilS: 10,
    scenario: {
      seed: 3,
      run: ['atmOS', 'chaOS', 'mythOS', 'nomOS'],
      layers: CALM,
      interventions: [
        {
          kind: 'rule',
          atUs: s(1),
          op: 'add',
          rule: { name: 'spare-the-leader', expression: 'request.action != "crash" || !target.leader', message: 'the leader may not be crashed', effect: 'deny', actions: [] },
        },
        { kind: 'fault', atUs: s(5), fault: 'crash', target: 'leader' },
      ],
    },
  },
]

export type ParsedGalleryEntry = GalleryEntry & ({ ok: true; parsed: Scenario; link: string } | { ok: false; error: string })

/** Each entry validated by the schema, with its link fragment (`#s1.…`) when valid. */
export function parseGallery(entries: readonly GalleryEntry[] = GALLERY): ParsedGalleryEntry[] {
  return entries.map((e) => {
    const r = ScenarioSchema.safeParse(e.scenario)
    if (!r.success) return { ...e, ok: false, error: formatIssues(r.error.issues) }
    return { ...e, ok: true, parsed: r.data, link: `#${encodeScenario(r.data)}` }
  })
}
