/**
 * How the chaOS sliders read in the UI: a label, a unit, how a value is written, how the master
 * entropy scales it (mirrors src/layers/chaOS and src/layers/net/transport.ts), and where a
 * position on the range input lands. Ranges come from the schema (one source of truth).
 */
import { sliderBounds } from '../../layers/chaOS/sliders'
import { CHAOS_SLIDERS, type ChaosSliders } from '../../scenario/schema'

export type SliderName = keyof ChaosSliders

export interface SliderMeta {
  name: SliderName
  label: string
  /** What the number means, shown after it. */
  unit: string
  min: number
  max: number
  int: boolean
  /** 'pow': the range spans decades (0 … 600 000 ms), so the input moves on a cube curve. */
  scale: 'linear' | 'pow'
  /** The value as written in the UI, unit included. */
  format(value: number): string
  /** What the run uses at this entropy, or null when entropy does not scale this slider. */
  effective(value: number, entropy: number): number | null
}

/** Positions of a 'pow' range input (keyboard: one arrow press = 1/1000 of the curve). */
export const POW_STEPS = 1_000
const POW_EXPONENT = 3

const fixed = (digits: number) => (v: number) => v.toFixed(digits)
const adaptive = (v: number) => (Math.abs(v) < 10 ? v.toFixed(1) : Math.round(v).toString())
const percent = (v: number) => `${(v * 100).toFixed(1)} %`
const scaled = (v: number, e: number) => v * e

interface Spec {
  label: string
  unit: string
  scale: SliderMeta['scale']
  number: (v: number) => string
  effective: SliderMeta['effective']
}

const SPECS: Record<SliderName, Spec> = {
  entropy: { label: 'entropy', unit: '', scale: 'linear', number: fixed(2), effective: () => null },
  crashRatePerMin: { label: 'crash rate', unit: '/world/min', scale: 'pow', number: fixed(2), effective: scaled },
  restartDelayMs: { label: 'restart delay', unit: 'ms', scale: 'pow', number: (v) => Math.round(v).toString(), effective: () => null },
  partitionRatePerMin: { label: 'partition rate', unit: '/min', scale: 'pow', number: fixed(2), effective: scaled },
  partitionDurationMs: { label: 'partition duration', unit: 'ms', scale: 'pow', number: (v) => Math.round(v).toString(), effective: () => null },
  lossRate: { label: 'loss', unit: '%', scale: 'linear', number: percent, effective: scaled },
  latencyMultiplier: { label: 'latency', unit: '×', scale: 'pow', number: fixed(2), effective: (m, e) => 1 + (m - 1) * e },
  jitterMs: { label: 'jitter', unit: 'ms', scale: 'pow', number: adaptive, effective: scaled },
  duplicateRate: { label: 'duplication', unit: '%', scale: 'linear', number: percent, effective: scaled },
  reorderRate: { label: 'reordering', unit: '%', scale: 'linear', number: percent, effective: scaled },
  clockDriftPpm: { label: 'clock drift', unit: 'ppm', scale: 'pow', number: adaptive, effective: scaled },
  clockJumpRatePerMin: { label: 'clock jumps', unit: '/world/min', scale: 'pow', number: fixed(2), effective: scaled },
  clockJumpMaxMs: { label: 'clock jump size', unit: 'ms', scale: 'pow', number: (v) => Math.round(v).toString(), effective: () => null },
  ledgerCorruptionRatePerMin: { label: 'ledger corruption', unit: '/world/min', scale: 'pow', number: fixed(2), effective: scaled },
  messageCorruptionRate: { label: 'message corruption', unit: '%', scale: 'linear', number: percent, effective: scaled },
  daemonCrashRatePerMin: { label: 'daemon crashes', unit: '/world/min', scale: 'pow', number: fixed(2), effective: scaled },
}

function meta(name: SliderName): SliderMeta {
  const spec = SPECS[name]
  const { min, max, int } = sliderBounds(name)
  // percent() already carries its unit; the others get theirs appended.
  const format = spec.unit === '%' || spec.unit === '' ? spec.number : (v: number) => `${spec.number(v)} ${spec.unit}`
  return { name, label: spec.label, unit: spec.unit, min, max, int, scale: spec.scale, format, effective: spec.effective }
}

export const SLIDERS: readonly SliderMeta[] = CHAOS_SLIDERS.map(meta)
const BY_NAME = new Map(SLIDERS.map((m) => [m.name, m]))
/** A slider's metadata by name. */
export const sliderMeta = (name: SliderName): SliderMeta => BY_NAME.get(name)!
export const ENTROPY = SLIDERS.find((s) => s.name === 'entropy')!
export const DETAIL_SLIDERS = SLIDERS.filter((s) => s.name !== 'entropy')

/** The range input's attributes for a slider. */
export function inputRange(m: SliderMeta): { min: number; max: number; step: number } {
  if (m.scale === 'pow') return { min: 0, max: POW_STEPS, step: 1 }
  return { min: m.min, max: m.max, step: m.int ? 1 : (m.max - m.min) / 200 }
}

/** Value → position of the range input. */
export function toPosition(m: SliderMeta, value: number): number {
  if (m.scale === 'linear') return value
  const t = (Math.min(m.max, Math.max(m.min, value)) - m.min) / (m.max - m.min)
  return Math.round(Math.pow(t, 1 / POW_EXPONENT) * POW_STEPS)
}

/** Position of the range input → a value inside the schema range, rounded to what the UI can show. */
export function fromPosition(m: SliderMeta, position: number): number {
  let v = m.scale === 'linear' ? position : m.min + (m.max - m.min) * Math.pow(position / POW_STEPS, POW_EXPONENT)
  v = m.int ? Math.round(v) : roundSignificant(v, 3)
  // Keep the ends exact, and snap linear sliders to the step grid (floating sums drift).
  if (m.scale === 'linear' && !m.int) v = Number(v.toFixed(4))
  return Math.min(m.max, Math.max(m.min, v))
}

function roundSignificant(v: number, digits: number): number {
  if (v === 0) return 0
  const magnitude = Math.pow(10, digits - 1 - Math.floor(Math.log10(Math.abs(v))))
  return Math.round(v * magnitude) / magnitude
}
