/**
 * thanatOS — graceful death and birth of worlds (Kubernetes pod termination; Raft membership
 * changes, dissertation §4.1; etcd learners).
 *
 * A decommission (the user's, from the world menu or a link) runs these steps in order, each
 * waiting for what it asked of the layer that owns it:
 *   drain       atmOS: the world goes draining (through nomOS's admission while it runs) — no new work
 *   handoff     theOS: its workloads are rescheduled elsewhere within their disruption budgets
 *               (handoff_status 0; skipped without theOS)
 *   leadership  mythOS: if it leads, leadership moves to the most caught-up voter (TimeoutNow)
 *   replace     mythOS: if it is a voter, a caught-up learner is promoted first (keepVoters)
 *   remove      mythOS: it leaves the voter set (a conf entry, committed by the others)
 *   kill        atmOS: decommissioned
 * The grace period (30 s) runs from the start, as Kubernetes' does from SIGTERM: when it expires
 * the world is decommissioned whatever is left — unless it is still a voter and the live voters
 * without it would be fewer than a quorum, in which case thanatOS holds (a decommission never
 * costs the cluster its quorum) and says so. A crashed world skips drain, hand-off and
 * leadership. A join (scale up) asks mythOS to promote a learner, again each time mythOS says it
 * is not caught up yet, until it is a voter or joinTimeoutMs passes.
 */
import { US_PER_MS, simUs } from '../../kernel/time'
import type { Json, NodeId } from '../../kernel/types'
import { defineLayer } from '../define'
import { voterIds } from '../mythOS/settings'
import type { MythosSettings } from '../mythOS/settings'
import { quorum } from '../mythOS/state'
import { THANATOS_CONSUMES, THANATOS_INTERVENTIONS, THANATOS_SENDS, type ThanatosCtx } from './contract'
import { THANATOS_EVENTS } from './events'
import { thanatOSManifest } from './manifest'
import { KEEP_FINISHED, STEPS, thanatosView, type StepName, type Termination, type ThanatosState, type ThanatosView } from './view'

export type { ThanatosState, ThanatosView } from './view'

const TICK = { k: 'tick' }

function startStep(t: Termination, name: StepName, now: number, note: string): void {
  const st = t.steps[name]
  st.state = 'active'
  st.startedUs = now
  st.note = note
}

function endStep(t: Termination, name: StepName, now: number, state: 'done' | 'skipped', note?: string): void {
  const st = t.steps[name]
  st.state = state
  if (st.startedUs === null) st.startedUs = now
  st.endedUs = now
  if (note !== undefined) st.note = note
}

const current = (t: Termination): StepName | null => STEPS.find((n) => t.steps[n].state === 'pending' || t.steps[n].state === 'active') ?? null

function finish(s: ThanatosState, t: Termination, ctx: ThanatosCtx, outcome: 'completed' | 'aborted', reason: string): void {
  t.outcome = outcome
  t.endedUs = ctx.now
  t.reason = reason
  if (outcome === 'completed') {
    s.stats.completed++
    s.stats.tookUsTotal += ctx.now - t.startedUs
    ctx.emit('decommission_completed', t.node, { termination: t.id, tookUs: ctx.now - t.startedUs, graceful: !t.graceExpired })
  } else {
    s.stats.aborted++
    for (const n of STEPS) if (t.steps[n].state === 'active' || t.steps[n].state === 'pending') { t.steps[n].state = 'skipped'; t.steps[n].note = 'aborted' }
    ctx.emit('decommission_aborted', t.node, { termination: t.id, reason })
  }
  const done = s.terminations.filter((x) => x.outcome !== 'running')
  if (done.length > KEEP_FINISHED) s.terminations = s.terminations.filter((x) => x.outcome === 'running' || done.indexOf(x) >= done.length - KEEP_FINISHED)
}

/** Ask mythOS for one membership change (one at a time: it refuses a second while one is pending anyway). */
function askMembership(s: ThanatosState, ctx: ThanatosCtx, node: NodeId, action: 'add' | 'remove'): void {
  const retry = ctx.settings.retryMs * US_PER_MS
  const a = s.ask
  if (a !== null) {
    if (a.node !== node || a.action !== action) return // another change is on its way
    const waited = ctx.now - (a.appendedUs ?? a.sentUs)
    if (waited < (a.appendedUs === null ? retry : ctx.settings.commitTimeoutMs * US_PER_MS)) return
  }
  s.ask = { node, action, sentUs: ctx.now, appendedUs: null }
  ctx.send('membership_change', { node, action, requester: 'thanatOS' })
}

/** Voters of `voters` other than `node` that serve now: up or draining (not down, not fenced). */
const servingOthers = (ctx: ThanatosCtx, voters: readonly NodeId[], node: NodeId): number =>
  voters.filter((v) => v !== node && (ctx.worlds[v] === 'up' || ctx.worlds[v] === 'draining')).length

