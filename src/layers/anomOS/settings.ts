import { z } from 'zod'
import { int, num } from '../../scenario/base'

/**
 * anomOS's settings: the alerts it evaluates on the metrics channel. An alert reads one metric of
 * one layer (per world or for the cluster) as a gauge, a rate (a counter's increase per second
 * between samples: Prometheus' rate()) or a ratio (the increase of one counter over another's:
 * rate(a) / rate(b)), scores each value with a streaming detector — EWMA mean and variance with
 * z = (x − mean) / σ, or the modified z of Iglewicz and Hoaglin, 0.6745 (x − median) / MAD, over a
 * window — and goes pending when the score passes its threshold, firing once it stayed there for
 * `forMs`, resolved when it comes back (Prometheus alerting rules).
 */
export const DETECTORS = ['ewma', 'mad'] as const
export const SOURCES = ['gauge', 'rate', 'ratio'] as const
export const DIRECTIONS = ['up', 'down', 'both'] as const
export const MAX_ALERTS = 32

export const AlertSpec = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'an alert name is 1–40 letters, digits and underscores, starting with a letter'),
  /** A layer's name, or `network`: whichever network layer runs. */
  layer: z.string().regex(/^[a-zA-Z]{1,20}$/),
  metric: z.string().regex(/^[a-zA-Z0-9_]{1,60}$/),
  source: z.enum(SOURCES).default('gauge'),
  /** ratio: the counter divided by (the metric's increase over this one's). */
  over: z.string().regex(/^[a-zA-Z0-9_]{1,60}$/).optional(),
  /** Score |x| instead of x (an offset of either sign). */
  abs: z.boolean().default(false),
  detector: z.enum(DETECTORS).default('ewma'),
  /** |z| (ewma) or the modified z (mad) above which a value is anomalous. Iglewicz–Hoaglin: 3.5; the three-sigma rule: 3. */
  threshold: num(0.5, 100).default(3),
  direction: z.enum(DIRECTIONS).default('up'),
  /** The deviation's floor in the metric's unit: σ or MAD never counts below it (a flat series is not infinitely surprising). */
  minDeviation: num(0, 1e12).default(0),
  /** EWMA weight of a new value (learning 10× slower from anomalous ones, so an anomaly does not become the norm at once). */
  alpha: num(0.001, 1).default(0.1),
  /** MAD window, samples. */
  window: int(5, 1_000).default(60),
  /** Values learnt before any is scored. */
  warmup: int(1, 1_000).default(10),
  /** How long the score must stay anomalous before pending turns firing (Prometheus `for`). */
  forMs: int(0, 3_600_000).default(0),
})
export type AlertSpec = z.infer<typeof AlertSpec>
export type AlertSpecInput = z.input<typeof AlertSpec>

/**
 * The default alerts: one for each fault kind the sandbox injects, scaled to the default scenario
 * (5 worlds, 1 s metrics). PhiHigh watches pandemoniOS's phi (listed as unavailable in a run without it).
 */
export const DEFAULT_ALERTS: readonly AlertSpecInput[] = [
  { name: 'WorldsDown', layer: 'atmOS', metric: 'worldsUp', direction: 'down', minDeviation: 0.25, forMs: 1_000 },
  { name: 'ElectionStorm', layer: 'mythOS', metric: 'leaders', source: 'rate', detector: 'mad', threshold: 3.5, minDeviation: 0.1 },
  { name: 'CommitLatencyHigh', layer: 'mythOS', metric: 'commitWaitUs', source: 'ratio', over: 'commitsTimed', minDeviation: 20_000, forMs: 1_000 },
  { name: 'MessageLoss', layer: 'network', metric: 'dropped', source: 'ratio', over: 'sent', minDeviation: 0.03, forMs: 1_000 },
  { name: 'ClockOffset', layer: 'chronOS', metric: 'offsetUs', abs: true, detector: 'mad', threshold: 3.5, minDeviation: 2_000, window: 60, forMs: 1_000 },
  { name: 'PhiHigh', layer: 'pandemoniOS', metric: 'phi', minDeviation: 1 },
]

export const AnomosSettings = z.strictObject({
  alerts: z.array(AlertSpec).max(MAX_ALERTS).default(DEFAULT_ALERTS.map((a) => AlertSpec.parse(a))),
})
export type AnomosSettings = z.infer<typeof AnomosSettings>

/** The user adds (or replaces, by name) or removes an alert at an exact sim time. */
export const AlertIntervention = z.strictObject({
  kind: z.literal('alert'),
  atUs: int(0, Number.MAX_SAFE_INTEGER),
  op: z.enum(['add', 'remove']),
  alert: AlertSpec.optional(),
  name: z.string().max(40).optional(),
})
