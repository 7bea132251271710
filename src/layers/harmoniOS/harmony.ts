/**
 * The harmony predicate, a pure function of what harmoniOS knows at one instant: the reasons the
 * universe is not in harmony (none: it is), and the parts it cannot judge because their layer does
 * not run (said, never silently assumed).
 */
import type { WorldStatus } from '../../kernel/worlds'

export interface Facts {
  statuses: readonly WorldStatus[]
  leader: number | null
  /** mythOS's last sample: applied index and chain (48 bits) of each world. */
  applied: readonly (number | null)[] | null
  chains: readonly (number | null)[] | null
  /** chronOS's offsets, µs (null: chronOS does not run). */
  offsets: readonly (number | null)[] | null
  alertsFiring: number | null
  corrupted: number | null
  transfers: number | null
  partitions: number | null
}

export interface Judgement {
  reasons: string[]
  unjudged: string[]
}

const ms = (us: number): string => `${(us / 1000).toFixed(1)} ms`

export function judge(f: Facts, lagEntries: number, epsilonUs: number): Judgement {
  const reasons: string[] = []
  const unjudged: string[] = []
  const up: number[] = []
  f.statuses.forEach((s, w) => {
    if (s === 'up') up.push(w)
    else if (s !== 'decommissioned') reasons.push(`world ${w} is ${s}`)
  })
  if (f.leader === null) reasons.push('no leader is known')
  if (f.applied === null || f.chains === null) reasons.push('no consensus sample yet')
  else {
    let furthest = -1
    for (const w of up) furthest = Math.max(furthest, f.applied[w] ?? -1)
    const byIndex = new Map<number, { w: number; chain: number }>()
    for (const w of up) {
      const a = f.applied[w]
      const c = f.chains[w]
      if (a === null || a === undefined) continue
      if (furthest - a > lagEntries) reasons.push(`world ${w} applied ${a}, ${furthest - a} entries behind the furthest (${furthest})`)
      if (c === null || c === undefined) continue
      const other = byIndex.get(a)
      if (other === undefined) byIndex.set(a, { w, chain: c })
      else if (other.chain !== c) reasons.push(`worlds ${other.w} and ${w} applied different stories up to index ${a}`)
    }
  }
  if (f.offsets === null) unjudged.push('clocks (chronOS does not run)')
  else
    for (const w of up) {
      const o = f.offsets[w]
      if (o !== null && o !== undefined && Math.abs(o) > epsilonUs) reasons.push(`world ${w}'s clock is ${ms(o)} off cosmic time (ε ${ms(epsilonUs)})`)
    }
  if (f.alertsFiring === null) unjudged.push('alerts (anomOS does not run)')
  else if (f.alertsFiring > 0) reasons.push(`${f.alertsFiring} alert${f.alertsFiring === 1 ? '' : 's'} firing`)
  if (f.corrupted === null) unjudged.push('ledgers (karmOS does not run)')
  else if (f.corrupted > 0) reasons.push(`${f.corrupted} ledger entr${f.corrupted === 1 ? 'y awaits' : 'ies await'} repair`)
  if (f.transfers === null) unjudged.push('snapshots (oneirOS does not run)')
  else if (f.transfers > 0) reasons.push(`${f.transfers} snapshot transfer${f.transfers === 1 ? '' : 's'} in flight`)
  if (f.partitions !== null && f.partitions > 0) reasons.push(`${f.partitions} partition${f.partitions === 1 ? '' : 's'} in effect`)
  unjudged.push('workloads, desired = actual (theOS is not built yet)')
  return { reasons, unjudged }
}
