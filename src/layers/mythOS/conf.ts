/**
 * A membership change as a log entry (Raft dissertation §4.1, single-server changes; etcd's
 * ConfChange entries): a conf entry's text names the whole new voter set, ascending, so any node
 * reads its configuration from its own log. Its digest covers that text, so the hash chain
 * vouches for the configuration like for any other entry.
 */
import type { NodeId } from '../../kernel/types'

const PREFIX = 'voters '

/** The text of a conf entry for this voter set (ids ascending, comma-separated). */
export const confText = (voters: readonly NodeId[]): string => PREFIX + [...voters].sort((a, b) => a - b).join(',')

/** The voter set a conf entry's text names; null when the text is not one (a corrupted or foreign entry). */
export function parseConf(text: string): NodeId[] | null {
  if (!text.startsWith(PREFIX)) return null
  const body = text.slice(PREFIX.length)
  if (body === '') return []
  const ids: NodeId[] = []
  for (const part of body.split(',')) {
    if (!/^(0|[1-9][0-9]{0,6})$/.test(part)) return null
    const id = Number(part)
    if (ids.length > 0 && id <= ids[ids.length - 1]!) return null
    ids.push(id)
  }
  return ids
}
