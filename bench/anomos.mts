/**
 * anomOS figures (run: node --import tsx bench/anomos.mts; ANOMOS_SEEDS=n, default 20): for each
 * fault kind, the delay from injection (at 60 s of a quiet run, entropy 0) to the first firing
 * alert, median and p95 over seeds; false alerts per sim-hour on quiet runs (ANOMOS_QUIET_S each).
 */
import { FAULT_KINDS, detect, falseAlerts, quantile } from '../src/layers/anomOS/__tests__/measure'

const seeds = Array.from({ length: Number(process.env['ANOMOS_SEEDS'] ?? 20) }, (_, i) => i + 1)
for (const kind of FAULT_KINDS) {
  const delays: number[] = []
  const by = new Map<string, number>()
  let missed = 0
  let violations = 0
  for (const seed of seeds) {
    const d = await detect(seed, kind)
    violations += d.violations
    if (d.delayUs === null) missed++
    else delays.push(d.delayUs / 1000)
    if (d.alert) by.set(d.alert, (by.get(d.alert) ?? 0) + 1)
  }
  const fmt = (x: number) => `${x.toFixed(0)} ms`
  console.log(`${kind.padEnd(9)} detected ${delays.length}/${seeds.length}: median ${delays.length ? fmt(quantile(delays, 0.5)) : '-'}, p95 ${delays.length ? fmt(quantile(delays, 0.95)) : '-'}; first alert ${[...by].map(([a, n]) => `${a} ×${n}`).join(', ')}${missed ? `; ${missed} missed` : ''}; violations ${violations}`)
}
const quietS = Number(process.env['ANOMOS_QUIET_S'] ?? 3600)
let fired = 0
const seen: string[] = []
const quietSeeds = seeds.slice(0, Math.max(1, Math.min(5, seeds.length)))
for (const seed of quietSeeds) {
  const r = await falseAlerts(seed, quietS)
  fired += r.fired
  seen.push(...r.alerts.slice(0, 5).map((a) => `seed ${seed} ${a}`))
}
const hours = (quietS * quietSeeds.length) / 3600
console.log(`false alerts at entropy 0: ${fired} in ${hours.toFixed(1)} sim-hours (${(fired / hours).toFixed(2)} per sim-hour)${seen.length ? `: ${seen.join(', ')}` : ''}`)
