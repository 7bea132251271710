/**
 * nomOS — the law. Every action that changes a world's life or the network is judged before it
 * happens: atmOS (the one owner of every world's life) sends each legal lifecycle request it
 * receives — chaOS's crashes and restarts, the user's, later thanatOS's and pandemoniOS's — as an
 * admission review, and chaOS sends each partition it is about to start; nomOS evaluates its rules
 * against the request and the cluster as it knows it and answers, and the asker acts only on an
 * admission (Kubernetes' admission chain with a validating webhook; Gatekeeper's enforcement actions).
 *
 * A rule is a CEL expression that must hold (cel.ts: parsed, type-checked and evaluated by a CEL
 * library, never eval). The effect of a violated rule: deny (refused: admission_denied), warn
 * (admitted, admission_warned), audit (admitted, admission_audited), dryrun (admitted, counted). A
 * rule that fails at evaluation — a missing metric, a non-bool — fails closed: the request is denied
 * and the event says why (failedClosed). Rules come from the scenario (the built-ins: a Raft quorum
 * disruption budget and an ejection cap) and from `rule` interventions (the nomOS panel, carried in
 * the link); one that does not compile is refused with its error (rule_rejected) and changes nothing.
 *
 * What a rule sees of the cluster is nomOS's own knowledge, from the messages it consumes: the
 * lifecycle mirror, changes it admitted and has not yet seen announced (pending for pendingQuanta),
 * the partitions in effect (and those it admitted), mythOS's leader and its voters, anomOS's firing
 * alerts, and the latest metrics of every layer. Random faults of chaOS are admitted unjudged when
 * the scenario puts chaos above the law. A failure reported by a world itself (mythOS's failed fsync)
 * is not a request and is not reviewed (atmOS).
 */
import type { WorldStatus } from '../../kernel/worlds'
import type { MetricSampleMsg } from '../../kernel/metrics'
import { defineLayer } from '../define'
import { copyPartition, parsePartition, type Partition } from '../net/partition'
import { voterIds, type MythosSettings } from '../mythOS/settings'
import { checkExpression, evaluateRule, type CelContext, type CelWorld } from './cel'
import { NOMOS_CONSUMES, NOMOS_INTERVENTIONS, NOMOS_SENDS, type NomosCtx } from './contract'
import { NOMOS_EVENTS } from './events'
import { nomOSManifest } from './manifest'
import { reviewName, type AdmissionReviewMsg } from './messages'
import { counts, statusAfter, type ClusterFacts } from './projection'
import { MAX_RULES, type RuleSpec } from './settings'
import { nomosView, type NomosState, type NomosView, type RuleState } from './view'

export type { NomosState, NomosView } from './view'

const RECENT = 64

function addRule(s: NomosState, ctx: NomosCtx, rule: RuleSpec): void {
  const checked = checkExpression(rule.expression)
  if (!checked.ok) {
    s.stats.rejected++
    ctx.emit('rule_rejected', null, { name: rule.name, error: checked.error })
    return
  }
  const at = s.rules.findIndex((r) => r.spec.name === rule.name)
  if (at < 0 && s.rules.length >= MAX_RULES) {
    s.stats.rejected++
    ctx.emit('rule_rejected', null, { name: rule.name, error: `there are already ${MAX_RULES} rules in force (remove one first)` })
    return
  }
  const entry: RuleState = { spec: { ...rule, actions: [...rule.actions] }, addedUs: ctx.now, violations: 0, wouldDeny: 0, errors: 0 }
  if (at >= 0) s.rules[at] = entry
  else s.rules.push(entry)
  ctx.emit('rule_added', null, { name: rule.name, effect: rule.effect, expression: rule.expression, replaced: at >= 0 })
}

function removeRule(s: NomosState, ctx: NomosCtx, name: string): void {
  const at = s.rules.findIndex((r) => r.spec.name === name)
  if (at < 0) {
    s.stats.rejected++
    ctx.emit('rule_rejected', null, { name, error: `there is no rule named ${JSON.stringify(name)} to remove` })
    return
  }
  s.rules.splice(at, 1)
  ctx.emit('rule_removed', null, { name })
}

/** The statuses a rule reasons about: the mirror, with the changes admitted and not yet announced. */
function projectedStatuses(s: NomosState, ctx: NomosCtx): WorldStatus[] {
  const statuses = ctx.worlds.slice()
  for (const p of s.pending) if (p.untilUs > ctx.now && p.node < statuses.length) statuses[p.node] = p.status
  return statuses
}

