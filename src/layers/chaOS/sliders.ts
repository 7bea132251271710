/** chaOS slider ranges, read from the schema: one source of truth for the layer, the UI and the URL. */
import { ChaosSettings as ChaosSchema, type ChaosSliders } from './settings'

interface NumberBounds {
  minValue: number | null
  maxValue: number | null
  isInt: boolean
}

/** The range of a slider, read from the schema (one source of truth with the UI and the URL). */
export function sliderBounds(name: keyof ChaosSliders): { min: number; max: number; int: boolean } {
  const inner = (ChaosSchema.shape[name] as unknown as { unwrap(): NumberBounds }).unwrap()
  return { min: inner.minValue ?? -Infinity, max: inner.maxValue ?? Infinity, int: inner.isInt }
}

export const isSliderName = (name: unknown): name is keyof ChaosSliders => typeof name === 'string' && Object.hasOwn(ChaosSchema.shape, name)

/** Clamp a slider value into its schema range (and to an integer where the schema wants one). */
export function clampSlider(name: keyof ChaosSliders, value: number): { value: number; clamped: boolean } {
  const b = sliderBounds(name)
  let v = Number.isFinite(value) ? value : b.min
  if (b.int) v = Math.round(v)
  v = Math.min(b.max, Math.max(b.min, v))
  return { value: v, clamped: v !== value }
}
