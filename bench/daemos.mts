/**
 * daemOS figures (run: node --import tsx bench/daemos.mts; DAEMOS_SEEDS=n, default 5; DAEMOS_REPS=n, default 5):
 * - a crash loop, at the defaults (10 s doubling to 5 min, reset after 10 min; net 5 restarts in
 *   10 min, the root 1; a crash 2 s after each start): world 1's ntp-client crash-loops for 10 (and
 *   30) minutes of sim time — restarts, escalations, world reboots, the mean wait before a restart;
 * - random daemon crashes at entropy 1 (daemonCrashRatePerMin 0.5, the default, and 5): restarts and
 *   escalations per world-hour, checkers' verdict;
 * - the layer's cost: the same 5-world run (atmOS chaOS mythOS chronOS karmOS, entropy 0.3, checkers
 *   on, in-process, 60 sim-s) with and without daemOS, interleaved repetitions, medians of sim-s per wall-s.
 */
import { allCheckers } from '../src/checkers'
import { runInProcessWith } from '../src/cosmos/run'
import { registry } from '../src/layers/index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../src/scenario/schema'

const S = 1_000_000
const BASE = ['atmOS', 'chaOS', 'mythOS', 'chronOS', 'karmOS']
const seeds = Array.from({ length: Number(process.env['DAEMOS_SEEDS'] ?? 5) }, (_, i) => i + 1)
const REPS = Number(process.env['DAEMOS_REPS'] ?? 5)
const wall = () => Number(process.hrtime.bigint()) / 1e6
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

async function run(seed: number, input: ScenarioInput, untilS: number) {
  const s = ScenarioSchema.parse({ seed, run: [...BASE, 'daemOS'], ...input })
  return runInProcessWith(s, { untilUs: untilS * S, registry, layers: activeLayers(s), checkers: allCheckers(s) })
}

console.log(`daemOS bench · node ${process.version}\n`)

for (const minutes of [10, 30]) {
  const r = await run(1, { layers: { chaOS: { entropy: 0 } }, interventions: [{ kind: 'daemon_fault', atUs: 10 * S, node: 1, daemon: 'ntp-client', mode: 'crashloop' }] }, 10 + minutes * 60)
  const restarts = r.events.filter((e) => e.type === 'daemon_restarted' && e.node === 1 && e.data['daemon'] === 'ntp-client')
  const waits = restarts.map((e) => e.data['waitedUs'] as number)
  const esc = r.events.filter((e) => e.type === 'supervisor_escalated' && e.node === 1)
  const reboots = r.events.filter((e) => e.type === 'node_crashed' && e.node === 1 && e.data['requester'] === 'daemOS').length
  const ladder = r.events.filter((e) => e.type === 'daemon_backoff' && e.node === 1 && e.data['daemon'] === 'ntp-client').slice(0, 8).map((e) => (e.data['backoffUs'] as number) / S)
  console.log(`crash loop ${minutes} min: ntp-client restarted ${restarts.length}× (mean wait ${(waits.reduce((a, b) => a + b, 0) / Math.max(1, waits.length) / S).toFixed(1)} s; ladder ${ladder.join(', ')} s), escalations ${esc.length} (${esc.map((e) => `${String(e.data['supervisor'])}@${(e.t / S).toFixed(0)}s`).join(' ')}), world reboots ${reboots}, violations ${r.violations.length}`)
}

for (const rate of [0.5, 5]) {
  let restarts = 0
  let escalations = 0
  let reboots = 0
  let violations = 0
  const SIM_S = 120
  for (const seed of seeds) {
    const r = await run(seed, { layers: { chaOS: { entropy: 1, daemonCrashRatePerMin: rate } } }, SIM_S)
    const d = r.summaries['daemOS'] as { restarts: number; escalations: number; reboots: number }
    restarts += d.restarts
    escalations += d.escalations
    reboots += d.reboots
    violations += r.violations.length
  }
  const worldHours = (seeds.length * 5 * SIM_S) / 3600
  console.log(`random daemon crashes ${rate}/world/min at entropy 1 (${seeds.length} seeds × ${SIM_S} s × 5 worlds): ${(restarts / worldHours).toFixed(1)} restarts and ${(escalations / worldHours).toFixed(2)} escalations per world-hour, ${reboots} reboots, violations ${violations}`)
}

const SIM_S = 60
const variants: [string, string[]][] = [['without daemOS', BASE], ['with daemOS', [...BASE, 'daemOS']]]
const scenarios = variants.map(([, r]) => ScenarioSchema.parse({ seed: 1, run: r }))
const times: number[][] = variants.map(() => [])
for (const sc of scenarios) await runInProcessWith(sc, { untilUs: SIM_S * S, registry, layers: activeLayers(sc), checkers: allCheckers(sc) }) // warm-up
for (let rep = 0; rep < REPS; rep++)
  for (let i = 0; i < scenarios.length; i++) {
    const sc = scenarios[i]!
    const t0 = wall()
    await runInProcessWith(sc, { untilUs: SIM_S * S, registry, layers: activeLayers(sc), checkers: allCheckers(sc) })
    times[i]!.push(wall() - t0)
  }
const x = times.map((t) => SIM_S / (median(t) / 1000))
console.log(`\nlayer cost (5 worlds, entropy 0.3, ${SIM_S} sim-s, checkers on, median of ${REPS} interleaved runs): without daemOS ${x[0]!.toFixed(1)} sim-s/wall-s, with ${x[1]!.toFixed(1)} (${(x[1]! / x[0]!).toFixed(2)}×)`)
