/**
 * nomOS and harmoniOS figures (run: node --import tsx bench/law.mts; LAW_SEEDS=n, default 20):
 * - time to harmony (harmoniOS) after a crash of the leader, after a crash of a follower (each
 *   restarted 10 s later) and after a minority partition heals (10 s later), at entropy 0: from the
 *   fault's end (restart, heal) to harmony_reached, median and p95 over seeds;
 * - admission at high entropy (entropy 1, crashes 20/min, partitions 6/min, 60 s per seed, the
 *   default rules): requests reviewed, denied and by which rule, and the checkers' verdict (the
 *   admitted-quorum checker counts an admitted action that broke the Raft quorum as a violation).
 */
import { allCheckers } from '../src/checkers'
import { runInProcessWith } from '../src/cosmos/run'
import { registry } from '../src/layers/index'
import { QUIET, RUN, quantile } from '../src/layers/anomOS/__tests__/measure'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../src/scenario/schema'

const S = 1_000_000
const seeds = Array.from({ length: Number(process.env['LAW_SEEDS'] ?? 20) }, (_, i) => i + 1)
const HARMONY_RUN = [...new Set([...RUN, 'harmoniOS'])]

async function run(seed: number, input: ScenarioInput, untilS: number) {
  const s = ScenarioSchema.parse({ seed, run: HARMONY_RUN, ...input })
  return runInProcessWith(s, { untilUs: untilS * S, registry, layers: activeLayers(s), checkers: allCheckers(s) })
}

const faults: [string, ScenarioInput['interventions']][] = [
  ['crash of the leader', [{ kind: 'fault', atUs: 30 * S, fault: 'crash', target: 'leader' }, { kind: 'fault', atUs: 40 * S, fault: 'restart', target: 'one' }]], // the one world down
  ['crash of a follower', [{ kind: 'lifecycle', atUs: 30 * S, node: 4, action: 'crash' }, { kind: 'lifecycle', atUs: 40 * S, node: 4, action: 'restart' }]],
  ['minority partition', [{ kind: 'fault', atUs: 30 * S, fault: 'partition', target: 'minority' }, { kind: 'fault', atUs: 40 * S, fault: 'heal', target: 'one' }]],
]
for (const [name, interventions] of faults) {
  const after: number[] = []
  let never = 0
  let violations = 0
  for (const seed of seeds) {
    const r = await run(seed, { layers: { chaOS: QUIET }, interventions }, 70)
    violations += r.violations.length
    // The fault ends at 40 s (restart or heal; a crashed leader's world restarts then too).
    const back = r.events.find((e) => e.type === 'harmony_reached' && e.t >= 40 * S)
    if (back) after.push((back.t - 40 * S) / 1000)
    else never++
  }
  console.log(`${name.padEnd(20)} → harmony again ${after.length}/${seeds.length}: median ${after.length ? quantile(after, 0.5).toFixed(0) : '-'} ms, p95 ${after.length ? quantile(after, 0.95).toFixed(0) : '-'} ms after the fault ended${never ? `, ${never} never within 30 s` : ''}; violations ${violations}`)
}

let reviews = 0
let denied = 0
let violations = 0
const byRule = new Map<string, number>()
const failing: number[] = []
for (const seed of seeds) {
  const r = await run(seed, { layers: { chaOS: { entropy: 1, crashRatePerMin: 20, partitionRatePerMin: 6 } } }, 60)
  reviews += (r.summaries['nomOS'] as { reviews: number }).reviews
  for (const e of r.events) if (e.type === 'admission_denied') {
    denied++
    const rule = String(e.data['rule'])
    byRule.set(rule, (byRule.get(rule) ?? 0) + 1)
  }
  violations += r.violations.length
  if (r.violations.length) failing.push(seed)
}
console.log(`admission at entropy 1 (${seeds.length} seeds × 60 s): ${reviews} reviews, ${denied} denied (${[...byRule].map(([k, n]) => `${k} ×${n}`).join(', ')}); checker violations ${violations}${failing.length ? ` (seeds ${failing.join(', ')})` : ' (0 quorum losses caused by admitted actions)'}`)
