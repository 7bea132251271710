/**
 * The chaOS panel: the master entropy knob, every slider of ChaosSchema with its unit, its value
 * and what the run uses at this entropy, the active faults, and manual faults (Jepsen's targets).
 * Each committed move is a timed intervention in the scenario, so it lands in the share URL.
 */
import { useId, useState } from 'react'
import { chaosView } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { MAJORITIES_RING_MIN_WORLDS } from '../../layers/net/partition'
import type { FaultTarget } from '../../scenario/schema'
import { DETAIL_SLIDERS, ENTROPY, fromPosition, inputRange, toPosition, type SliderMeta } from './chaosSliders'
import { ActiveFaultList } from './inspectorParts'
import { sliderAt } from './sliderValue'
import { useThrottledCommit } from './useThrottledCommit'
import { useTick } from './useTick'

export function ChaosPanel() {
  // Every row's "effective" reads the entropy: look it up once here, not in each of the rows.
  const entropy = useTheos((s) => sliderAt(s.scenario, 'entropy', s.simTimeUs))
  return (
    <section className="panel chaos-panel" aria-labelledby="chaos-heading">
      <header className="panel-header">
        <h2 id="chaos-heading">
          chaOS <span className="muted">entropy injector</span>
        </h2>
      </header>
      <SliderRow meta={ENTROPY} entropy={entropy} prominent />
      <div className="slider-list">
        {DETAIL_SLIDERS.map((m) => (
          <SliderRow key={m.name} meta={m} entropy={entropy} />
        ))}
      </div>
      <ActiveFaults />
      <ManualFaults />
    </section>
  )
}

interface Draft {
  value: number
  /** The stored value when this draft was made: once the store moves on, the draft is stale. */
  base: number
}

function SliderRow({ meta, entropy, prominent = false }: { meta: SliderMeta; entropy: number; prominent?: boolean }) {
  const id = useId()
  const stored = useTheos((s) => sliderAt(s.scenario, meta.name, s.simTimeUs))
  const setSlider = useTheos((s) => s.setSlider)
  const [draft, setDraft] = useState<Draft | null>(null)
  const { push, flush } = useThrottledCommit((v: number) => setSlider(meta.name, v), 150)

  // While dragging (or until the store has the committed value) the draft is what the user sees.
  const value = draft !== null && draft.base === stored ? draft.value : stored
  const effective = meta.effective(value, entropy)
  const shown = meta.format(value)
  const effectiveText = effective === null ? null : meta.format(effective)
  const range = inputRange(meta)

  return (
    <div className={prominent ? 'slider-row slider-row--master' : 'slider-row'}>
      <label htmlFor={id} className="slider-label">
        {meta.label}
      </label>
      <output htmlFor={id} className="slider-value" data-testid={`slider-value-${meta.name}`}>
        {shown}
      </output>
      <input
        id={id}
        type="range"
        data-testid={`slider-${meta.name}`}
        min={range.min}
        max={range.max}
        step={range.step}
        value={toPosition(meta, value)}
        aria-valuetext={effectiveText === null ? shown : `${shown}, effective ${effectiveText}`}
        onChange={(e) => {
          const v = fromPosition(meta, Number(e.currentTarget.value))
          setDraft({ value: v, base: stored })
          push(v)
        }}
        onPointerUp={flush}
        onBlur={flush}
      />
      <span className="slider-effective" title={effectiveText === null ? 'not scaled by entropy' : 'slider × entropy: what the run uses'}>
        {prominent ? 'scales every slider below' : effectiveText === null ? 'as set' : `→ ${effectiveText}`}
      </span>
    </div>
  )
}

function ActiveFaults() {
  useTick(250)
  const view = chaosView()
  const faults = view?.activeFaults ?? []
  return (
    <div className="active-faults">
      <h3>
        Active faults <span className="muted">({view ? `${view.injected} injected so far` : 'no view yet'})</span>
      </h3>
      {faults.length === 0 ? (
        <p className="muted small" data-testid="active-faults-empty">
          none
        </p>
      ) : (
        <ActiveFaultList faults={faults} testId="active-faults" />
      )}
    </div>
  )
}

const MANUAL: { label: string; kind: 'crash' | 'restart' | 'partition' | 'heal' | 'clock_jump' | 'corrupt_ledger'; target: FaultTarget; testId: string; title: string; jumpMs?: number; needs?: string }[] = [
  { label: 'Crash leader', kind: 'crash', target: 'leader', testId: 'fault-crash-leader', title: 'Crash the current mythOS leader' },
  { label: 'Crash one', kind: 'crash', target: 'one', testId: 'fault-crash-one', title: 'Crash one random up world' },
  { label: 'Restart one', kind: 'restart', target: 'one', testId: 'fault-restart-one', title: 'Restart one random crashed world' },
  { label: 'Partition minority', kind: 'partition', target: 'minority', testId: 'fault-partition-minority', title: 'Cut a random minority of worlds away from the rest' },
  {
    label: 'Majorities ring',
    kind: 'partition',
    target: 'majorities-ring',
    testId: 'fault-partition-ring',
    title: "Jepsen's majorities-ring: worlds on a shuffled ring, each reaching only its ring neighbours — every world sees a majority, no two the same one (needs 4 worlds)",
  },
  { label: 'Heal', kind: 'heal', target: 'one', testId: 'fault-heal', title: 'Heal every active partition' },
  {
    label: 'Jump a clock −300 ms',
    kind: 'clock_jump',
    target: 'one',
    jumpMs: -300,
    needs: 'chronOS',
    testId: 'fault-clock-jump',
    title: "Jump one random world's hardware clock 300 ms back: its NTP discipline steps it back (a stratum-1 world's reference absorbs it)",
  },
  { label: 'Corrupt a ledger', kind: 'corrupt_ledger', target: 'one', needs: 'karmOS', testId: 'fault-corrupt-ledger', title: "Flip bytes of one entry of one random world's karmOS ledger on its disk: anti-entropy finds and repairs it" },
]

function ManualFaults() {
  useTick(250)
  const fault = useTheos((s) => s.fault)
  // Heal only when there is something to heal (a partition in effect): otherwise the button would do nothing visible.
  const partitioned = (chaosView()?.activeFaults ?? []).some((f) => f.kind === 'partition')
  const network = useTheos((s) => s.scenario.network)
  const worlds = useTheos((s) => s.scenario.nodes.count)
  const run = useTheos((s) => s.scenario.run)
  return (
    <div className="manual-faults" role="group" aria-label="Manual faults">
      {MANUAL.map((m) => {
        // A clock jump or a ledger corruption is offered only while the layer that has clocks or ledgers runs.
        if (m.needs !== undefined && !run.includes(m.needs)) return null
        const ideal = m.kind === 'partition' && network === 'aetherOS'
        const tooFew = m.target === 'majorities-ring' && worlds < MAJORITIES_RING_MIN_WORLDS
        const nothingToHeal = m.kind === 'heal' && !partitioned
        return (
          <button
            key={m.testId}
            type="button"
            className="btn btn--small"
            data-testid={m.testId}
            title={ideal ? 'aetherOS is an ideal network: it cannot be partitioned' : tooFew ? `A majorities-ring needs at least ${MAJORITIES_RING_MIN_WORLDS} worlds` : nothingToHeal ? 'No partition is in effect: nothing to heal' : m.title}
            disabled={ideal || tooFew || nothingToHeal}
            onClick={() => fault(m.kind, m.target, m.jumpMs)}
          >
            {m.label}
          </button>
        )
      })}
    </div>
  )
}