function facts(s: NomosState, statuses: readonly WorldStatus[], partitions: readonly Partition[]): ClusterFacts {
  return { statuses, voters: s.voters, partitions, leader: s.leader?.node ?? null, term: s.leader?.term ?? 0, alertsFiring: s.alertsFiring }
}

function celWorld(s: NomosState, statuses: readonly WorldStatus[], id: number): CelWorld {
  return { id, status: statuses[id] ?? 'none', voter: s.isVoter[id] === true, leader: s.leader?.node === id }
}

function contextOf(s: NomosState, ctx: NomosCtx, r: AdmissionReviewMsg, partition: Partition | null): CelContext {
  const statuses = projectedStatuses(s, ctx)
  const livePartitions = [...s.partitions, ...s.pendingPartitions.filter((p) => p.untilUs > ctx.now).map((p) => p.partition)]
  const now = facts(s, statuses, livePartitions)
  const afterStatuses = statuses.slice()
  if (r.target !== null && r.target < afterStatuses.length) afterStatuses[r.target] = statusAfter(r.action, afterStatuses[r.target]!)
  const after = facts(s, afterStatuses, partition ? [...livePartitions, partition] : livePartitions)
  const target = r.target ?? -1
  const targetMetrics: Record<string, number> = {}
  if (target >= 0) for (const [k, v] of Object.entries(s.worldMetrics)) if (v[target] !== null && v[target] !== undefined) targetMetrics[k] = v[target]!
  return {
    request: { action: r.action, target, targets: partition ? isolatedOf(partition) : target >= 0 ? [target] : [], requester: r.requester, reason: r.reason, random: r.random },
    target: target >= 0 ? { ...celWorld(s, statuses, target), metrics: targetMetrics } : { id: -1, status: 'none', voter: false, leader: false, metrics: {} },
    cluster: counts(now),
    after: counts(after),
    worlds: statuses.map((_, id) => celWorld(s, statuses, id)),
    metrics: s.metrics,
  }
}

/** The worlds a partition cuts off: a groups partition's smallest group, a ring's every world. */
function isolatedOf(p: Partition): number[] {
  if (p.kind === 'ring') return p.order.slice()
  const sorted = p.groups.slice().sort((a, b) => a.length - b.length)
  return (sorted[0] ?? []).slice()
}

function review(s: NomosState, ctx: NomosCtx, r: AdmissionReviewMsg): void {
  const name = reviewName(r.asker, r.id)
  s.stats.reviews++
  const partition = r.partition ? parsePartition(r.partition, ctx.scenario.nodes.count) : null
  let denied: { rule: string; message: string; failedClosed: boolean } | null = null
  if (!(r.random && r.requester === 'chaOS' && ctx.settings.chaosAboveLaw)) {
    const c = contextOf(s, ctx, r, partition)
    const base = { review: name, action: r.action, target: r.target, requester: r.requester }
    // Warnings and audits are said only for a request that is admitted (a denial says why it was refused).
    const notes: { type: 'admission_warned' | 'admission_audited'; rule: string; message: string }[] = []
    for (const rule of s.rules) {
      if (rule.spec.actions.length > 0 && !rule.spec.actions.includes(r.action)) continue
      const v = evaluateRule(rule.spec.expression, c)
      if ('error' in v) {
        rule.errors++
        if (denied === null) denied = { rule: rule.spec.name, message: `the rule could not be evaluated, so the request is denied (fail closed): ${v.error}`, failedClosed: true }
        continue
      }
      if (v.value) continue
      rule.violations++
      const message = rule.spec.message || `violates ${rule.spec.expression}`
      switch (rule.spec.effect) {
        case 'deny':
          if (denied === null) denied = { rule: rule.spec.name, message, failedClosed: false }
          break
        case 'warn':
          notes.push({ type: 'admission_warned', rule: rule.spec.name, message })
          break
        case 'audit':
          notes.push({ type: 'admission_audited', rule: rule.spec.name, message })
          break
        case 'dryrun':
          rule.wouldDeny++
          break
      }
    }
    if (denied !== null) {
      s.stats.denied++
      ctx.emit('admission_denied', r.target, { ...base, ...denied })
    } else
      for (const n of notes) {
        if (n.type === 'admission_warned') s.stats.warned++
        else s.stats.audited++
        ctx.emit(n.type, r.target, { ...base, rule: n.rule, message: n.message })
      }
  }
  const allowed = denied === null
  if (allowed) {
    const untilUs = ctx.now + ctx.settings.pendingQuanta * ctx.quantumUs
    if (r.target !== null && r.action !== 'partition') {
      s.pending = s.pending.filter((p) => p.untilUs > ctx.now && p.node !== r.target)
      s.pending.push({ node: r.target, status: statusAfter(r.action, ctx.worlds[r.target] ?? 'up'), untilUs })
    }
    if (partition) {
      s.pendingPartitions = s.pendingPartitions.filter((p) => p.untilUs > ctx.now)
      s.pendingPartitions.push({ partition, untilUs })
    }
  }
  s.recent.push({ atUs: ctx.now, review: name, action: r.action, target: r.target, requester: r.requester, allowed, rule: denied?.rule ?? null })
  if (s.recent.length > RECENT) s.recent.splice(0, s.recent.length - RECENT)
  ctx.send('admission_response', { asker: r.asker, id: r.id, review: name, allowed, rule: denied?.rule ?? null, message: denied?.message ?? null })
}

