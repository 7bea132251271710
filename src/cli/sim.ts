/**
 * npm run sim -- [flags]: run a scenario headless to a sim time, write the logOS event log as JSON
 * Lines (--out), and print a summary whose last line is one JSON object
 * {fingerprint, simTimeUs, events, violations, url}. Exit 0: no invariant violated; 1: violated;
 * 2: bad input (one line on stderr).
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import { COMMON_OPTIONS, SIM_USAGE, UsageError, buildRun, parseCli } from './args'
import { runHeadless } from './runScenario'
import { toJsonLine } from '../layers/logOS/log'

async function main(argv: string[]): Promise<number> {
  const { values } = parseCli(argv, { ...COMMON_OPTIONS, out: { type: 'string' }, 'print-url': { type: 'boolean' } })
  if (values.help) {
    console.log(SIM_USAGE)
    return 0
  }
  const run = buildRun(values, 0)
  for (const w of run.warnings) console.error(`warning: ${w}`)
  let out: WriteStream | null = null
  if (typeof values.out === 'string') {
    out = createWriteStream(values.out)
    await new Promise<void>((resolve, reject) => { out!.once('open', () => resolve()); out!.once('error', (e) => reject(new UsageError(`--out: cannot write '${values.out}': ${e.message}`))) })
  }
  const started = process.hrtime.bigint()
  const r = await runHeadless(run.scenario, {
    untilUs: run.untilUs,
    workers: run.workers,
    onNotice: (m) => console.error(`notice: ${m}`),
    ...(out ? { onEvents: (es) => { for (const e of es) out!.write(toJsonLine(e) + '\n') } } : {}),
  })
  if (out) await new Promise<void>((resolve) => out!.end(resolve))
  const wallS = Number(process.hrtime.bigint() - started) / 1e9
  console.log(`seed ${run.scenario.seed} · ${run.scenario.nodes.count} worlds · ${run.scenario.network} · entropy ${run.scenario.chaos.entropy} · ${run.workers} workers`)
  console.log(`sim ${(r.simTimeUs / 1e6).toFixed(3)} s in ${wallS.toFixed(2)} s wall (${(r.simTimeUs / 1e6 / wallS).toFixed(1)}× real time), ${r.events} events`)
  for (const v of r.violations) console.log(`VIOLATION [${v.checker}] at ${v.t} µs: ${v.message} (seed ${v.seed})`)
  if (values['print-url']) console.log(r.url)
  console.log(JSON.stringify({ fingerprint: r.fingerprint, simTimeUs: r.simTimeUs, events: r.events, violations: r.violations, url: r.url }))
  return r.violations.length > 0 ? 1 : 0
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code },
  (err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = err instanceof UsageError ? 2 : 3
  },
)
