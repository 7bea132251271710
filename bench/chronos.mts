/**
 * chronOS figures (run: node --import tsx bench/chronos.mts): max |offset| of synchronised client
 * worlds (clock updates after the first 30 s, every checker on) at default settings and at max
 * drift (chaOS clockDriftPpm 1000 at entropy 1, nothing else), on pneumOS and aetherOS; and the
 * time from a 50 ms clock jump on world 3 (at 60 s, entropy 0) until it is synchronised again and
 * until it is within 1 ms of cosmic time for good.
 */
import { measureChronos } from '../src/layers/chronOS/__tests__/measure'

const seeds = [1, 2, 3, 4, 5]
for (const network of ['pneumOS', 'aetherOS'] as const) {
  for (const maxDrift of [false, true]) {
    let max = 0, violations = 0, share = 0
    const per: string[] = []
    for (const seed of seeds) {
      const r = await measureChronos({ seed, network, maxDrift, untilS: 120 })
      max = Math.max(max, r.maxSyncedOffsetUs)
      violations += r.violations.length
      share += r.syncedShare / seeds.length
      per.push(`${r.maxSyncedOffsetUs}`)
    }
    console.log(`${network} ${maxDrift ? 'max drift' : 'defaults '}: max |offset| of synchronised clients ${max} µs (per seed ${per.join(', ')} µs), synchronised ${(share * 100).toFixed(0)} % of updates, violations ${violations}`)
  }
}
for (const network of ['pneumOS', 'aetherOS'] as const) {
  const rows: string[] = []
  for (const seed of seeds) {
    const r = await measureChronos({ seed, network, entropy: 0, untilS: 300, jumpAtS: 60, jumpMs: 50 })
    rows.push(`seed ${seed}: synced again ${r.resyncSyncedS?.toFixed(1)} s, within 1 ms ${r.resyncOffsetS?.toFixed(1) ?? 'never'} s${r.violations.length ? `, ${r.violations.length} violations` : ''}`)
  }
  console.log(`${network} 50 ms jump → ${rows.join('; ')}`)
}
