import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'sim-out-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const sizeOf = (path: string) => { try { return statSync(path).size } catch { return 0 } }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Every line of a JSON Lines file parses as one logged event; the file ends with a newline. */
function expectWholeLines(path: string): number {
  const text = readFileSync(path, 'utf8')
  expect(text.endsWith('\n')).toBe(true)
  const lines = text.slice(0, -1).split('\n')
  for (const line of lines) expect(JSON.parse(line)).toMatchObject({ t: expect.any(Number), layer: expect.any(String), type: expect.any(String), offset: expect.any(Number) })
  return lines.length
}

/**
 * Starts a long run (far longer than the test waits), watches --out grow while the process is
 * still running, then kills it: what was written must be whole JSON lines.
 */
async function expectOutStreams(workers: number): Promise<void> {
  const out = join(dir, `run-w${workers}.jsonl`)
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', '--nodes', '200', '--entropy', '1', '--until', '3600', '--workers', String(workers), '--out', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    const sizes: number[] = []
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      const size = sizeOf(out)
      if (size > 0 && (sizes.length === 0 || size > sizes.at(-1)!)) sizes.push(size)
      if (sizes.length >= 3) break
      await sleep(25)
    }
    // Grew at least twice while the run was still going.
    expect({ sizes: sizes.length, running: child.exitCode === null, stderr }).toEqual({ sizes: 3, running: true, stderr: '' })
  } finally {
    child.kill('SIGKILL')
    await exited
  }
  expect(expectWholeLines(out)).toBeGreaterThan(0)
}

describe('sim --out', () => {
  it('writes the log as the in-process run goes (--workers 0), in whole lines', async () => {
    await expectOutStreams(0)
  }, 15_000)

  it('writes the log as the run goes with worker_threads (--workers 2), in whole lines', async () => {
    await expectOutStreams(2)
  }, 15_000)

  it('holds exactly the run\'s events once it ends', () => {
    const out = join(dir, 'short.jsonl')
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', '--until', '10', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 })
    expect(r.status).toBe(0)
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { events: number }
    expect(summary.events).toBeGreaterThan(0)
    expect(expectWholeLines(out)).toBe(summary.events)
  }, 30_000)

  it('refuses an --out it cannot open with exit 2 and one line', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', '--until', '1', '--out', join(dir, 'missing', 'x.jsonl')], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^error: --out: cannot write '.*x\.jsonl': ENOENT[^\n]*\n$/)
  }, 30_000)
})
