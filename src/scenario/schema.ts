import { z } from 'zod'
import type { AnyLayerModule } from '../kernel/layer'
import { MANIFESTS as LAYERS, NETWORK_LAYERS } from '../layers/manifests'
import { int, NETWORKS, NodesSchema } from './base'

/**
 * The scenario: everything that determines a run. One schema for the UI, the URL codec and the
 * CLI, composed from the layers' own settings slices and interventions (src/layers/index.ts is the
 * one list). Every number names its unit. Unknown keys anywhere are errors that name the key.
 * Defaults make `ScenarioSchema.parse({})` a complete scenario; defaultScenario() is the one a new run starts from.
 *
 * Format 2: which layers run is data (`run`); chaOS's sliders are its settings slice
 * (`layers.chaOS`). A format-1 link is migrated (migrations.ts) to run exactly what it ran.
 */

export const FORMAT_VERSION = 2
/**
 * The engine version: bumped on purpose whenever a change alters what a scenario does (its
 * fingerprint). Golden links (golden.json) fail a test when a run changes without a bump.
 */
export const ENGINE_VERSION = '0.7.0'

export { LAYOUTS, NETWORKS, NodesSchema } from './base'
export { JITTER_DISTRIBUTIONS } from '../layers/pneumOS/settings'
export { CHAOS_SLIDERS, ChaosSettings as ChaosSchema, FAULT_KINDS, FAULT_TARGETS, FaultTargetSchema, type ChaosSliders, type FaultTarget } from '../layers/chaOS/settings'

/**
 * The optional layers a format-2 scenario runs when it does not say (`run` omitted): frozen as
 * part of format 2. The encoder always writes `run`, so a link says which layers it runs.
 */
export const FORMAT2_DEFAULT_RUN = ['atmOS', 'chaOS', 'mythOS'] as const

/**
 * Longest scenario (its JSON) the schema accepts. Raw DEFLATE never grows data by more than a few
 * bytes per 16 KiB block and base64 adds a third, so any accepted scenario gives a link of at most
 * ≈ 1.34 × this + a few dozen characters: under the decoder's 262 144 (url.ts MAX_LINK_CHARS),
 * and under its 1 MiB inflated-size limit. Checked in url.test.ts with incompressible content.
 */
export const MAX_SCENARIO_JSON_CHARS = 190_000

/** What the schema needs of a layer: its manifest (a module has these too). */
type Modules = readonly Pick<AnyLayerModule, 'name' | 'settings' | 'interventions' | 'requires'>[]
type SettingsShape<L extends Modules> = { [M in L[number] as M['name']]: z.ZodPrefault<M['settings']> }
type InterventionOf<L extends Modules> = { [M in L[number] as M['name']]: z.infer<M['interventions'][keyof M['interventions']]> }[L[number]['name']]

/**
 * The scenario schema for a list of layer modules (the pantheon's, or a test's with a throwaway
 * layer appended): their settings under `layers`, their interventions in `interventions`, the
 * optional ones (all but the networks) selectable in `run`.
 */