function onMetrics(s: NomosState, m: MetricSampleMsg): void {
  for (const [k, v] of Object.entries(m.values)) {
    const key = `${m.layer}.${k}`
    if (Array.isArray(v)) s.worldMetrics[key] = v.slice()
    else s.metrics[key] = v
  }
}

export const nomOS = defineLayer({
  ...nomOSManifest,
  consumes: NOMOS_CONSUMES,
  interventions: NOMOS_INTERVENTIONS,
  sends: NOMOS_SENDS,
  events: NOMOS_EVENTS,
  init(ctx): NomosState {
    const n = ctx.scenario.nodes.count
    const mythos = (ctx.scenario.layers.mythOS ?? {}) as Partial<MythosSettings>
    const voters = ctx.scenario.run.includes('mythOS') ? voterIds(n, mythos.votersMax ?? 5) : []
    const isVoter = new Array<boolean>(n).fill(false)
    for (const v of voters) isVoter[v] = true
    const s: NomosState = { rules: [], voters, isVoter, pending: [], partitions: [], pendingPartitions: [], leader: null, alertsFiring: 0, metrics: {}, worldMetrics: {}, recent: [], stats: { reviews: 0, denied: 0, warned: 0, audited: 0, rejected: 0 } }
    for (const rule of ctx.settings.rules) addRule(s, ctx, rule)
    return s
  },

  onMessage(s, msg, ctx) {
    switch (msg.type) {
      case 'admission_review':
        return review(s, ctx, msg.data)
      case 'rule': {
        const d = msg.data
        if (d.op === 'add') {
          if (!d.rule) {
            s.stats.rejected++
            return ctx.emit('rule_rejected', null, { name: d.name ?? '', error: 'an added rule needs a rule {name, expression, message, effect, actions}' })
          }
          return addRule(s, ctx, d.rule)
        }
        return removeRule(s, ctx, d.name ?? d.rule?.name ?? '')
      }
      case 'world_status':
        // Only the announcement of the change it admitted clears a pending entry (an older one, a boot, does not).
        s.pending = s.pending.filter((p) => !(p.node === msg.data.node && p.status === msg.data.status) && p.untilUs > ctx.now)
        return
      case 'leader': {
        const { term, node } = msg.data
        if (s.leader === null || term >= s.leader.term) s.leader = { term, node }
        return
      }
      case 'partition_start': {
        const p = parsePartition(msg.data, ctx.scenario.nodes.count)
        if (p === null) return
        s.partitions.push(copyPartition(p))
        s.pendingPartitions = s.pendingPartitions.filter((x) => x.untilUs > ctx.now && x.partition.id !== p.id)
        return
      }
      case 'partition_heal':
        s.partitions = msg.data.id === null ? [] : s.partitions.filter((p) => p.id !== msg.data.id)
        return
      case 'metrics':
        return onMetrics(s, msg.data)
      case 'alert_state':
        s.alertsFiring = msg.data.firing
        return
      case 'membership': {
        // A committed configuration (thanatOS's membership changes): the quorum rules judge by it.
        if (!msg.data.committed) return
        s.voters = msg.data.voters.slice()
        s.isVoter = new Array<boolean>(ctx.scenario.nodes.count).fill(false)
        for (const v of s.voters) s.isVoter[v] = true
        return
      }
    }
  },

  onTimer() {
    // nomOS answers what it is asked; it sets no timers.
  },

  sample: (s) => ({ reviews: s.stats.reviews, denied: s.stats.denied, rules: s.rules.length }),

  view(s): NomosView {
    return nomosView(s)
  },

  summary(s) {
    return { ...s.stats, rules: s.rules.map((r) => r.spec.name) }
  },
})
