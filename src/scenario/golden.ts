/**
 * Golden links: a committed set of share links (golden.json) with the fingerprint each gives, to the
 * stated sim time, with every checker on. A change that alters any of them must bump ENGINE_VERSION
 * and regenerate them on purpose (`npm run golden`), so a link's promise is never broken silently.
 */
import { allCheckers } from '../checkers'
import { runInProcessWith } from '../cosmos/run'
import { registry } from '../layers/index'
import { activeLayers, type Scenario } from './schema'

export interface GoldenLink {
  name: string
  /** The link's fragment, verbatim as it was shared. */
  link: string
  untilS: number
  fingerprint: string
  events: number
}

export interface GoldenFile {
  /** The engine the fingerprints were computed with. */
  engine: string
  note: string
  links: GoldenLink[]
}

export async function goldenFingerprint(s: Scenario, untilS: number): Promise<{ fingerprint: string; events: number; violations: number }> {
  const r = await runInProcessWith(s, { untilUs: untilS * 1_000_000, registry, layers: activeLayers(s), checkers: allCheckers(s), validate: true })
  if (r.cosmos.error) throw new Error(r.cosmos.error)
  return { fingerprint: r.fingerprint, events: r.events.length, violations: r.violations.length }
}
