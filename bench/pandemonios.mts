/**
 * pandemoniOS figures (run: node --import tsx bench/pandemonios.mts). With Akka's defaults
 * (heartbeat 1 s, threshold 8, acceptable pause 3 s, min σ 100 ms) on 5 worlds over pneumOS:
 *  - detection: a world crashed at 20 s of a quiet run (entropy 0), time from its node_crashed to
 *    its node_convicted, median and p99 over PANDEMONIOS_SEEDS seeds (default 24);
 *  - false convictions per sim-hour (convicted while up, reachable and heartbeating) at entropy 0,
 *    and at entropy 1 with chaOS's crash and partition rates at 0 (5 % loss, latency ×3, 20 ms
 *    jitter, 2 % duplication, 5 % reordering), PANDEMONIOS_QUIET_S of sim time (default 3600) on
 *    PANDEMONIOS_QUIET_SEEDS seeds each (default 2).
 */
import { allCheckers } from '../src/checkers'
import { runInProcessWith } from '../src/cosmos/run'
import { quantile } from '../src/layers/anomOS/__tests__/measure'
import { registry } from '../src/layers/index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../src/scenario/schema'

const S = 1_000_000
const RUN = ['atmOS', 'chaOS', 'mythOS', 'nomOS', 'pandemoniOS']

async function run(input: ScenarioInput, untilUs: number) {
  const scenario = ScenarioSchema.parse({ run: RUN, ...input })
  return runInProcessWith(scenario, { untilUs, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
}

const seeds = Array.from({ length: Number(process.env['PANDEMONIOS_SEEDS'] ?? 24) }, (_, i) => i + 1)
const ms = (x: number) => `${x.toFixed(0)} ms`
/** Crash world 2 at atUs(seed) on each seed; the delay from node_crashed to node_convicted, ms. */
async function detection(label: string, atUs: (seed: number) => number): Promise<void> {
  const delays: number[] = []
  let missed = 0
  let violations = 0
  for (const seed of seeds) {
    const r = await run({ seed, layers: { chaOS: { entropy: 0 } }, interventions: [{ kind: 'fault', atUs: atUs(seed), fault: 'crash', target: 2 }] }, atUs(seed) + 20 * S)
    violations += r.violations.length
    const crash = r.events.find((e) => e.type === 'node_crashed' && e.node === 2)
    const conviction = r.events.find((e) => e.type === 'node_convicted' && e.node === 2)
    if (!crash || !conviction) missed++
    else delays.push((conviction.t - crash.t) / 1_000)
  }
  console.log(`detection of a crash ${label} (5 worlds, pneumOS, entropy 0, Akka defaults): ${delays.length}/${seeds.length} detected; median ${ms(quantile(delays, 0.5))}, p99 ${ms(quantile(delays, 0.99))}, min ${ms(Math.min(...delays))}, max ${ms(Math.max(...delays))}${missed ? `; ${missed} missed` : ''}; violations ${violations}`)
}
// At a fixed time the heartbeat phases (fixed by world id) make every seed alike; staggering the
// crash over a heartbeat interval shows the spread.
await detection('at 20 s', () => 20 * S)
await detection('at 20 s + (137 ms × seed mod 1 s)', (seed) => 20 * S + ((137 * seed) % 1000) * 1000)

const quietS = Number(process.env['PANDEMONIOS_QUIET_S'] ?? 3600)
const quietSeeds = Number(process.env['PANDEMONIOS_QUIET_SEEDS'] ?? 2)
const conditions: [string, ScenarioInput['layers']][] = [
  ['entropy 0', { chaOS: { entropy: 0 } }],
  ['entropy 1, 5 % loss, no crashes or partitions', { chaOS: { entropy: 1, lossRate: 0.05, crashRatePerMin: 0, partitionRatePerMin: 0 } }],
]
for (const [name, layers] of conditions) {
  let convictions = 0
  let falseConvictions = 0
  let suspicions = 0
  let v = 0
  let wallMs = 0
  for (let seed = 1; seed <= quietSeeds; seed++) {
    const t0 = performance.now()
    const r = await run({ seed, layers }, quietS * S)
    wallMs += performance.now() - t0
    const sum = r.summaries.pandemoniOS as Record<string, number>
    convictions += sum['convictions'] ?? 0
    falseConvictions += sum['falseConvictions'] ?? 0
    suspicions += sum['suspicions'] ?? 0
    v += r.violations.length
  }
  const hours = (quietS * quietSeeds) / 3600
  console.log(`${name}: ${falseConvictions} false convictions (${convictions} in all) in ${hours.toFixed(1)} sim-hours = ${(falseConvictions / hours).toFixed(2)} per sim-hour; ${(suspicions / hours).toFixed(1)} single-observer suspicions per sim-hour; violations ${v}; ${(wallMs / 1000).toFixed(1)} s wall`)
}