/** The learner to promote in place of a leaving voter: the lowest id up, not leaving, not a voter. */
function pickReplacement(s: ThanatosState, ctx: ThanatosCtx, leaving: NodeId): NodeId | null {
  const busy = new Set(s.terminations.filter((t) => t.outcome === 'running').map((t) => t.node))
  for (let i = 0; i < s.n; i++) {
    if (i === leaving || busy.has(i) || s.voters.includes(i) || ctx.worlds[i] !== 'up') continue
    return i
  }
  return null
}

function advance(s: ThanatosState, t: Termination, ctx: ThanatosCtx): void {
  const status = ctx.worlds[t.node] ?? 'decommissioned'
  const retry = ctx.settings.retryMs * US_PER_MS
  const due = ctx.now - t.askedUs >= retry
  // The grace period: past it, the world goes whatever is left — unless that costs the quorum.
  if (!t.graceExpired && ctx.now >= t.graceUntilUs && t.steps.kill.state === 'pending') {
    const step = current(t) ?? 'kill'
    const stillVoter = s.voters.includes(t.node)
    const q = { live: servingOthers(ctx, s.voters, t.node), need: quorum(s.voters.length) }
    const held = stillVoter && q.live < q.need
    t.graceExpired = !held
    if (!held) s.stats.graceExpired++
    ctx.emit('grace_expired', t.node, { termination: t.id, step, held, reason: held ? `still a voter and only ${q.live} of the other voters are live (a quorum needs ${q.need}): holding` : 'the rest is cut short' })
    if (held) t.graceUntilUs = ctx.now + retry * 10 // judged again a little later
    else for (const n of ['drain', 'handoff', 'leadership', 'replace'] as const) if (t.steps[n].state !== 'done' && t.steps[n].state !== 'skipped') endStep(t, n, ctx.now, 'skipped', 'cut short by the grace period')
  }
  if (status === 'decommissioned' && t.steps.kill.state !== 'done') endStep(t, 'kill', ctx.now, 'done', 'decommissioned')
  const down = status === 'crashed' || status === 'restarting' || status === 'decommissioned'
  for (;;) {
    const step = current(t)
    if (step === null) {
      finish(s, t, ctx, 'completed', 'done')
      return
    }
    const st = t.steps[step]
    switch (step) {
      case 'drain': {
        if (down) { endStep(t, 'drain', ctx.now, 'skipped', `the world is ${status}`); continue }
        if (status === 'draining') { endStep(t, 'drain', ctx.now, 'done'); ctx.emit('drain_started', t.node, { termination: t.id }); continue }
        if (st.state === 'pending' || due) {
          if (st.state === 'pending') startStep(t, 'drain', ctx.now, 'atmOS drains it (no new work)')
          t.askedUs = ctx.now
          if (status === 'up') ctx.send('lifecycle_request', { node: t.node, action: 'drain', reason: `decommission #${t.id} (graceful)`, requester: 'thanatOS' })
        }
        return
      }
      case 'handoff': {
        if (down) { endStep(t, 'handoff', ctx.now, 'skipped', `the world is ${status}`); continue }
        if (!ctx.scenario.run.includes('theOS')) {
          endStep(t, 'handoff', ctx.now, 'skipped', 'no workloads to move (theOS is not running)')
          ctx.emit('handoff_done', t.node, { termination: t.id, waitedUs: 0, workloads: false })
          continue
        }
        if (st.state === 'pending') startStep(t, 'handoff', ctx.now, 'theOS reschedules its workloads')
        const pods = s.pods[t.node]
        if (pods === 0) {
          endStep(t, 'handoff', ctx.now, 'done', 'its workloads run elsewhere')
          ctx.emit('handoff_done', t.node, { termination: t.id, waitedUs: ctx.now - st.startedUs!, workloads: true })
          continue
        }
        st.note = pods === undefined ? 'waiting for theOS' : `${pods} workload${pods === 1 ? '' : 's'} still there`
        return
      }
      case 'leadership': {
        if (down) { endStep(t, 'leadership', ctx.now, 'skipped', `the world is ${status}`); continue }
        const leads = s.leader !== null && s.leader.node === t.node
        if (!leads) {
          if (st.state === 'pending') endStep(t, 'leadership', ctx.now, 'skipped', 'not the leader')
          else { endStep(t, 'leadership', ctx.now, 'done', `world ${s.leader?.node ?? '?'} leads`); ctx.emit('leadership_moved', t.node, { termination: t.id, to: s.leader?.node ?? null, waitedUs: ctx.now - st.startedUs! }) }
          continue
        }
        if (st.state === 'pending' || due) {
          if (st.state === 'pending') startStep(t, 'leadership', ctx.now, 'mythOS hands leadership over (TimeoutNow)')
          t.askedUs = ctx.now
          ctx.send('leadership_transfer', { node: t.node, requester: 'thanatOS' })
        }
        return
      }
      case 'replace': {
        if (!s.voters.includes(t.node) || !ctx.settings.keepVoters) { endStep(t, 'replace', ctx.now, 'skipped', !ctx.settings.keepVoters ? 'keepVoters is off' : 'not a voter'); continue }
        if (t.replacement !== null && s.voters.includes(t.replacement)) { endStep(t, 'replace', ctx.now, 'done', `world ${t.replacement} promoted`); continue }
        if (t.replacement === null || ctx.worlds[t.replacement] !== 'up') t.replacement = pickReplacement(s, ctx, t.node)
        if (t.replacement === null) { endStep(t, 'replace', ctx.now, 'skipped', 'no learner to promote'); continue }
        if (st.state === 'pending') startStep(t, 'replace', ctx.now, `promoting learner ${t.replacement}`)
        askMembership(s, ctx, t.replacement, 'add')
        return
      }
      case 'remove': {
        if (!s.voters.includes(t.node)) {
          if (st.state === 'pending') endStep(t, 'remove', ctx.now, 'skipped', 'not a voter')
          else endStep(t, 'remove', ctx.now, 'done')
          continue
        }
        if (st.state === 'pending') startStep(t, 'remove', ctx.now, 'leaving the voter set')
        // The new configuration must be able to commit it: a quorum of its voters live (else the
        // cluster would stall on the change itself). Otherwise wait for the others to come back.
        const rest = s.voters.filter((v) => v !== t.node)
        const live = servingOthers(ctx, rest, t.node)
        if (live < quorum(rest.length)) {
          st.note = `waiting: only ${live} of the ${rest.length} other voters are live (the new configuration needs ${quorum(rest.length)})`
          return
        }
        st.note = 'leaving the voter set'
        askMembership(s, ctx, t.node, 'remove')
        if (!t.graceExpired) return
        // Past the grace period (and quorum-safe): the world goes now, its removal goes on after.
        if (t.steps.kill.state === 'pending') killStep(t, ctx, status, due)
        return
      }
      case 'kill':
        killStep(t, ctx, status, due)
        return
    }
  }
}