export function makeScenarioSchema<const L extends Modules>(modules: L, defaultRun: readonly string[]) {
  const byName = new Map(modules.map((m) => [m.name, m]))
  const optional = modules.map((m) => m.name).filter((n) => !(NETWORK_LAYERS as readonly string[]).includes(n))
  const settings = Object.fromEntries(modules.map((m) => [m.name, m.settings.prefault({})])) as SettingsShape<L>
  const interventionSchemas = modules.flatMap((m) => Object.values(m.interventions)) as [z.ZodObject, ...z.ZodObject[]]
  const owner = new Map<string, string>()
  for (const m of modules) for (const k of Object.keys(m.interventions)) owner.set(k, m.name)
  const Intervention = z.discriminatedUnion('kind', interventionSchemas) as unknown as z.ZodType<InterventionOf<L>>

  return z
    .strictObject({
      format: z.literal(FORMAT_VERSION).default(FORMAT_VERSION),
      engine: z.string().max(32).default(ENGINE_VERSION),
      seed: int(0, 0xffff_ffff).default(1),
      nodes: NodesSchema.prefault({}),
      network: z.enum(NETWORKS).default('pneumOS'),
      /** Window length, µs; a whole number of ms so that whole-second stop times fall on the grid. */
      quantumUs: int(1_000, 100_000)
        .refine((q) => q % 1_000 === 0, 'quantumUs must be a whole number of milliseconds (a multiple of 1000)')
        .default(10_000),
      /** The metrics channel's grid, ms of sim time: every layer's metrics are sampled at each multiple. */
      metricsIntervalMs: int(100, 60_000).default(1_000),
      /** The optional layers that run, besides the network (`network`) and the kernel's own. */
      run: z.array(z.enum(optional as [string, ...string[]])).max(optional.length).default([...defaultRun]),
      layers: z.strictObject(settings).prefault({} as never),
      interventions: z.array(Intervention).max(10_000).default([]),
      /** Optional stop time, µs: the run pauses there (rounded up to the window grid). */
      stopUs: int(0, Number.MAX_SAFE_INTEGER).optional(),
    })
    .superRefine((s, ctx) => {
      const running = new Set<string>([...s.run, s.network])
      s.run.forEach((name, i) => {
        if (s.run.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['run', i], message: `${name} is listed twice` })
        for (const r of byName.get(name)?.requires ?? [])
          if (!running.has(r)) ctx.addIssue({ code: 'custom', path: ['run'], message: `${name} needs ${r}, which this scenario does not run` })
      })
      s.interventions.forEach((iv, i) => {
        const { kind } = iv as { kind: string }
        const to = owner.get(kind)!
        if (!running.has(to)) ctx.addIssue({ code: 'custom', path: ['interventions', i, 'kind'], message: `a '${kind}' intervention is for ${to}, which this scenario does not run` })
        const node = (iv as { target?: unknown; node?: unknown; to?: unknown })
        for (const key of ['target', 'node', 'to'] as const) {
          const v = node[key]
          if (typeof v === 'number' && v >= s.nodes.count) ctx.addIssue({ code: 'custom', path: ['interventions', i, key], message: `no world ${v} (there are ${s.nodes.count})` })
        }
      })
      const chars = JSON.stringify(s).length
      if (chars > MAX_SCENARIO_JSON_CHARS)
        ctx.addIssue({ code: 'custom', path: [], message: `the scenario is too large to share (${chars} characters of JSON; at most ${MAX_SCENARIO_JSON_CHARS}): fewer interventions` })
    })
}

export const ScenarioSchema = makeScenarioSchema(LAYERS, FORMAT2_DEFAULT_RUN)

export type Scenario = z.infer<typeof ScenarioSchema>
export type ScenarioInput = z.input<typeof ScenarioSchema>
export type Intervention = Scenario['interventions'][number]
export type LayerSettings = Scenario['layers']

/**
 * What a new scenario runs (the app's first run, an empty link, the CLI without --scenario): every
 * built optional layer. Not part of the format: a link always says which layers it runs, and one
 * that omits `run` gets FORMAT2_DEFAULT_RUN.
 */
export const DEFAULT_RUN: readonly string[] = ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS', 'karmOS', 'theOS', 'daemOS', 'hypnOS', 'oneirOS', 'thanatOS', 'nomOS', 'pandemoniOS', 'harmoniOS', 'anomOS']

export const defaultScenario = (): Scenario => ScenarioSchema.parse({ run: DEFAULT_RUN })

/** The layers that run for this scenario, in pantheon order (logOS is the kernel's own sink). */
export function activeLayers(s: Pick<Scenario, 'run' | 'network'>): string[] {
  const running = new Set<string>([...s.run, s.network])
  return LAYERS.map((m) => m.name).filter((n) => running.has(n))
}
