/**
 * The message card (issue 13: read every message): a message in flight, picked as a particle in
 * the cosmos (Packets.tsx) or an arrow of karmOS's space-time diagram (SpaceTime.tsx), shown as
 * text — its layer and type, its fields (a RequestVote's term, candidateId, lastLogIndex,
 * lastLogTerm; an AppendEntries' prevLogIndex, prevLogTerm, entries, leaderCommit …), from → to,
 * when it was sent and when it is due. From the card the person drops it, or delays it by N ms:
 * an intervention for pneumOS (net/packetFaults.ts) that goes into the scenario and the share
 * link. What became of it (dropped, delayed, or missed because it arrived first) comes back from
 * the event log as a notice.
 *
 * Placed beside what it describes, never over it (cardSpot); closed with × or Escape. Also
 * draws the small label of the particle under the pointer. Nothing from the data is markup.
 */
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react'
import { atmosView, frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import type { Intervention } from '../../scenario/schema'
import type { MessageDelay, MessageDrop } from '../../layers/net/packetFaults'
import { formatSimTime } from './format'
import { cardSpot, faultBlocker, faultRequest, fieldRows, parseDelayMs } from './messageCard.model'
import { messageTitle, sameMessage, wireType } from './messageRef'
import { useMessageCard, type OpenCard } from './messageCardState'
import { useTick } from './useTick'
import './messageCard.css'

export { useMessageCard, hoverText, type OpenCard, type MessageCardState } from './messageCardState'

type Ref = { layer: string; type: string; from: number; to: number; sentUs: number; deliverUs: number }
interface Pending {
  ref: Ref
  delayMs: number | null
  outcome: string | null
}

/** Drops and delays asked for from a card, until their outcome is in the event log. Page state, not run state. */
const pending: Pending[] = []

const OUTCOME_TYPES = ['message_dropped', 'message_delayed', 'message_fault_missed']

/** The outcome of a pending drop or delay, when the event log has it. */
function outcomeOf(p: Pending): { text: string; ok: boolean } | null {
  for (const e of frameBuffer.log.query({ types: OUTCOME_TYPES, fromUs: p.ref.sentUs })) {
    const d = e.data as { layer?: string; type?: string; from?: number; to?: number; sentUs?: number }
    const layer = e.type === 'message_fault_missed' ? d.layer : e.layer
    if (layer === undefined || !sameMessage(p.ref, { layer, type: String(d.type), from: Number(d.from), to: Number(d.to), sentUs: Number(d.sentUs) })) continue
    const what = `${p.ref.layer} ${p.ref.type} w${p.ref.from} → w${p.ref.to}`
    if (e.type === 'message_dropped') return { text: `Dropped: ${what} never reached w${p.ref.to} (${formatSimTime(e.t, 6)})`, ok: true }
    if (e.type === 'message_delayed') return { text: `Delayed by ${String(e.data['delayMs'])} ms: ${what} now arrives at ${formatSimTime(Number(e.data['deliverUs']), 6)}`, ok: true }
    return { text: `Nothing to ${p.delayMs === null ? 'drop' : 'delay'}: ${what} — ${String(e.data['reason'])}`, ok: false }
  }
  return null
}

/** Watch the event log for the outcome of each pending drop or delay; say it with a notice. */
function useOutcomes(): void {
  useEffect(() => {
    const id = window.setInterval(() => {
      if (pending.length === 0) return
      const now = frameBuffer.simTimeUs
      for (let i = 0; i < pending.length; i++) {
        const p = pending[i]!
        if (p.outcome !== null) continue
        const o = outcomeOf(p)
        if (o !== null) {
          p.outcome = o.text
          useTheos.getState().notify(o.ok ? 'info' : 'warn', o.text)
        } else if (now > p.ref.deliverUs + (p.delayMs ?? 0) * 1_000 + 2_000_000 || now < p.ref.sentUs) {
          pending.splice(i--, 1) // never recorded (the page said why), or a new run
        }
      }
      while (pending.length > 50) pending.shift()
    }, 300)
    return () => window.clearInterval(id)
  }, [])
}

const worldName = (id: number): string => {
  const name = atmosView()?.worlds[id]?.name
  return name ? `w${id} ${name}` : `w${id}`
}

const matches = (iv: Intervention, ref: Ref): iv is MessageDrop | MessageDelay =>
  (iv.kind === 'message_drop' || iv.kind === 'message_delay') && sameMessage(iv, ref)

export function MessageCard() {
  useOutcomes()
  const open = useMessageCard((s) => s.open)
  const hover = useMessageCard((s) => s.hover)
  return (
    <>
      {hover && open === null && (
        <div className="message-hover" data-testid="message-hover" style={{ left: hover.x + 14, top: hover.y + 12 }}>
          {hover.text}
        </div>
      )}
      {open && <Card key={`${open.layer}|${open.packet.from}|${open.packet.to}|${open.packet.sentUs}|${open.packet.deliverUs}|${open.nth}`} card={open} />}
    </>
  )
}

function Card({ card }: { card: OpenCard }) {
  useTick(250)
  const ref = useRef<HTMLElement>(null)
  const [pos, setPos] = useState<CSSProperties>({ left: -9999, top: 0 })
  const [delayText, setDelayText] = useState('200')
  const [asked, setAsked] = useState<'drop' | 'delay' | null>(null)
  const scenario = useTheos((s) => s.scenario)
  const status = useTheos((s) => s.status)
  const close = useMessageCard((s) => s.close)
  const p = card.packet
  const msgRef: Ref = { layer: card.layer, type: wireType(p), from: p.from, to: p.to, sentUs: p.sentUs, deliverUs: p.deliverUs }

  useLayoutEffect(() => {
    const el = ref.current
    if (el === null) return
    const at = cardSpot(card.anchor, { width: el.offsetWidth, height: el.offsetHeight }, { width: window.innerWidth, height: window.innerHeight }, card.avoid)
    setPos({ left: Math.round(at.left), top: Math.round(at.top) })
  }, [card])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') useMessageCard.getState().close()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const nowUs = frameBuffer.simTimeUs
  const blocker = faultBlocker(card, { network: scenario.network, frontierUs: nowUs, quantumUs: scenario.quantumUs })
  const recorded = scenario.interventions.find((iv): iv is MessageDrop | MessageDelay => matches(iv, msgRef))
  const outcome = pending.find((x) => sameMessage(x.ref, msgRef))?.outcome ?? null
  const delayMs = parseDelayMs(delayText)

  const ask = (d: number | null) => {
    useTheos.getState().intervene(faultRequest(card, d))
    pending.push({ ref: msgRef, delayMs: d, outcome: null })
    setAsked(d === null ? 'drop' : 'delay')
  }

  const inFlightMs = (p.deliverUs - p.sentUs) / 1_000
  const state = nowUs >= p.deliverUs ? 'past its delivery time' : `in flight, ${((p.deliverUs - nowUs) / 1_000).toFixed(3)} ms to go`
  const statusText =
    outcome ??
    (recorded ? `Recorded at ${formatSimTime(recorded.atUs, 6)}: the share link carries this ${recorded.kind === 'message_drop' ? 'drop' : `delay of ${recorded.delayMs} ms`}` : asked ? `Asked to ${asked}…` : null)

  return (
    <section ref={ref} className="message-card" data-testid="message-card" data-layer={card.layer} data-type={msgRef.type} style={pos} role="dialog" aria-label={`Message: ${messageTitle(card)}`}>
      <header className="message-card-header">
        <div>
          <h2 data-testid="message-title">{messageTitle(card)}</h2>
          <p className="message-card-sub">
            {card.layer} · wire type {msgRef.type}
            {card.nth > 0 ? ` · copy ${card.nth + 1}` : ''}
          </p>
        </div>
        <button type="button" className="message-card-close" aria-label="Close the message card" data-testid="message-close" onClick={close}>
          ×
        </button>
      </header>
      <dl className="message-card-facts">
        <dt>from → to</dt>
        <dd data-testid="message-link">
          {worldName(p.from)} → {worldName(p.to)}
        </dd>
        <dt>sent</dt>
        <dd data-testid="message-sent">{formatSimTime(p.sentUs, 6)}</dd>
        <dt>delivery</dt>
        <dd data-testid="message-delivery">
          {formatSimTime(p.deliverUs, 6)} <span className="message-card-muted">({inFlightMs.toFixed(3)} ms on the wire)</span>
        </dd>
        <dt>now</dt>
        <dd>{state}</dd>
      </dl>
      <dl className="message-card-fields" data-testid="message-fields">
        {fieldRows(card).map((r) => (
          <div key={r.label} className="message-card-field" data-field={r.label}>
            <dt>{r.label}</dt>
            <dd>
              {r.lines.map((l, i) => (
                <span key={i} className="message-card-line">
                  {l}
                </span>
              ))}
            </dd>
          </div>
        ))}
        {p.fields === undefined && <p className="message-card-muted">This layer does not record its messages' fields.</p>}
      </dl>
      <div className="message-card-actions">
        <button type="button" className="btn" data-testid="message-drop" disabled={blocker !== null || recorded !== undefined} onClick={() => ask(null)}>
          Drop
        </button>
        <label className="message-card-delay">
          <button type="button" className="btn" data-testid="message-delay" disabled={blocker !== null || recorded !== undefined || delayMs === null} onClick={() => ask(delayMs)}>
            Delay by
          </button>
          <input type="number" min={1} max={600000} step={1} value={delayText} aria-label="Delay, ms" data-testid="message-delay-ms" onChange={(e) => setDelayText(e.target.value)} />
          ms
        </label>
      </div>
      {blocker !== null && recorded === undefined && (
        <p className="message-card-muted" data-testid="message-blocker">
          {blocker}
        </p>
      )}
      {blocker === null && status === 'running' && recorded === undefined && <p className="message-card-muted">Pause first to act on it before it arrives.</p>}
      {statusText !== null && (
        <p className="message-card-status" data-testid="message-status" aria-live="polite">
          {statusText}
        </p>
      )}
    </section>
  )
}
