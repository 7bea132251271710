/** The shrink worker's messages (src/workers/shrink.worker.ts): types only. */
import type { Scenario } from '../scenario/schema'
import type { ShrinkProgress, ShrinkResult } from './shrink'

export interface ShrinkRequest {
  scenario: Scenario
  untilUs: number
}

export type ShrinkReply =
  | { type: 'progress'; progress: ShrinkProgress }
  | { type: 'done'; result: ShrinkResult }
  | { type: 'error'; message: string; notFailing: boolean }
