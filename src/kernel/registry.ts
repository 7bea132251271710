/**
 * A registry: the ordered list of layer modules a host or a coordinator knows, and what derives
 * from it — the layer index (delivery order: position in the list, so the list is append-only),
 * routing by consumed type, the owner of each intervention kind. Built once per list.
 */
import type { z } from 'zod'
import type { AnyLayerModule } from './layer'
import type { LayerName } from './types'

/** Every type a module receives: what it consumes and the interventions addressed to it. */
export const consumedTypes = (m: AnyLayerModule): string[] => [...Object.keys(m.consumes), ...Object.keys(m.interventions)]

export class LayerRegistry {
  readonly modules: readonly AnyLayerModule[]
  private readonly byName = new Map<LayerName, AnyLayerModule>()
  private readonly index = new Map<LayerName, number>()
  /** Message type → every module that consumes it, in layer order. */
  private readonly consumers = new Map<string, LayerName[]>()
  /** Message type → its one schema (the same object wherever the type is declared). */
  readonly schemas = new Map<string, z.ZodType>()
  /** Intervention kind → the layer it is addressed to. */
  readonly interventionOwner = new Map<string, LayerName>()

  constructor(modules: readonly AnyLayerModule[]) {
    this.modules = modules
    modules.forEach((m, i) => {
      if (this.byName.has(m.name)) throw new Error(`layer ${m.name} is registered twice`)
      this.byName.set(m.name, m)
      this.index.set(m.name, i)
    })
    for (const m of modules) {
      for (const [type, schema] of [...Object.entries(m.consumes), ...Object.entries(m.interventions), ...Object.entries(m.sends)]) {
        const known = this.schemas.get(type)
        if (known && known !== schema) throw new Error(`message type '${type}' has two different schemas (one declared by ${m.name}): declare it once and import it`)
        this.schemas.set(type, schema)
      }
      for (const type of consumedTypes(m)) {
        const list = this.consumers.get(type) ?? []
        list.push(m.name)
        this.consumers.set(type, list)
      }
      for (const kind of Object.keys(m.interventions)) {
        const other = this.interventionOwner.get(kind)
        if (other) throw new Error(`intervention '${kind}' is claimed by ${other} and ${m.name}`)
        this.interventionOwner.set(kind, m.name)
      }
      for (const r of m.requires ?? []) if (!modules.some((x) => x.name === r)) throw new Error(`${m.name} requires ${r}, which is not registered`)
    }
  }

  get(name: LayerName): AnyLayerModule | undefined {
    return this.byName.get(name)
  }

  has(name: LayerName): boolean {
    return this.byName.has(name)
  }

  /** Delivery-order index of a layer (its position in the list). */
  indexOf(name: LayerName): number {
    const i = this.index.get(name)
    if (i === undefined) throw new Error(`no layer named ${name}`)
    return i
  }

  /** Layers of `running` that consume `type`, in layer order. */
  consumersOf(type: string): readonly LayerName[] {
    return this.consumers.get(type) ?? []
  }

  /** `names` sorted by layer index. */
  ordered(names: readonly LayerName[]): LayerName[] {
    return [...names].sort((a, b) => this.indexOf(a) - this.indexOf(b))
  }
}
