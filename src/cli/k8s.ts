/**
 * `npm run sweep -- --k8s`: a sweep as a Kubernetes Indexed Job. Each pod runs one shard of the
 * seed range (`--shards N --shard-from-env`: the index comes from JOB_COMPLETION_INDEX, which the
 * Job controller sets) with the same sweep CLI, from the image that deploy/sweep/Containerfile
 * builds. A shard prints its failing seeds and a final summary as JSON lines on stdout; the pods'
 * logs, fetched with `kubectl logs`, are merged by `npm run sweep -- --collect <dir>`.
 * See deploy/sweep/README.md.
 */
import type { IJob } from 'kubernetes-models/batch/v1/Job'
import { stringify } from 'yaml'
import { UsageError, loadScenarioArg } from './args'
import { encodeScenario } from '../scenario/url'
import { CARRIED_FLAGS, shellQuote, type CarriedFlag } from './sweepLib'

export const CONTAINER_NAME = 'sweep'
/** The image's working directory and the command that runs the sweep CLI there (exec form, no shell). */
export const APP_DIR = '/app'
export const SWEEP_COMMAND = ['node', '--import', 'tsx', 'src/cli/sweep.ts']
export const DEFAULT_IMAGE = 'simulation-sweep:latest'
/** The sweep CLI's exit code for bad input: the same in every pod, so the Job fails at once. */
export const EXIT_BAD_INPUT = 2
/** Retries of one index (a lost node, an evicted pod) before that index counts as failed. */
export const RETRIES_PER_INDEX = 2
/** Measured: one worker of the default scenario peaks near 200 MB resident; the main thread ~100 MB. */
const MEMORY_MIB_PER_WORKER = 256
const MEMORY_MIB_BASE = 256

export interface SweepJobOptions {
  name: string
  image: string
  from: number
  to: number
  shards: number
  /** Pods that run at once. */
  parallelism: number
  /** worker_threads in each pod (its CPU request). */
  parallel: number
  /** The runs' flags, carried into every pod as `--flag=value` words. */
  runArgs: string[]
}

// The grammar of an image reference (github.com/distribution/reference), without IPv6 hosts.
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const PATH_PART = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const IMAGE_REF = new RegExp(`^(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*(?::[0-9]+)?/)?${PATH_PART}(?:/${PATH_PART})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`)

/** --image: an image reference such as `registry.example:5000/team/simulation-sweep:v1` or `…@sha256:…`. */
export function parseImageRef(raw: string): string {
  if (raw.length > 255 || !IMAGE_REF.test(raw)) throw new UsageError(`--image must be an image reference like registry.example/simulation-sweep:v1, got '${raw.slice(0, 80)}'`)
  return raw
}

/** --name: the Job's name, a DNS label short enough for its pods' names (name-index-xxxxx). */
export function parseJobName(raw: string): string {
  if (raw.length > 50 || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(raw)) throw new UsageError(`--name must be lower-case letters, digits and '-', start with a letter, at most 50 characters, got '${raw.slice(0, 60)}'`)
  return raw
}

export const defaultJobName = (from: number, to: number): string => `sim-sweep-${from}-${to}`

/**
 * The runs' flags as every pod gets them: each given flag as one `--flag=value` word (a value
 * that starts with '-' cannot be taken for a flag). A `--scenario` file is not in the image, so it
 * travels as the share link of the scenario it holds; a link travels as it is.
 */
export function carriedRunArgs(values: Partial<Record<CarriedFlag, unknown>>): string[] {
  const out: string[] = []
  for (const flag of CARRIED_FLAGS) {
    const v = values[flag]
    if (typeof v !== 'string') continue
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(v)) throw new UsageError(`--${flag} must not contain control characters (newlines, tabs…)`)
    out.push(`--${flag}=${flag === 'scenario' ? portableScenario(v) : v}`)
  }
  return out
}

function portableScenario(arg: string): string {
  if (/^(https?:|#|s\d+\.|scenario=)/.test(arg)) return arg
  return encodeScenario(loadScenarioArg(arg).scenario)
}

/** The arguments of every pod (after SWEEP_COMMAND); only JOB_COMPLETION_INDEX differs between pods. */
export function podArgs(o: SweepJobOptions): string[] {
  return ['--seeds', `${o.from}..${o.to}`, '--shards', String(o.shards), '--shard-from-env', '--parallel', String(o.parallel), ...o.runArgs]
}

export function sweepJob(o: SweepJobOptions): IJob {
  const labels = { 'app.kubernetes.io/name': 'simulation-sweep', 'app.kubernetes.io/instance': o.name }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: o.name,
      labels,
      annotations: { 'simulation.sweep/seeds': `${o.from}..${o.to}`, 'simulation.sweep/shards': String(o.shards) },
    },
    spec: {
      completionMode: 'Indexed',
      completions: o.shards,
      parallelism: o.parallelism,
      backoffLimitPerIndex: RETRIES_PER_INDEX,
      podFailurePolicy: {
        rules: [
          // Bad input fails every pod alike: stop the whole Job instead of retrying each index.
          { action: 'FailJob', onExitCodes: { containerName: CONTAINER_NAME, operator: 'In', values: [EXIT_BAD_INPUT] } },
          // A pod evicted or preempted is no fault of the shard: run it again without counting it.
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        ],
      },
      // No ttlSecondsAfterFinished: the results are in the pods' logs until the Job is deleted.
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: CONTAINER_NAME,
            image: o.image,
            imagePullPolicy: 'IfNotPresent',
            workingDir: APP_DIR,
            command: [...SWEEP_COMMAND],
            args: podArgs(o),
            resources: { requests: { cpu: String(o.parallel), memory: `${MEMORY_MIB_BASE + MEMORY_MIB_PER_WORKER * o.parallel}Mi` } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          }],
        },
      },
    },
  }
}

/** The shell lines that wait for the Job, fetch every pod's log and merge them. */
export function collectScript(name: string): string[] {
  const dir = `sweep-${name}`
  return [
    `kubectl wait --for=condition=complete --timeout=24h job/${name}`,
    `mkdir -p ${dir} && for p in $(kubectl get pods -l batch.kubernetes.io/job-name=${name} -o name); do kubectl logs "$p" > "${dir}/\${p#pod/}.log"; done`,
    `npm run sweep -- --collect ${dir}`,
    `kubectl delete job ${name}`,
  ]
}

/** The manifest as YAML, headed by comments that say what it runs and how to collect it. */
export function renderManifest(o: SweepJobOptions, file = 'job.yaml'): string {
  const count = o.to - o.from + 1
  const header = [
    `Seeds ${o.from}..${o.to} (${count}) in ${o.shards} shards of ${Math.floor(count / o.shards)}${count % o.shards ? `–${Math.ceil(count / o.shards)}` : ''} seeds, ${o.parallelism} pods at a time, ${o.parallel} worker(s) each.`,
    `Each pod runs: ${[...SWEEP_COMMAND, ...podArgs(o)].map(shellQuote).join(' ')}`,
    'Build the image: deploy/sweep/README.md. Then:',
    `  kubectl apply -f ${shellQuote(file)}`,
    ...collectScript(o.name).map((l) => `  ${l}`),
  ]
  // A comment ends at a line break: none may hide in a value (the YAML below quotes its own).
  // eslint-disable-next-line no-control-regex
  return `${header.map((l) => `# ${l.replace(/[\u0000-\u001f\u007f\u2028\u2029\u0085]/g, '?')}`).join('\n')}\n${stringify(sweepJob(o), { lineWidth: 0, aliasDuplicateObjects: false })}`
}
