/**
 * thanatOS's inspector: each decommission as its steps (drain, hand-off, leadership, replacement,
 * removal from the voters, the end), what each waits for, and how long it took; joins in progress;
 * the committed voter set. The world inspector shows the same steps for its world.
 */
import type { ThanatosView } from '../../layers/thanatOS'
import { STEPS, type StepName, type Termination } from '../../layers/thanatOS/view'
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { formatSimTime } from '../panels/format'
import { Facts } from '../panels/inspectorParts'
import { useTick } from '../panels/useTick'
import { Waiting } from './parts'

const STEP_LABEL: Record<StepName, string> = {
  drain: 'drain (no new work)',
  handoff: 'hand off its workloads',
  leadership: 'hand over leadership',
  replace: 'promote a learner in its place',
  remove: 'leave the Raft voters',
  kill: 'decommission',
}

const MARK = { pending: '○', active: '◐', done: '●', skipped: '–' } as const

/** One decommission's steps, as a list a person reads top to bottom. */
export function TerminationSteps({ t }: { t: Termination }) {
  const now = frameBuffer.simTimeUs
  return (
    <div className="termination" data-testid="termination" data-outcome={t.outcome}>
      <p className="termination__head">
        <strong>#{t.id} · world {t.node}</strong> — {t.outcome === 'running' ? `grace period ${t.graceExpired ? 'expired' : `until ${formatSimTime(t.graceUntilUs)}`}` : t.outcome === 'completed' ? `done in ${((t.endedUs! - t.startedUs) / 1e6).toFixed(2)} s${t.graceExpired ? ' (grace period expired)' : ''}` : `aborted: ${t.reason}`}
      </p>
      <ol className="steps">
        {STEPS.map((name) => {
          const st = t.steps[name]
          const took = st.startedUs !== null ? ((st.endedUs ?? now) - st.startedUs) / 1e6 : null
          return (
            <li key={name} className={`step step--${st.state}`} data-step={name} data-state={st.state}>
              <span className="step__mark" aria-hidden="true">{MARK[st.state]}</span> {STEP_LABEL[name]}
              {st.note !== '' ? <span className="muted"> — {st.note}</span> : null}
              {took !== null && st.state !== 'skipped' ? <span className="mono muted"> {took.toFixed(2)} s</span> : null}
            </li>
          )
        })}
      </ol>
    </div>
  )
}

/** The decommissions of one world (the world inspector's block). */
export function WorldTerminations({ world }: { world: number }) {
  const v = frameBuffer.views.thanatOS as ThanatosView | undefined
  const mine = v?.terminations.filter((t) => t.node === world) ?? []
  if (mine.length === 0) return null
  return (
    <section aria-label="decommission" className="world-terminations">
      <h4>Decommission (thanatOS)</h4>
      <TerminationSteps t={mine.at(-1)!} />
    </section>
  )
}

export function ThanatosInspector() {
  useTick(500)
  const grace = useTheos((s) => s.scenario.layers.thanatOS?.gracePeriodMs)
  const v = frameBuffer.views.thanatOS as ThanatosView | undefined
  if (!v) return <Waiting />
  const running = v.terminations.filter((t) => t.outcome === 'running')
  const finished = v.terminations.filter((t) => t.outcome !== 'running').reverse()
  return (
    <>
      <p className="muted">
        Decommission a world gracefully from its menu: it drains, hands its workloads and its leadership over, a caught-up learner is promoted in its place, it leaves the Raft voters (a membership change the others commit), then it is decommissioned. The grace period ({((grace ?? 30_000) / 1000).toFixed(0)} s, Kubernetes' default) cuts what is left short — but never at the cost of the Raft quorum. A learner can join the voters from its menu too.
      </p>
      <Facts
        items={[
          ['voters (committed)', v.voters.join(', ')],
          ['decommissions started · done · aborted', `${v.stats.started} · ${v.stats.completed} · ${v.stats.aborted}`],
          ['grace periods expired', v.stats.graceExpired],
          ['members added · removed', `${v.stats.membersAdded} · ${v.stats.membersRemoved}`],
          ['membership change in flight', v.ask ? `${v.ask.action} world ${v.ask.node}${v.ask.appendedUs !== null ? ' (appended, waiting for the commit)' : ''}` : '—'],
          ['joining', v.joins.length > 0 ? v.joins.map((j) => `world ${j.node}`).join(', ') : '—'],
        ]}
      />
      {running.length === 0 && finished.length === 0 ? <p className="muted">No decommission yet.</p> : null}
      {running.map((t) => <TerminationSteps key={t.id} t={t} />)}
      {finished.slice(0, 5).map((t) => <TerminationSteps key={t.id} t={t} />)}
    </>
  )
}
