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
import { DaemosInspector } from './daemOS'
import { OneirosInspector } from './oneirOS'
import { KarmosInspector } from './karmOS'
import { LogosInspector } from './logOS'
import { MythosInspector } from './mythOS'
import { NetworkInspector } from './network'
import { NomosInspector } from './nomOS'
import { ThanatosInspector } from './thanatOS'
import { PandemoniosInspector } from './pandemoniOS'
import { HarmoniosInspector } from './harmoniOS'
import { AnomosInspector } from './anomOS'
import { TheosInspector } from './theOS'

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
  theOS: TheosInspector,
  daemOS: DaemosInspector,
  hypnOS: HypnosInspector,
  oneirOS: OneirosInspector,
  thanatOS: ThanatosInspector,
  nomOS: NomosInspector,
  pandemoniOS: PandemoniosInspector,
  harmoniOS: HarmoniosInspector,
  anomOS: AnomosInspector,
  logOS: LogosInspector,
}
