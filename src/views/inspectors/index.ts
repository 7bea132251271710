/**
 * Inspectors are registered per layer (DESIGN §3.1): a layer with an entry here gets its own
 * inspector; any other built layer shows its live view as data (RawView in LayerInspector).
 */
import type { ComponentType } from 'react'
import { AtmosInspector } from './atmOS'
import { ChaosInspector } from './chaOS'
import { ChronosInspector } from './chronOS'
import { CosmosInspector } from './cosmOS'
import { EtymosInspector } from './etymOS'
import { HypnosInspector } from './hypnOS'
import { OneirosInspector } from './oneirOS'
import { KarmosInspector } from './karmOS'
import { LogosInspector } from './logOS'
import { MythosInspector } from './mythOS'
import { NetworkInspector } from './network'
import { NomosInspector } from './nomOS'
import { HarmoniosInspector } from './harmoniOS'
import { AnomosInspector } from './anomOS'

export const INSPECTORS: Readonly<Record<string, ComponentType>> = {
  cosmOS: CosmosInspector,
  atmOS: AtmosInspector,
  pneumOS: NetworkInspector,
  aetherOS: NetworkInspector,
  chaOS: ChaosInspector,
  chronOS: ChronosInspector,
  mythOS: MythosInspector,
  etymOS: EtymosInspector,
  karmOS: KarmosInspector,
  hypnOS: HypnosInspector,
  oneirOS: OneirosInspector,
  nomOS: NomosInspector,
  harmoniOS: HarmoniosInspector,
  anomOS: AnomosInspector,
  logOS: LogosInspector,
}
