/**
 * npm run shrink -- --scenario <link|file> [--until <seconds>] [--max-runs N]: shrink a failing run
 * to a minimal fault schedule (src/shrink/shrink.ts: random faults made explicit, then delta
 * debugging over the interventions) and print the link of the minimal scenario, verified to fail.
 * Exit 0: shrunk; 1: the run does not fail (nothing to shrink); 2: bad input; 3: an error.
 */
import { COMMON_OPTIONS, UsageError, buildRun, parseCli, parseNumberFlag } from './args'
import { DEFAULT_BASE_URL } from './runScenario'
import { NotFailingError, shrink } from '../shrink/shrink'
import { shareUrl } from '../scenario/url'

const USAGE = 'usage: npm run shrink -- --scenario <file.json|URL|fragment> [--seed N] [--nodes N] [--entropy X] [--bug figure8|forgetVote|skipLogCheck] [--until <seconds>] [--max-runs N]'

async function main(argv: string[]): Promise<number> {
  const { values } = parseCli(argv, { ...COMMON_OPTIONS, 'max-runs': { type: 'string' } })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (typeof values.scenario !== 'string') throw new UsageError(`--scenario is required. ${USAGE}`)
  if (values.workers !== undefined) throw new UsageError('--workers: shrinking runs every candidate in this thread')
  const run = buildRun(values, 0)
  for (const w of run.warnings) console.error(`warning: ${w}`)
  const maxRuns = typeof values['max-runs'] === 'string' ? parseNumberFlag('max-runs', values['max-runs'], { int: true, min: 1, max: 100_000 }) : undefined
  const s = run.scenario
  console.log(`shrinking: seed ${s.seed} · ${s.nodes.count} worlds · ${s.interventions.length} interventions · until ${(run.untilUs / 1e6).toFixed(1)} s`)
  const started = process.hrtime.bigint()
  let last = ''
  const r = await shrink(typeof values.until === 'string' ? { ...s, stopUs: run.untilUs } : s, {
    untilUs: run.untilUs,
    ...(maxRuns !== undefined ? { maxRuns } : {}),
    now: () => Number(process.hrtime.bigint() - started) / 1e6,
    onProgress: (p) => {
      const line = `[${p.phase}] ${p.text} (${p.runs} runs)`
      if (line === last) return
      last = line
      if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}`)
      else if (p.phase !== 'ddmin') process.stderr.write(`${line}\n`)
    },
  }).catch((e: unknown) => {
    if (e instanceof NotFailingError) return e
    throw e
  })
  if (process.stderr.isTTY) process.stderr.write('\n')
  if (r instanceof NotFailingError) {
    console.log(`nothing to shrink: ${r.message}`)
    return 1
  }
  const url = shareUrl(process.env['SIM_BASE_URL'] ?? DEFAULT_BASE_URL, r.scenario)
  console.log(`first violation [${r.original.violation.checker}] at ${(r.original.violation.t / 1e6).toFixed(3)} s: ${r.original.violation.message}`)
  console.log(`interventions: ${r.original.interventions} in the scenario, ${r.explicit} with its random faults made explicit${r.madeExplicit ? '' : ' (not made explicit: that schedule did not fail; random faults kept)'} → ${r.interventions} (${r.minimal ? '1-minimal' : 'stopped at --max-runs'})`)
  console.log(`runs tried: ${r.runs} · ${r.seconds.toFixed(1)} s · stops at ${((r.scenario.stopUs ?? 0) / 1e6).toFixed(3)} s`)
  console.log(`still fails (verified): [${r.violation.checker}] at ${(r.violation.t / 1e6).toFixed(3)} s: ${r.violation.message}`)
  for (const iv of r.scenario.interventions) console.log(`  ${(iv.atUs / 1e6).toFixed(3)} s  ${JSON.stringify(iv)}`)
  console.log(url)
  console.log(JSON.stringify({ before: r.original.interventions, explicit: r.explicit, after: r.interventions, runs: r.runs, seconds: Number(r.seconds.toFixed(2)), checker: r.violation.checker, url }))
  return 0
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code },
  (err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = err instanceof UsageError ? 2 : 3
  },
)
