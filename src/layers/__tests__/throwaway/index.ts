/**
 * echOS — a throwaway layer that exists only to prove the contract: one module, registered with one
 * line (see ../contract.test.ts), that consumes what other layers send (world_status, leader),
 * sends its own typed message, takes an intervention, publishes a metric and has settings in the
 * scenario. It is not part of the pantheon.
 */
import { z } from 'zod'
import { int } from '../../../scenario/base'
import { WorldStatusMsg } from '../../../kernel/worlds'
import { defineLayer } from '../../define'
import { LeaderMsg } from '../../mythOS/messages'

export const EchoMsg = z.strictObject({ text: z.string().max(100), heard: z.number().int().min(0) })
export const ShoutIntervention = z.strictObject({ kind: z.literal('shout'), atUs: int(0, Number.MAX_SAFE_INTEGER), text: z.string().max(100) })

interface EchoState { heard: number; leaders: number; lastText: string }

export const echOS = defineLayer({
  name: 'echOS',
  role: 'test: echoes what it hears',
  reference: 'none',
  settings: z.strictObject({ loud: z.boolean().default(false) }),
  requires: ['atmOS'],
  consumes: { world_status: WorldStatusMsg, leader: LeaderMsg },
  sends: { echo: EchoMsg },
  interventions: { shout: ShoutIntervention },
  init: (): EchoState => ({ heard: 0, leaders: 0, lastText: '' }),
  onMessage(s, msg, ctx) {
    s.heard++
    switch (msg.type) {
      case 'world_status':
        // The kernel applied the announcement to this layer's mirror before handing it over.
        ctx.emit('heard_world', msg.data.node, { status: msg.data.status, mirror: ctx.worlds[msg.data.node]! })
        return
      case 'leader':
        s.leaders++
        return
      case 'shout':
        s.lastText = msg.data.text
        ctx.emit('shouted', null, { text: msg.data.text, loud: ctx.settings.loud })
        ctx.send('echo', { text: msg.data.text, heard: s.heard })
        return
    }
  },
  onTimer() {},
  metrics: { heard: { unit: 'messages', per: 'cluster', description: 'messages echOS received so far' } },
  sample: (s) => ({ heard: s.heard }),
  view: (s) => ({ heard: s.heard, leaders: s.leaders, lastText: s.lastText }),
  summary: (s) => ({ heard: s.heard, leaders: s.leaders }),
})