function killStep(t: Termination, ctx: ThanatosCtx, status: string, due: boolean): void {
  const st = t.steps.kill
  if (st.state === 'pending' || due) {
    if (st.state === 'pending') startStep(t, 'kill', ctx.now, 'atmOS decommissions it')
    t.askedUs = ctx.now
    if (status !== 'decommissioned') ctx.send('lifecycle_request', { node: t.node, action: 'decommission', reason: `decommission #${t.id}${t.graceExpired ? ' (grace period expired)' : ' (graceful)'}`, requester: 'thanatOS' })
  }
}

function advanceJoins(s: ThanatosState, ctx: ThanatosCtx): void {
  const keep = []
  for (const j of s.joins) {
    if (s.voters.includes(j.node)) continue // member_added said it
    if (ctx.now - j.startedUs > ctx.settings.joinTimeoutMs * US_PER_MS || ctx.worlds[j.node] === 'decommissioned') {
      ctx.emit('join_aborted', j.node, { reason: ctx.worlds[j.node] === 'decommissioned' ? 'the world was decommissioned' : 'it did not catch up in time' })
      continue
    }
    askMembership(s, ctx, j.node, 'add')
    keep.push(j)
  }
  s.joins = keep
}

function tick(s: ThanatosState, ctx: ThanatosCtx): void {
  for (const t of s.terminations) if (t.outcome === 'running') advance(s, t, ctx)
  advanceJoins(s, ctx)
}

function newTermination(s: ThanatosState, ctx: ThanatosCtx, node: NodeId, requester: string): Termination {
  const step = () => ({ state: 'pending' as const, startedUs: null, endedUs: null, note: '' })
  return {
    id: s.nextId++, node, requester, startedUs: ctx.now, graceUntilUs: ctx.now + ctx.settings.gracePeriodMs * US_PER_MS, graceExpired: false, replacement: null,
    steps: { drain: step(), handoff: step(), leadership: step(), replace: step(), remove: step(), kill: step() },
    outcome: 'running', endedUs: null, reason: '', askedUs: ctx.now,
  }
}

