/** The seek progress bar's arithmetic: no d3 here (the page's first chunk imports it). */
/**
 * How far a seek has come, 0..1: the clock from `fromUs` towards `targetUs`. A clock still past
 * the target (a seek back, before the replay started) counts as not started.
 */
export function seekProgress(seeking: { readonly fromUs: number; readonly targetUs: number }, simTimeUs: number): number {
  const span = seeking.targetUs - seeking.fromUs
  if (span <= 0) return simTimeUs === seeking.targetUs ? 1 : 0
  if (simTimeUs > seeking.targetUs) return 0
  return Math.max(0, Math.min(1, (simTimeUs - seeking.fromUs) / span))
}
