/**
 * A tiny event loop over FakeCtx: runs mythOS alone, timer by timer, with hand-made crashes,
 * restarts and proposals, and lets a test look at every RPC the moment it is put on the network
 * and at the state after every event (what the windowed harness cannot show).
 */
import { RaftChecker } from '../../../checkers/raft'
import { simUs } from '../../../kernel/time'
import type { Delivery, LoggedEvent } from '../../../kernel/types'
import type { WorldStatus } from '../../../kernel/worlds'
import type { ScenarioInput } from '../../../scenario/schema'
import { mythOS, type MythosState } from '../index'
import { voterIds } from '../settings'
import type { PacketTimer, RaftMsg } from '../rpc'
import { FakeCtx } from './fakeCtx'

export class RaftLoop {
  readonly ctx: FakeCtx
  readonly s: MythosState
  /** Every RPC put on the network, with its send time, in order. */
  readonly sent: { t: number; m: RaftMsg }[] = []
  readonly events: LoggedEvent[] = []
  readonly checker: RaftChecker
  /** Called after every event (timer or delivery), with the loop. */
  onEvent: ((loop: RaftLoop) => void) | null = null
  /** Called for every RPC as it is put on the network. */
  onSend: ((t: number, m: RaftMsg, loop: RaftLoop) => void) | null = null
  private inbox: { at: number; seq: number; type: string; data: unknown }[] = []
  private seq = 0
  private seenTimerId = 0
  private seenEvents = 0
  private seenMsgs = new WeakSet<RaftMsg>()

  constructor(input: ScenarioInput = {}) {
    this.ctx = new FakeCtx(input)
    this.s = mythOS.init(this.ctx)
    this.checker = new RaftChecker(this.ctx.scenario.seed, voterIds(this.ctx.scenario.nodes.count, this.ctx.settings.votersMax))
    this.collect()
  }

  get now(): number {
    return this.ctx.now
  }

  private push(at: number, type: string, data: unknown): this {
    this.inbox.push({ at, seq: this.seq++, type, data })
    this.inbox.sort((a, b) => a.at - b.at || a.seq - b.seq)
    return this
  }

  /** atmOS's announcement of a world's new status (the kernel's mirror is updated as it is delivered). */
  private status(at: number, node: number, from: WorldStatus, status: WorldStatus): this {
    return this.push(at, 'world_status', { node, from, status, reason: 'test', requester: 'chaOS' })
  }
  crash(at: number, node: number): this {
    return this.status(at, node, 'up', 'crashed')
  }
  /** The world boots (restarting) and is up again at the same instant. */
  restart(at: number, node: number): this {
    return this.status(at, node, 'crashed', 'restarting').status(at, node, 'restarting', 'up')
  }
  propose(at: number, node: number, id: string): this {
    return this.push(at, 'propose', { node, id, text: `text of ${id}` })
  }

  /** Process every event before `untilUs`. */
  run(untilUs: number): this {
    for (;;) {
      let timer: { id: number; at: number } | undefined
      for (const t of this.ctx.timers) if (!timer || t.at < timer.at || (t.at === timer.at && t.id < timer.id)) timer = t
      const msg = this.inbox[0]
      const next = Math.min(timer?.at ?? Infinity, msg?.at ?? Infinity)
      if (next >= untilUs) break
      this.ctx.at(next)
      if (msg && msg.at === next) {
        this.inbox.shift()
        const d: Delivery = { from: 'atmOS', at: simUs(next), seq: msg.seq, type: msg.type, data: msg.data, deliverAt: simUs(next), recipient: 'mythOS' }
        if (msg.type === 'world_status') {
          const w = msg.data as { node: number; status: WorldStatus }
          this.ctx.worlds[w.node] = w.status
        }
        mythOS.onMessage(this.s, d as Parameters<typeof mythOS.onMessage>[1], this.ctx)
      } else {
        const t = this.ctx.timers.find((x) => x.id === timer!.id)!
        this.ctx.cancel(t.id)
        mythOS.onTimer(this.s, t.payload, this.ctx)
      }
      this.collect()
      this.onEvent?.(this)
    }
    this.ctx.at(Math.max(this.ctx.now, untilUs))
    return this
  }

  private collect(): void {
    for (const t of this.ctx.timers) {
      if (t.id <= this.seenTimerId) continue
      const p = t.payload as unknown as PacketTimer
      if (p.k === 'rpc' && !this.seenMsgs.has(p.m)) {
        this.seenMsgs.add(p.m)
        this.sent.push({ t: p.sentUs, m: p.m })
        this.onSend?.(p.sentUs, p.m, this)
      }
    }
    for (const t of this.ctx.timers) this.seenTimerId = Math.max(this.seenTimerId, t.id)
    for (; this.seenEvents < this.ctx.events.length; this.seenEvents++) {
      const e = this.ctx.events[this.seenEvents]!
      const logged: LoggedEvent = { t: simUs(this.ctx.now), layer: 'mythOS', node: e.node, type: e.type, data: e.data, offset: this.events.length }
      this.events.push(logged)
      this.checker.onEvent(logged)
    }
  }

  ofType(type: string): LoggedEvent[] {
    return this.events.filter((e) => e.type === type)
  }

  leader(): number | null {
    let best: { id: number; term: number } | null = null
    for (const nd of this.s.nodes) if (nd.up && nd.role === 'leader' && (!best || nd.term > best.term)) best = { id: nd.id, term: nd.term }
    return best?.id ?? null
  }
}