export const thanatOS = defineLayer({
  ...thanatOSManifest,
  consumes: THANATOS_CONSUMES,
  interventions: THANATOS_INTERVENTIONS,
  sends: THANATOS_SENDS,
  events: THANATOS_EVENTS,
  init(ctx): ThanatosState {
    const n = ctx.scenario.nodes.count
    const mythos = ctx.scenario.layers['mythOS'] as MythosSettings | undefined
    ctx.schedule(simUs(ctx.settings.retryMs * US_PER_MS), TICK as unknown as Json)
    return {
      nowUs: 0, n, voters: voterIds(n, mythos?.votersMax ?? 5), leader: null, pods: {}, terminations: [], joins: [], ask: null, nextId: 1,
      stats: { started: 0, completed: 0, aborted: 0, graceExpired: 0, membersAdded: 0, membersRemoved: 0, joins: 0, tookUsTotal: 0 },
    }
  },

  onMessage(s, msg, ctx) {
    s.nowUs = ctx.now
    switch (msg.type) {
      case 'decommission': {
        const node = msg.data.node
        if (node >= s.n || s.terminations.some((t) => t.node === node && t.outcome === 'running') || ctx.worlds[node] === 'decommissioned') {
          ctx.emit('decommission_aborted', node < s.n ? node : null, { termination: s.nextId, reason: node >= s.n ? 'no such world' : ctx.worlds[node] === 'decommissioned' ? 'already decommissioned' : 'already being decommissioned' })
          return
        }
        const t = newTermination(s, ctx, node, 'user')
        s.terminations.push(t)
        s.stats.started++
        ctx.emit('decommission_started', node, { termination: t.id, requester: 'user', graceUntilUs: t.graceUntilUs })
        advance(s, t, ctx)
        return
      }
      case 'join': {
        const node = msg.data.node
        if (node >= s.n || s.voters.includes(node) || s.joins.some((j) => j.node === node) || ctx.worlds[node] === 'decommissioned') {
          ctx.emit('join_aborted', node < s.n ? node : null, { reason: node >= s.n ? 'no such world' : s.voters.includes(node) ? 'already a voter' : ctx.worlds[node] === 'decommissioned' ? 'decommissioned' : 'already joining' })
          return
        }
        s.joins.push({ node, startedUs: ctx.now })
        s.stats.joins++
        ctx.emit('join_started', node, {})
        advanceJoins(s, ctx)
        return
      }
      case 'membership': {
        const m = msg.data
        if (m.committed) {
          const before = s.voters
          s.voters = m.voters.slice()
          const added = s.voters.filter((v) => !before.includes(v))
          const removed = before.filter((v) => !s.voters.includes(v))
          for (const v of added) {
            s.stats.membersAdded++
            const replaces = s.terminations.find((t) => t.outcome === 'running' && t.replacement === v)?.node ?? null
            ctx.emit('member_added', v, { voters: s.voters, replaces })
          }
          for (const v of removed) {
            s.stats.membersRemoved++
            ctx.emit('member_removed', v, { voters: s.voters })
          }
          if (s.ask && (added.includes(s.ask.node) || removed.includes(s.ask.node))) s.ask = null
        } else if (m.change !== null && m.change.requester === 'thanatOS' && s.ask && s.ask.node === m.change.node && s.ask.action === m.change.action) {
          if (m.refused === null) s.ask.appendedUs = ctx.now
          else if (m.refused === 'already a voter' || m.refused === 'not a voter') s.ask = null // it happened already
          // Otherwise (no leader, pending, not caught up): asked again after retryMs.
        }
        tick(s, ctx)
        return
      }
      case 'leader':
        if (s.leader === null || msg.data.term >= s.leader.term) s.leader = { term: msg.data.term, node: msg.data.node }
        tick(s, ctx)
        return
      case 'handoff_status':
        s.pods[msg.data.node] = msg.data.pods
        tick(s, ctx)
        return
      case 'lifecycle_outcome': {
        const o = msg.data
        if (o.requester !== 'thanatOS' || o.allowed) return
        const t = s.terminations.find((x) => x.outcome === 'running' && x.node === o.node)
        if (t) finish(s, t, ctx, 'aborted', `${o.action} denied${o.rule ? ` by ${o.rule}` : ''}${o.message ? `: ${o.message}` : ''}`)
        return
      }
      case 'world_status':
        // The kernel's mirror (ctx.worlds) is what the steps read; a change may end the step in progress.
        if (s.terminations.some((t) => t.outcome === 'running')) tick(s, ctx)
        return
    }
  },

  onTimer(s, _payload, ctx) {
    s.nowUs = ctx.now
    tick(s, ctx)
    ctx.schedule(simUs(ctx.now + ctx.settings.retryMs * US_PER_MS), TICK as unknown as Json)
  },

  sample: (s) => ({
    terminating: s.terminations.filter((t) => t.outcome === 'running').length,
    voters: s.voters.length,
    decommissioned: s.stats.completed,
  }),

  view(s): ThanatosView {
    return thanatosView(s)
  },

  summary: (s) => ({ ...s.stats, voters: s.voters, meanDecommissionUs: s.stats.completed > 0 ? Math.round(s.stats.tookUsTotal / s.stats.completed) : null }),
})
