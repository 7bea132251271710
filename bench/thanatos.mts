/**
 * thanatOS figures (node --import tsx bench/thanatos.mts [seeds]): over many seeds, a graceful
 * decommission of one world at 10 s (7 worlds, 5 voters, chaOS at its default entropy 0.3, nomOS
 * judging): how long it took (median, p95), how it ended, and committed entries lost — the
 * highest index any world had applied when it completed, against the highest a surviving world
 * applied by the end (must be 0: the raft checker also checks every applied entry agrees).
 */
import { allCheckers } from '../src/checkers'
import { runInProcessWith } from '../src/cosmos/run'
import { registry } from '../src/layers/index'
import { ScenarioSchema, activeLayers } from '../src/scenario/schema'

const seeds = Number(process.argv[2] ?? 100)
const S = 1_000_000
const took: number[] = []
let completed = 0, aborted = 0, graceExpired = 0, lost = 0, violations = 0, voterDecommissions = 0
for (let seed = 1; seed <= seeds; seed++) {
  const node = seed % 7
  const s = ScenarioSchema.parse({ seed, nodes: { count: 7 }, run: ['atmOS', 'chaOS', 'mythOS', 'nomOS', 'thanatOS'], interventions: [{ kind: 'decommission', atUs: 10 * S, node }] })
  const r = await runInProcessWith(s, { untilUs: 60 * S, registry, layers: activeLayers(s), checkers: allCheckers(s) })
  if (r.cosmos.error) throw new Error(`seed ${seed}: ${r.cosmos.error}`)
  violations += r.violations.length
  if (r.violations.length > 0) console.log(`seed ${seed}:`, r.violations.slice(0, 2).map((v) => v.message))
  const done = r.events.find((e) => e.layer === 'thanatOS' && e.type === 'decommission_completed')
  if (r.events.some((e) => e.layer === 'thanatOS' && e.type === 'member_removed' && e.node === node)) voterDecommissions++
  if (r.events.some((e) => e.layer === 'thanatOS' && e.type === 'grace_expired' && e.data['held'] === false)) graceExpired++
  if (!done) { aborted++; continue }
  completed++
  took.push(done.data['tookUs'] as number)
  let before = 0, after = 0
  for (const e of r.events) {
    if (e.layer !== 'mythOS' || e.type !== 'entry_applied') continue
    const i = e.data['index'] as number
    if (e.t <= done.t) before = Math.max(before, i)
    if (e.node !== node) after = Math.max(after, i)
  }
  lost += Math.max(0, before - after)
}
took.sort((a, b) => a - b)
const q = (p: number) => took[Math.min(took.length - 1, Math.floor(p * took.length))]! / 1e6
console.log(`thanatOS: ${seeds} seeds, decommission of world seed % 7 at 10 s (7 worlds, 5 voters, entropy 0.3, nomOS on)`)
console.log(`  completed ${completed} (of which ${voterDecommissions} voters removed from the configuration first), not completed ${aborted}, grace period cut short ${graceExpired}`)
console.log(`  decommission time median ${q(0.5).toFixed(2)} s, p95 ${q(0.95).toFixed(2)} s, max ${(took.at(-1)! / 1e6).toFixed(2)} s`)
console.log(`  committed entries lost: ${lost}; checker violations: ${violations}`)
