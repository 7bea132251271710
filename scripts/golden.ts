/**
 * npm run golden — (re)write src/scenario/golden.json: the committed golden links and the
 * fingerprint each gives with this engine. Run it only on purpose, after bumping ENGINE_VERSION
 * (src/scenario/schema.ts) for a change that alters runs; golden.test.ts fails when a run changes
 * without a bump, and when the engine was bumped without regenerating.
 *
 * The format-1 links were made by the format-1 encoder (engine 0.1.0) and are kept verbatim: they
 * prove that old links still open and run what they ran.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ENGINE_VERSION, ScenarioSchema } from '../src/scenario/schema'
import { decodeScenario, encodeScenario } from '../src/scenario/url'
import { goldenFingerprint, type GoldenFile, type GoldenLink } from '../src/scenario/golden'

const FILE = fileURLToPath(new URL('../src/scenario/golden.json', import.meta.url))

/** Format-2 links written by this engine the first time; kept verbatim afterwards. */
const FORMAT2: { name: string; untilS: number; scenario: unknown }[] = [
  { name: 'format 2 · default', untilS: 20, scenario: {} },
  {
    name: 'format 2 · chaotic, every intervention kind',
    untilS: 20,
    scenario: {
      seed: 11,
      nodes: { count: 7, layout: 'cluster' },
      layers: { chaOS: { entropy: 0.9, crashRatePerMin: 6, partitionRatePerMin: 6 }, atmOS: { happeningsPerSec: 2 } },
      interventions: [
        { kind: 'fault', atUs: 2_000_000, fault: 'crash', target: 'leader' },
        { kind: 'slider', atUs: 3_000_000, name: 'lossRate', value: 0.15 },
        { kind: 'lifecycle', atUs: 4_000_000, node: 3, action: 'drain' },
        { kind: 'transfer_leadership', atUs: 6_000_000, to: null },
        { kind: 'lifecycle', atUs: 8_000_000, node: 3, action: 'release' },
        { kind: 'fault', atUs: 9_000_000, fault: 'partition', target: 'majorities-ring' },
        { kind: 'fault', atUs: 12_000_000, fault: 'heal', target: 'one' },
        { kind: 'lifecycle', atUs: 14_000_000, node: 6, action: 'decommission' },
      ],
    },
  },
  { name: 'format 2 · aetherOS, no chaOS', untilS: 20, scenario: { seed: 3, network: 'aetherOS', run: ['atmOS', 'mythOS'] } },
  {
    name: 'format 2 · chronOS karmOS etymOS, jumps, corruption',
    untilS: 20,
    scenario: {
      seed: 7,
      run: ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS', 'karmOS'],
      layers: { chaOS: { entropy: 0.6, messageCorruptionRate: 0.05, clockJumpRatePerMin: 2, ledgerCorruptionRatePerMin: 2 } },
      interventions: [
        { kind: 'fault', atUs: 3_000_000, fault: 'clock_jump', target: 2, jumpMs: 50 },
        { kind: 'fault', atUs: 5_000_000, fault: 'corrupt_ledger', target: 'one' },
        { kind: 'fault', atUs: 7_000_000, fault: 'clock_jump', target: 'one', jumpMs: -300 },
        { kind: 'slider', atUs: 9_000_000, name: 'messageCorruptionRate', value: 0.2 },
      ],
    },
  },
  {
    name: 'format 2 · hypnOS oneirOS, compaction and a snapshot install',
    untilS: 14,
    scenario: {
      seed: 5,
      run: ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS', 'karmOS', 'hypnOS', 'oneirOS'],
      layers: { chaOS: { entropy: 0.3 }, atmOS: { happeningsPerSec: 3 }, hypnOS: { snapshotCount: 20, catchUpEntries: 5 }, oneirOS: { chunkBytes: 256, windowChunks: 4 } },
      interventions: [
        { kind: 'lifecycle', atUs: 1_000_000, node: 2, action: 'crash' },
        { kind: 'lifecycle', atUs: 9_000_000, node: 2, action: 'restart' },
      ],
    },
  },
  {
    name: 'format 2 · nomOS harmoniOS anomOS, a denied crash, alerts, a canary rollout',
    untilS: 40,
    scenario: {
      seed: 3,
      run: ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS', 'karmOS', 'hypnOS', 'oneirOS', 'nomOS', 'harmoniOS', 'anomOS'],
      layers: { chaOS: { entropy: 0 } },
      interventions: [
        { kind: 'rule', atUs: 1_000_000, op: 'add', rule: { name: 'spare-the-leader', expression: 'request.action != "crash" || !target.leader', message: 'the leader may not be crashed', effect: 'deny', actions: [] } },
        { kind: 'fault', atUs: 6_000_000, fault: 'crash', target: 'leader' },
        { kind: 'fault', atUs: 8_000_000, fault: 'partition', target: 'minority' },
        { kind: 'fault', atUs: 14_000_000, fault: 'heal', target: 'one' },
        { kind: 'alert', atUs: 15_000_000, op: 'add', alert: { name: 'Proposals', layer: 'atmOS', metric: 'proposed', source: 'rate', detector: 'mad', threshold: 5 } },
        { kind: 'release', atUs: 20_000_000, version: { name: 'v2-slow', heartbeatMs: 2_500 } },
      ],
    },
  },
  {
    name: 'format 2 · theOS daemOS thanatOS pandemoniOS, a conviction, a crash loop, a graceful decommission',
    untilS: 40,
    scenario: {
      seed: 4,
      run: ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS', 'karmOS', 'theOS', 'daemOS', 'hypnOS', 'oneirOS', 'thanatOS', 'nomOS', 'pandemoniOS', 'harmoniOS', 'anomOS'],
      nodes: { count: 7 },
      interventions: [
        { kind: 'daemon_fault', atUs: 2_000_000, node: 1, daemon: 'ntp-client', mode: 'crashloop' },
        { kind: 'decommission', atUs: 6_000_000, node: 2 },
        { kind: 'fault', atUs: 10_000_000, fault: 'partition', target: 3 },
        { kind: 'fault', atUs: 16_000_000, fault: 'heal', target: 'one' },
        { kind: 'scale', atUs: 20_000_000, service: 'api', replicas: 5 },
        { kind: 'join', atUs: 24_000_000, node: 5 },
      ],
    },
  },
]

function main() {
  let old: GoldenFile | null = null
  try {
    old = JSON.parse(readFileSync(FILE, 'utf8')) as GoldenFile
  } catch { /* first time */ }
  const links: Omit<GoldenLink, 'fingerprint' | 'events'>[] = (old?.links ?? []).map(({ name, link, untilS }) => ({ name, link, untilS }))
  for (const f of FORMAT2) {
    if (links.some((l) => l.name === f.name)) continue
    links.push({ name: f.name, link: `#${encodeScenario(ScenarioSchema.parse(f.scenario))}`, untilS: f.untilS })
  }
  return Promise.all(links.map(async (l) => {
    const d = decodeScenario(l.link)
    if (!d.ok) throw new Error(`${l.name}: ${d.error}`)
    const r = await goldenFingerprint(d.scenario, l.untilS)
    return { ...l, fingerprint: r.fingerprint, events: r.events }
  })).then((done) => {
    const out: GoldenFile = { engine: ENGINE_VERSION, note: 'Written by `npm run golden` on purpose: see scripts/golden.ts', links: done }
    writeFileSync(FILE, JSON.stringify(out, null, 2) + '\n')
    for (const l of done) console.log(`${l.fingerprint.slice(0, 16)}  ${l.events} events  ${l.name}`)
  })
}

main().catch((e) => { console.error(e); process.exitCode = 1 })
