/**
 * A rollout's steps as a person types them: "20%, pause 5s, analysis 5s, 60%, …" ⇄ harmoniOS's
 * steps ({setWeight} | {pauseMs} | {analysisMs}). Parsing says which part it cannot read.
 */
import type { RolloutStep } from '../../layers/harmoniOS/settings'

export function stepsText(steps: readonly RolloutStep[]): string {
  return steps.map((s) => ('setWeight' in s ? `${s.setWeight}%` : 'pauseMs' in s ? `pause ${s.pauseMs / 1000}s` : `analysis ${s.analysisMs / 1000}s`)).join(', ')
}

export function parseSteps(text: string): { ok: true; steps: RolloutStep[] } | { ok: false; error: string } {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '')
  if (parts.length === 0) return { ok: false, error: 'give at least one step, e.g. 20%, pause 5s, analysis 5s, 100%' }
  if (parts.length > 32) return { ok: false, error: `at most 32 steps (there are ${parts.length})` }
  const steps: RolloutStep[] = []
  for (const p of parts) {
    const weight = /^(\d{1,3})\s*%$/.exec(p)
    if (weight) {
      const w = Number(weight[1])
      if (w > 100) return { ok: false, error: `“${p}”: a weight is 0–100 %` }
      steps.push({ setWeight: w })
      continue
    }
    const timed = /^(pause|analysis)\s+(\d+(?:\.\d+)?)\s*s$/i.exec(p)
    if (timed) {
      const ms = Math.round(Number(timed[2]) * 1000)
      if (ms > 3_600_000) return { ok: false, error: `“${p}”: at most 3600 s` }
      steps.push(timed[1]!.toLowerCase() === 'pause' ? { pauseMs: ms } : { analysisMs: ms })
      continue
    }
    return { ok: false, error: `“${p.slice(0, 40)}” is not a step: write 20%, pause 5s or analysis 5s` }
  }
  return { ok: true, steps }
}
