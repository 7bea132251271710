/**
 * anomOS's checkers, from outside, on the events alone:
 *
 * - `alert-states`: every alert instance (alert, world) moves as Prometheus' alerting rules do —
 *   firing only from pending and only once it was pending for its `for` (the forMs its
 *   alert_pending named, and the pendingUs alert_firing claims is the truth); resolved only from
 *   firing; never pending or firing twice in a row.
 * - `alert-detection` (while anomOS runs the default alerts unchanged): a fault that strikes a quiet
 *   run is noticed — a world crashed, or a partition started, after DETECT_QUIET_US with no fault,
 *   no lifecycle change and no alert firing (the detectors' baseline is calm), and lasting at least
 *   DETECT_BOUND_US, is followed by some alert firing within DETECT_BOUND_US (bench/anomos.mts
 *   measures 2–3 s at p95). A run where faults are the norm is not held to it: there a crash is
 *   not an anomaly.
 */
import type { LoggedEvent, SimTime } from '../kernel/types'
import { AlertSpec, DEFAULT_ALERTS } from '../layers/anomOS/settings'
import { Found } from './found'
import type { Checker, CheckerFactory } from './types'

export const DETECT_QUIET_US = 60_000_000
export const DETECT_BOUND_US = 4_500_000
/** The detectors learn their first values before they score (warm-up). */
const WARM_US = 20_000_000

export const alertStatesChecker: CheckerFactory = (scenario) => {
  const found = new Found('alert-states', scenario.seed)
  const state = new Map<string, { s: 'pending' | 'firing'; since: number; forMs: number }>()
  const checker: Checker = {
    name: 'alert-states',
    layer: 'anomOS',
    onEvent(e: LoggedEvent) {
      if (e.layer !== 'anomOS') return
      if (e.type === 'alert_removed') {
        for (const k of [...state.keys()]) if (k.startsWith(`${String(e.data['name'])}/`)) state.delete(k)
        return
      }
      const key = `${String(e.data['alert'])}/${e.node ?? 'cluster'}`
      const cur = state.get(key)
      const at = `${e.type} of ${key} at ${e.t} µs (offset ${e.offset})`
      switch (e.type) {
        case 'alert_pending':
          // A pending instance may have cleared silently since (pending → inactive has no event); a firing one may not.
          if (cur?.s === 'firing') found.add(e.t, `${at}: it is firing since ${cur.since} µs`)
          state.set(key, { s: 'pending', since: e.t, forMs: Number(e.data['forMs'] ?? 0) })
          return
        case 'alert_firing':
          if (cur?.s !== 'pending') found.add(e.t, `${at}: fired without being pending${cur ? ` (it is ${cur.s})` : ''}`)
          else {
            if (e.t - cur.since < cur.forMs * 1000) found.add(e.t, `${at}: pending only ${e.t - cur.since} µs, less than its for (${cur.forMs} ms)`)
            if (e.data['pendingUs'] !== e.t - cur.since) found.add(e.t, `${at}: says it was pending ${String(e.data['pendingUs'])} µs, but it was ${e.t - cur.since}`)
          }
          state.set(key, { s: 'firing', since: e.t, forMs: cur?.forMs ?? 0 })
          return
        case 'alert_resolved':
          if (cur?.s !== 'firing') found.add(e.t, `${at}: resolved without firing`)
          state.delete(key)
          return
      }
    },
    violations: () => found.list,
  }
  return checker
}

const defaultAlerts = (): string => JSON.stringify(DEFAULT_ALERTS.map((a) => AlertSpec.parse(a)))

export const alertDetectionChecker: CheckerFactory = (scenario) => {
  const found = new Found('alert-detection', scenario.seed)
  const active = scenario.run.includes('anomOS') && JSON.stringify(scenario.layers.anomOS.alerts) === defaultAlerts()
  let lastDisturbanceUs = 0
  let firing = 0
  /** A fault that struck a quiet run, waiting for an alert. */
  let watched: { t: number; what: string } | null = null
  let on = active
  const checker: Checker = {
    name: 'alert-detection',
    layer: 'anomOS',
    onEvent(e) {
      if (!on) return
      if (e.layer === 'anomOS') {
        if (e.type === 'alert_firing') {
          firing++
          watched = null
        } else if (e.type === 'alert_resolved') firing = Math.max(0, firing - 1)
        else if (e.type === 'alert_added' || e.type === 'alert_removed') on = false // no longer the default alerts
        if (e.type !== 'alert_pending') lastDisturbanceUs = e.t
        return
      }
      const crash = e.layer === 'atmOS' && e.type === 'node_crashed'
      const partition = e.layer === scenario.network && e.type === 'partition_started'
      const calm = firing === 0 && e.t - lastDisturbanceUs >= DETECT_QUIET_US && e.t >= WARM_US
      if ((crash || partition) && calm && watched === null)
        watched = { t: e.t, what: crash ? `world ${String(e.node)} crashed` : 'a partition started' }
      const disturbance = (e.layer === 'atmOS' && e.type.startsWith('node_')) || partition || (e.layer === scenario.network && e.type === 'partition_healed') || (e.layer === 'chaOS' && (e.type === 'slider_changed' || e.type === 'clock_jumped'))
      // The fault ended before the bound (a short fault need not be noticed), or another disturbance muddies it.
      if (watched !== null && disturbance && e.t > watched.t) watched = null
      if (disturbance) lastDisturbanceUs = e.t
    },
    onTime(now: SimTime) {
      if (watched !== null && now - watched.t > DETECT_BOUND_US) {
        found.add(now, `${watched.what} at ${watched.t} µs in a quiet run (no disturbance for ${DETECT_QUIET_US / 1e6} s) and lasted ${DETECT_BOUND_US / 1e6} s, but no alert fired within ${DETECT_BOUND_US / 1e6} s`)
        watched = null
      }
    },
    violations: () => found.list,
  }
  return checker
}
