// `npm run sweep -- --k8s`: the seed ranges of the shards, the Job manifest (checked against the
// Kubernetes schema by kubernetes-models' validator), what each pod runs, and --collect.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { Job } from 'kubernetes-models/batch/v1/Job'
import { parse } from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { COMMON_OPTIONS, UsageError, buildRun, parseCli } from './args'
import { CONTAINER_NAME, EXIT_BAD_INPUT, SWEEP_COMMAND, carriedRunArgs, parseImageRef, parseJobName, podArgs, renderManifest, sweepJob, type SweepJobOptions } from './k8s'
import {
  CARRIED_FLAGS, SWEEP_OPTIONS, collectLines, failingLine, parseSeedRange, reproduceCommand, resolveShardIndex, runArgs, shardLine, shardRange,
} from './sweepLib'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'sweep-k8s-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the sweep CLI; resolves with its exit code and output. */
function sweep(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/sweep.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = '', stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Every shard's range, in index order. */
const allShards = (from: number, to: number, shards: number) => Array.from({ length: shards }, (_, i) => shardRange(from, to, shards, i))

/** What is wrong with the ranges as a partition of from..to (in order, no gap, no overlap, none empty, sizes within one), or null. */
function partitionProblem(ranges: [number, number][], from: number, to: number): string | null {
  if (ranges[0]![0] !== from) return `starts at ${ranges[0]![0]}, not ${from}`
  if (ranges.at(-1)![1] !== to) return `ends at ${ranges.at(-1)![1]}, not ${to}`
  let min = Infinity, max = -Infinity
  for (let i = 0; i < ranges.length; i++) {
    const [a, b] = ranges[i]!
    if (b < a) return `shard ${i} is empty`
    if (i > 0 && a !== ranges[i - 1]![1] + 1) return `shard ${i} starts at ${a} after ${ranges[i - 1]![1]}`
    min = Math.min(min, b - a + 1); max = Math.max(max, b - a + 1)
  }
  return max - min > 1 ? `sizes ${min}..${max}` : null
}

describe('shardRange', () => {
  it('property: the shards partition the seed range exactly (union = range, disjoint, balanced within 1)', () => {
    // Small ranges (every split down to one seed a shard) and large ones (up to the 100000-seed cap).
    const arb = fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 100_000 })).chain((count) => fc.record({
      count: fc.constant(count),
      from: fc.integer({ min: 0, max: 0xffff_ffff - count + 1 }),
      shards: count <= 300 ? fc.integer({ min: 1, max: count }) : fc.integer({ min: 1, max: Math.min(count, 1000) }),
    }))
    // fast-check prints the failing seed and counterexample.
    fc.assert(fc.property(arb, ({ count, from, shards }) => {
      const to = from + count - 1
      const ranges = allShards(from, to, shards)
      expect(partitionProblem(ranges, from, to)).toBe(null)
      expect(ranges).toHaveLength(shards)
    }), { numRuns: 300 })
  })

  it('puts the extra seeds in the first shards and refuses impossible splits', () => {
    expect(allShards(1, 10, 3)).toEqual([[1, 4], [5, 7], [8, 10]])
    expect(allShards(4294967290, 4294967295, 6).map(([a]) => a)).toEqual([4294967290, 4294967291, 4294967292, 4294967293, 4294967294, 4294967295])
    expect(() => shardRange(1, 3, 4, 0)).toThrow(RangeError)
    expect(() => shardRange(1, 3, 3, 3)).toThrow(RangeError)
  })
})

const OPTS: SweepJobOptions = { name: 'sim-sweep-1-1000', image: 'simulation-sweep:latest', from: 1, to: 1000, shards: 7, parallelism: 3, parallel: 2, runArgs: ['--entropy=0.5', '--until=30'] }

