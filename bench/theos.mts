/**
 * theOS figures (run: node --import tsx bench/theos.mts; THEOS_SEEDS=n, default 30; THEOS_COST_S
 * sim-seconds per cost run, default 1200; THEOS_COST_REPS, default 5):
 *  - time to desired = actual after a crash of the world holding most pods (at 5 s, entropy 0,
 *    never restarted): from the crash to the first cluster_reconciled after it;
 *  - after a drain of that world: to its last pod gone (handoff_status 0) and to desired = actual
 *    after the last drain eviction — with the default services and with api ×6 minAvailable 5
 *    (where the budget lets one pod go at a time);
 *  - the layer's cost: sim-seconds per wall-second of the default run (entropy 0.3) with and
 *    without theOS, repetitions interleaved, medians.
 * Median and p95 over the seeds.
 */
import { allCheckers } from '../src/checkers'
import { runInProcessWith } from '../src/cosmos/run'
import type { LoggedEvent } from '../src/kernel/types'
import { registry } from '../src/layers/index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../src/scenario/schema'
import { quantile } from '../src/layers/anomOS/__tests__/measure'
import { podsAt } from '../src/layers/theOS/__tests__/podsAt'

const S = 1_000_000
const RUN = ['atmOS', 'chaOS', 'mythOS', 'theOS']
const seeds = Array.from({ length: Number(process.env['THEOS_SEEDS'] ?? 30) }, (_, i) => i + 1)

async function run(input: ScenarioInput, untilS: number, checkers = true) {
  const scenario = ScenarioSchema.parse(input)
  return runInProcessWith(scenario, { untilUs: untilS * S, registry, layers: activeLayers(scenario), checkers: checkers ? allCheckers(scenario) : [] })
}

const theos = (e: LoggedEvent, type: string) => e.layer === 'theOS' && e.type === type

/** The world holding most pods at t (lowest id among equals). */
function busiest(events: LoggedEvent[], t: number): { node: number; pods: number } {
  const where = podsAt(events, t)
  const count = new Map<number, number>()
  for (const w of where.values()) count.set(w, (count.get(w) ?? 0) + 1)
  const [node, pods] = [...count.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!
  return { node, pods }
}

const fmt = (us: number[]) => (us.length === 0 ? '—' : `median ${(quantile(us, 0.5) / 1e6).toFixed(2)} s, p95 ${(quantile(us, 0.95) / 1e6).toFixed(2)} s`)

async function crashes(): Promise<void> {
  const took: number[] = []
  let pods = 0
  let violations = 0
  let unconverged = 0
  for (const seed of seeds) {
    const base = { seed, run: RUN, layers: { chaOS: { entropy: 0 } } }
    const victim = busiest((await run(base, 4, false)).events, 4 * S)
    pods += victim.pods
    const r = await run({ ...base, interventions: [{ kind: 'fault', atUs: 5 * S, fault: 'crash', target: victim.node }] }, 40)
    violations += r.violations.length
    const crash = r.events.find((e) => e.type === 'node_crashed' && e.node === victim.node)!
    const back = r.events.find((e) => theos(e, 'cluster_reconciled') && e.t > crash.t)
    if (back) took.push(back.t - crash.t)
    else unconverged++
  }
  console.log(`crash of the busiest world (${(pods / seeds.length).toFixed(1)} pods on average), ${seeds.length} seeds: desired = actual after ${fmt(took)}${unconverged ? `; ${unconverged} never converged (capacity)` : ''}; violations ${violations}`)
}

async function drains(label: string, theOS: object | undefined): Promise<void> {
  const handedOff: number[] = []
  const took: number[] = []
  let moved = 0
  let blocked = 0
  let violations = 0
  for (const seed of seeds) {
    const base = { seed, run: RUN, layers: { chaOS: { entropy: 0 }, ...(theOS ? { theOS } : {}) } }
    const victim = busiest((await run(base, 4, false)).events, 4 * S)
    const r = await run({ ...base, interventions: [{ kind: 'lifecycle', atUs: 5 * S, node: victim.node, action: 'drain' }] }, 60)
    violations += r.violations.length
    const drain = r.events.find((e) => e.type === 'node_draining' && e.node === victim.node)!
    const evictions = r.events.filter((e) => theos(e, 'pod_evicted') && e.data['kind'] === 'drain')
    moved += evictions.length
    blocked += r.events.filter((e) => theos(e, 'eviction_blocked')).length
    const gone = r.events.filter((e) => e.layer === 'theOS' && e.node === victim.node && (e.type === 'pod_deleted' || e.type === 'pod_evicted')).at(-1)
    if (gone) handedOff.push(gone.t - drain.t)
    const last = evictions.at(-1)
    const back = last && r.events.find((e) => theos(e, 'cluster_reconciled') && e.t >= last.t)
    if (back) took.push(back.t - drain.t)
  }
  console.log(`drain of the busiest world, ${label}, ${seeds.length} seeds: ${moved} pods moved (${blocked} evictions refused by a budget); handed off (0 pods left) after ${fmt(handedOff)}; desired = actual after ${fmt(took)}; violations ${violations}`)
}

async function cost(): Promise<void> {
  const simS = Number(process.env['THEOS_COST_S'] ?? 1200)
  const reps = Number(process.env['THEOS_COST_REPS'] ?? 5)
  const rates: Record<'without' | 'with', number[]> = { without: [], with: [] }
  for (let i = 0; i < reps; i++) {
    for (const k of ['without', 'with'] as const) {
      const input = { seed: 7 + i, run: k === 'with' ? RUN : RUN.slice(0, 3) }
      const t0 = process.hrtime.bigint()
      await run(input, simS, false)
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9
      rates[k].push(simS / wallS)
    }
  }
  const w = quantile(rates.with, 0.5)
  const wo = quantile(rates.without, 0.5)
  console.log(`cost (default run, entropy 0.3, ${simS} sim-s × ${reps} interleaved, no checkers): without theOS ${wo.toFixed(0)} sim-s/wall-s, with ${w.toFixed(0)} sim-s/wall-s (medians; ${(((wo - w) / wo) * 100).toFixed(1)}% slower)`)
}

// THEOS_ONLY=cost (or crash, drain) runs one part.
const only = process.env['THEOS_ONLY']
if (!only || only === 'crash') await crashes()
if (!only || only === 'drain') {
  await drains('default services', undefined)
  await drains('api ×6 minAvailable 5', { services: [{ name: 'api', replicas: 6, cpuMilli: 500, memMb: 512, minAvailable: 5 }] })
}
if (!only || only === 'cost') await cost()
