/**
 * npm run sim -- [flags]: run a scenario headless to a sim time, write the logOS event log as JSON
 * Lines (--out), and print a summary whose last line is one JSON object
 * {fingerprint, simTimeUs, events, violations, url}. Exit 0: no invariant violated; 1: violated;
 * 2: bad input (one line on stderr).
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { COMMON_OPTIONS, SIM_USAGE, UsageError, buildRun, parseCli } from './args'
import { runHeadless } from './runScenario'
import { toJsonLine } from '../layers/logOS/log'
import { metricsCsvHeader, metricsCsvLines } from './metricsCsv'
import { ShivizCollector } from '../layers/karmOS/shiviz'

async function main(argv: string[]): Promise<number> {
  const { values } = parseCli(argv, { ...COMMON_OPTIONS, out: { type: 'string' }, metrics: { type: 'string' }, shiviz: { type: 'string' }, 'print-url': { type: 'boolean' } })
  if (values.help) {
    console.log(SIM_USAGE)
    return 0
  }
  const run = buildRun(values, 0)
  for (const w of run.warnings) console.error(`warning: ${w}`)
  // --out is written synchronously, one write per batch of events: an in-process run never yields
  // to the event loop until it ends, so a WriteStream would hold the whole log in memory and a run
  // killed midway would leave nothing. Each batch ends on a newline, so a killed run leaves whole lines.
  const fd = typeof values.out === 'string' ? openOut('--out', values.out) : null
  // --metrics: the metrics channel as CSV (one row per layer, metric, world and grid point), written likewise.
  const mfd = typeof values.metrics === 'string' ? openOut('--metrics', values.metrics) : null
  if (mfd !== null) writeAll(mfd, metricsCsvHeader())
  // --shiviz: the stamped sends and receives (vector clocks, while karmOS runs) as a ShiViz log.
  const sfd = typeof values.shiviz === 'string' ? openOut('--shiviz', values.shiviz) : null
  const shiviz = sfd !== null ? new ShivizCollector() : null
  if (shiviz !== null && !run.scenario.run.includes('karmOS')) console.error('warning: --shiviz: karmOS does not run, so no packet carries a vector clock (add it with --run)')
  const started = process.hrtime.bigint()
  let r
  try {
    r = await runHeadless(run.scenario, {
      untilUs: run.untilUs,
      workers: run.workers,
      onNotice: (m) => console.error(`notice: ${m}`),
      ...(shiviz !== null ? { extraCheckers: [shiviz] } : {}),
      ...(fd !== null ? { onEvents: (es) => { if (es.length > 0) writeAll(fd, es.map((e) => toJsonLine(e) + '\n').join('')) } } : {}),
      ...(mfd !== null ? { onMetrics: (ms) => writeAll(mfd, metricsCsvLines(ms)) } : {}),
    })
  } finally {
    if (fd !== null) closeSync(fd)
    if (mfd !== null) closeSync(mfd)
    if (sfd !== null) {
      writeAll(sfd, shiviz!.text())
      closeSync(sfd)
    }
  }
  const wallS = Number(process.hrtime.bigint() - started) / 1e9
  console.log(`seed ${run.scenario.seed} · ${run.scenario.nodes.count} worlds · ${run.scenario.network} · entropy ${run.scenario.layers.chaOS.entropy} · ${run.workers} workers`)
  console.log(`sim ${(r.simTimeUs / 1e6).toFixed(3)} s in ${wallS.toFixed(2)} s wall (${(r.simTimeUs / 1e6 / wallS).toFixed(1)}× real time), ${r.events} events`)
  for (const v of r.violations) console.log(`VIOLATION [${v.checker}] at ${v.t} µs: ${v.message} (seed ${v.seed})`)
  if (values['print-url']) console.log(r.url)
  console.log(JSON.stringify({ fingerprint: r.fingerprint, simTimeUs: r.simTimeUs, events: r.events, violations: r.violations, url: r.url }))
  return r.violations.length > 0 ? 1 : 0
}

function openOut(flag: string, path: string): number {
  try {
    return openSync(path, 'w')
  } catch (e) {
    throw new UsageError(`${flag}: cannot write '${path}': ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** writeSync may write less than asked; finish the buffer. */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8')
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off)
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code },
  (err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = err instanceof UsageError ? 2 : 3
  },
)