describe('the Job manifest', () => {
  it('property: every manifest it writes is a valid batch/v1 Job (kubernetes-models), as YAML too', () => {
    const arb = fc.record({
      from: fc.integer({ min: 0, max: 0xffff_ffff - 100_000 }),
      count: fc.integer({ min: 1, max: 100_000 }),
      shardsFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      parFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      parallel: fc.integer({ min: 1, max: 64 }),
      image: fc.constantFrom('simulation-sweep:latest', 'registry.example:5000/team/sim_sweep:v1.2', 'ghcr.io/a/b@sha256:' + 'ab'.repeat(32)),
      runArgs: fc.array(fc.string(), { maxLength: 4 }),
    })
    fc.assert(fc.property(arb, (r) => {
      const to = r.from + r.count - 1
      const shards = 1 + Math.floor(r.shardsFrac * (r.count - 1))
      const o: SweepJobOptions = { name: `sim-sweep-${r.from}-${to}`, image: r.image, from: r.from, to, shards, parallelism: 1 + Math.floor(r.parFrac * (shards - 1)), parallel: r.parallel, runArgs: r.runArgs }
      const job = sweepJob(o)
      new Job(job).validate() // throws with the schema's complaint
      const fromYaml = parse(renderManifest(o)) as unknown
      expect(fromYaml).toEqual(job) // the header comments hide nothing, the args survive any characters
      new Job(fromYaml as ConstructorParameters<typeof Job>[0]).validate()
    }), { numRuns: 60 })
  })

  it('the validator bites: a wrong field type or value is refused', () => {
    const job = sweepJob(OPTS)
    expect(() => new Job({ ...job, spec: { ...job.spec!, completionMode: 'indexed' as 'Indexed' } }).validate()).toThrow(/completionMode/)
    expect(() => new Job({ ...job, spec: { ...job.spec!, completions: '7' as unknown as number } }).validate()).toThrow(/completions/)
  })

  it('is an Indexed Job: one completion per shard, the pod command, no retry on bad input', () => {
    const spec = sweepJob(OPTS).spec!
    expect(spec).toMatchObject({ completionMode: 'Indexed', completions: 7, parallelism: 3 })
    const pod = spec.template.spec!
    expect(pod.restartPolicy).toBe('Never')
    const c = pod.containers[0]!
    expect(c.name).toBe(CONTAINER_NAME)
    expect(c.command).toEqual(SWEEP_COMMAND)
    expect(c.args).toEqual(podArgs(OPTS))
    expect(c.resources?.requests).toMatchObject({ cpu: '2' })
    expect(spec.podFailurePolicy?.rules[0]).toMatchObject({ action: 'FailJob', onExitCodes: { containerName: CONTAINER_NAME, operator: 'In', values: [EXIT_BAD_INPUT] } })
  })
})

describe('sweep --k8s (the CLI)', () => {
  it('writes a valid manifest whose pods, index by index, run exactly the requested seeds of the same scenario', async () => {
    const flags = ['--scenario', 'scenarios/aggressive-compaction.json', '--nodes', '7', '--entropy', '0.25', '--network', 'aetherOS', '--until', '12.5']
    const r = await sweep(['--seeds', '100..1099', ...flags, '--k8s', '--shards', '7', '--parallelism', '3', '--image', 'registry.example/sim:v1'])
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' })
    const lines = r.stdout.split('\n')
    const body = lines.findIndex((l) => !l.startsWith('#'))
    expect(lines[body]).toBe('apiVersion: batch/v1')
    const job = parse(r.stdout) as NonNullable<ConstructorParameters<typeof Job>[0]>
    new Job(job).validate()
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 7, parallelism: 3 })
    const c = job.spec!.template.spec!.containers[0]!
    expect(c.image).toBe('registry.example/sim:v1')
    expect(c.command).toEqual(SWEEP_COMMAND)

    // Each pod parses its args with the sweep's own parser and takes its index from the Job.
    const { values } = parseCli(c.args!, SWEEP_OPTIONS)
    const ranges = Array.from({ length: 7 }, (_, i) => {
      const index = resolveShardIndex(values, 7, { JOB_COMPLETION_INDEX: String(i) })
      return shardRange(...parseSeedRange(values.seeds!), 7, index)
    })
    expect(partitionProblem(ranges, 100, 1099)).toBe(null)
    // The scenario travels as a link (the file is not in the image) and the pods build the same runs.
    expect(c.args!.some((a) => a.startsWith('--scenario=s1.'))).toBe(true)
    const local = parseCli(flags, COMMON_OPTIONS).values
    expect(buildRun({ ...values, seed: '100' })).toEqual(buildRun({ ...local, seed: '100' }))
  }, 60_000)

  it('refuses bad flags with one line and exit 2', async () => {
    const r = await sweep(['--seeds', '1..10', '--k8s', '--image', 'x; rm -rf /'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^error: --image must be an image reference[^\n]*\n$/)
    expect(r.stdout).toBe('')
  }, 60_000)

  it('runs the shards as the pods would and --collect merges their logs', async () => {
    const o: SweepJobOptions = { ...OPTS, from: 1, to: 3, shards: 2, parallelism: 2, parallel: 1, runArgs: carriedRunArgs({ until: '0.5', nodes: '3' }) }
    const pods = await Promise.all([0, 1].map((i) => sweep(podArgs(o), { JOB_COMPLETION_INDEX: String(i) })))
    pods.forEach((p, i) => {
      expect(p.code).toBe(0)
      writeFileSync(join(dir, `pod-${i}.log`), p.stderr + p.stdout) // kubectl logs gives both streams
    })
    const c = await sweep(['--collect', dir])
    expect(c.code).toBe(0)
    expect(c.stdout).toContain('seeds 1..3 in 2 shards: 2 finished, 3 seeds ran, 0 failing')
    expect(JSON.parse(c.stdout.trim().split('\n').at(-1)!)).toEqual({ seeds: 3, ran: 3, failing: [], missingShards: [], incompleteShards: [] })
  }, 120_000)
})

