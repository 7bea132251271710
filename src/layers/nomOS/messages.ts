import { z } from 'zod'
import { PartitionStartMsg } from '../net/messages'
import { ADMISSION_ACTIONS } from './settings'

/**
 * Admission review (Kubernetes' AdmissionReview, as a validating webhook receives it): the layer
 * that would act — atmOS for a world's life, chaOS for a partition — asks nomOS before acting and
 * acts only on `allowed`. `review` ("atmOS#12") names the request in every event that follows.
 */
const count = z.number().int().min(0)
export const ASKERS = ['atmOS', 'chaOS'] as const

export const AdmissionReviewMsg = z.strictObject({
  asker: z.enum(ASKERS),
  id: count,
  action: z.enum(ADMISSION_ACTIONS),
  /** The world acted on; null for a partition (its cut is in `partition`). */
  target: count.nullable(),
  partition: PartitionStartMsg.nullable(),
  requester: z.string().max(40),
  reason: z.string().max(200),
  /** A random fault of chaOS's (admitted unjudged when the scenario puts chaos above the law). */
  random: z.boolean(),
})
export type AdmissionReviewMsg = z.infer<typeof AdmissionReviewMsg>

export const AdmissionResponseMsg = z.strictObject({
  asker: z.enum(ASKERS),
  id: count,
  review: z.string().max(40),
  allowed: z.boolean(),
  /** The rule that denied it and its message (null when allowed). */
  rule: z.string().max(40).nullable(),
  message: z.string().max(2_000).nullable(),
})
export type AdmissionResponseMsg = z.infer<typeof AdmissionResponseMsg>

export const reviewName = (asker: string, id: number): string => `${asker}#${id}`
