/**
 * The cost of etymOS's boundary validation on the default scenario: in-process runs of 60 sim-s
 * (checkers on, send-side validation off, as in the app), A = the default layers but etymOS, B = + etymOS
 * (every delivery and every Raft RPC validated; chaOS's default message corruption applies),
 * C = + etymOS with message corruption 0 (validation only). Interleaved A B C A B C …, medians.
 * Run: node --import tsx bench/boundary.ts  (BOUNDARY_REPS=n, default 5; BOUNDARY_SIM_S, default 60)
 */
import { allCheckers } from '../src/checkers'
import { runInProcessWith } from '../src/cosmos/run'
import { registry } from '../src/layers/index'
import { ScenarioSchema, activeLayers, defaultScenario } from '../src/scenario/schema'

const REPS = Number(process.env['BOUNDARY_REPS'] ?? 5)
const SIM_S = Number(process.env['BOUNDARY_SIM_S'] ?? 60)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const wallMs = () => Number(process.hrtime.bigint()) / 1e6

// A: the default scenario without etymOS (the default runs it).
const base = { run: defaultScenario().run.filter((l) => l !== 'etymOS') }
const variants = {
  A: ScenarioSchema.parse({ run: base.run }),
  B: ScenarioSchema.parse({ run: [...base.run, 'etymOS'] }),
  C: ScenarioSchema.parse({ run: [...base.run, 'etymOS'], layers: { chaOS: { messageCorruptionRate: 0 } } }),
}
const times: Record<string, number[]> = { A: [], B: [], C: [] }
const counts: Record<string, { events: number; rejected: number }> = {}
for (let i = 0; i < REPS + 1; i++) {
  for (const [name, s] of Object.entries(variants)) {
    const t0 = wallMs()
    const r = await runInProcessWith(s, { untilUs: SIM_S * 1_000_000, registry, layers: activeLayers(s), checkers: allCheckers(s), validate: false })
    const dt = wallMs() - t0
    if (r.cosmos.error) throw new Error(`${name}: ${r.cosmos.error}`)
    if (i > 0) times[name]!.push(dt) // the first round warms the JIT
    counts[name] = { events: r.events.length, rejected: r.events.filter((e) => e.type === 'schema_rejected').length }
  }
}
const a = median(times['A']!)
console.log(`default scenario, ${SIM_S} sim-s in-process, ${REPS} interleaved reps (after one warm-up round), median wall ms:`)
for (const name of ['A', 'B', 'C']) {
  const m = median(times[name]!)
  console.log(`  ${name}: ${m.toFixed(0)} ms  (${times[name]!.map((x) => x.toFixed(0)).join(', ')})  ${name === 'A' ? '' : `${(((m - a) / a) * 100).toFixed(1)} % vs A`}  events ${counts[name]!.events}, rejected ${counts[name]!.rejected}`)
}