describe('carried flags and reproduce commands', () => {
  it('carries every run flag of sim into the pods, and none of the sweep\'s own', () => {
    expect([...CARRIED_FLAGS].sort()).toEqual(Object.keys(COMMON_OPTIONS).filter((k) => !['seed', 'workers', 'help'].includes(k)).sort())
    expect(carriedRunArgs({ nodes: '5', run: 'atmOS,chaOS', until: '-1' })).toEqual(['--nodes=5', '--run=atmOS,chaOS', '--until=-1'])
    expect(() => carriedRunArgs({ run: 'atmOS\n  evil: 1' })).toThrow(UsageError)
    expect(runArgs(['--seeds', '1..9', '--k8s', '--shards=3', '--image', 'x', '--nodes', '5', '--shard-from-env', '--parallel', '2', '--until=3'])).toEqual(['--nodes', '5', '--until=3'])
  })

  it('quotes what the shell would read otherwise', () => {
    expect(reproduceCommand(['--scenario', "it's a file.json", '--until=3'], 7)).toBe("npm run sim -- --seed 7 --scenario 'it'\\''s a file.json' --until=3")
  })
})

describe('--image, --name and the shard index', () => {
  it('take references and names Kubernetes takes, and refuse the rest', () => {
    for (const ok of ['sim', 'simulation-sweep:latest', 'localhost:5000/a/b_c:v1.0', 'ghcr.io/x/y@sha256:' + 'f'.repeat(64)]) expect(parseImageRef(ok)).toBe(ok)
    for (const bad of ['', 'Sim', 'a b', 'x;y', '$(id)', 'a:b:c', '-x']) expect(() => parseImageRef(bad)).toThrow(UsageError)
    expect(parseJobName('nightly-1')).toBe('nightly-1')
    for (const bad of ['', 'A', '1x', 'x-', 'x_y', 'x'.repeat(51)]) expect(() => parseJobName(bad)).toThrow(UsageError)
  })

  it('reads JOB_COMPLETION_INDEX strictly', () => {
    const env = (v: string | undefined) => ({ JOB_COMPLETION_INDEX: v })
    expect(resolveShardIndex({ 'shard-from-env': true }, 4, env('3'))).toBe(3)
    expect(resolveShardIndex({ shard: '2' }, 4, {})).toBe(2)
    for (const v of [undefined, '4', '-1', '1.5', ' 1', 'x']) expect(() => resolveShardIndex({ 'shard-from-env': true }, 4, env(v))).toThrow(UsageError)
    expect(() => resolveShardIndex({}, 4, env('1'))).toThrow(/needs --shard I or --shard-from-env/)
  })
})

describe('collectLines', () => {
  const args = ['--until=30', '--scenario=s1.abc']
  const summary = (shard: number, failing: number, seeds: number) => shardLine({ shard, shards: 3, from: 1, to: 10, seeds, failing, args })

  it('merges prefixed, repeated and cut logs; lists failing seeds once, in order, and what is missing', () => {
    const pod0 = ['1/4 seeds', failingLine(0, 3, '[raft] two leaders'), summary(0, 1, 4)].join('\n')
    // A retried pod: the first attempt's log (cut mid-line) and the second's, with kubectl's timestamps.
    const pod1a = `2026-01-01T00:00:00Z ${failingLine(1, 6, '[raft] lost write')}\n${summary(1, 2, 3).slice(0, 30)}`
    const pod1b = [failingLine(1, 6, '[raft] lost write'), failingLine(1, 5, 'error: boom'), summary(1, 2, 3)].map((l) => `2026-01-01T00:00:01Z ${l}`).join('\n')
    const c = collectLines([pod0, pod1a, pod1b])
    expect(c).toMatchObject({ from: 1, to: 10, shards: 3, args, ran: 7, missing: [2], short: [] })
    expect(c.failing).toEqual([{ seed: 3, why: '[raft] two leaders' }, { seed: 5, why: 'error: boom' }, { seed: 6, why: '[raft] lost write' }])
    expect(reproduceCommand(c.args, 5)).toBe('npm run sim -- --seed 5 --until=30 --scenario=s1.abc')
  })

  it('notices a log that lost failing lines, and refuses nothing or two sweeps at once', () => {
    expect(collectLines([summary(0, 2, 4), failingLine(0, 1, 'x')]).short).toEqual([0])
    expect(() => collectLines(['no results here'])).toThrow(/no shard finished/)
    expect(() => collectLines([summary(0, 0, 4), shardLine({ shard: 1, shards: 3, from: 1, to: 10, seeds: 3, failing: 0, args: ['--until=1'] })])).toThrow(/two different sweeps/)
  })
})
