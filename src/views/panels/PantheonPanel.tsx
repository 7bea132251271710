/**
 * The pantheon: every layer with its mythic name and what it is in the real world; for the built
 * ones, health, events/s, total events and the worker that hosts it. A click opens its inspector.
 * Layers not built yet say so, greyed, with no numbers.
 */
import { MANIFESTS as LAYERS, NETWORK_LAYERS } from '../../layers/manifests'
import { PANTHEON, type PantheonEntry } from '../../layers/pantheon'
import { useTheos } from '../../store/theos'
import { formatCount, formatRate } from './format'
import { layerHealth, whereLabel } from './layerStatus'
import { useUi } from './uiState'

export function PantheonPanel() {
  return (
    <section className="panel pantheon-panel" aria-labelledby="pantheon-heading">
      <header className="panel-header">
        <h2 id="pantheon-heading">
          Pantheon <span className="muted">every layer, and what it really is</span>
        </h2>
      </header>
      <PlacementNote />
      <ul className="pantheon-list" data-testid="pantheon">
        {PANTHEON.map((entry) => (
          <PantheonRow key={entry.name} entry={entry} />
        ))}
      </ul>
    </section>
  )
}

/** theOS's placement: where the layers compute, and why (the cost policy, or ?workers=N). */
function PlacementNote() {
  const note = useTheos((s) => s.placementNote)
  const coordinator = useTheos((s) => s.coordinator)
  if (!note) return null
  return (
    <p className="muted" data-testid="placement-note" style={{ fontSize: 12, margin: '0 0 6px' }}>
      theOS: {note}{coordinator === 'main' ? ' (cosmOS on the main thread: no worker could be made)' : ''}
    </p>
  )
}

function PantheonRow({ entry }: { entry: PantheonEntry }) {
  const { name } = entry
  const scenario = useTheos((s) => s.scenario)
  const placement = useTheos((s) => s.placement)
  const coordinator = useTheos((s) => s.coordinator)
  const violations = useTheos((s) => s.violations)
  const layerStats = useTheos((s) => s.layerHealth[name])
  // logOS receives every event: its numbers are the run's totals.
  const logEvents = useTheos((s) => (name === 'logOS' ? s.eventCount : 0))
  const logRate = useTheos((s) => (name === 'logOS' ? s.eventsPerSec : 0))
  const running = useTheos((s) => s.status === 'running')
  const stats = name === 'logOS' ? { events: logEvents, eventsPerSec: logRate } : layerStats
  const inspected = useUi((s) => s.inspectedLayer === name)
  const inspectLayer = useUi((s) => s.inspectLayer)
  const health = layerHealth(name, scenario, placement, violations)
  const description = (
    <span className="layer-desc">
      {entry.role} · <span className="layer-ref">{entry.reference}</span>
    </span>
  )

  if (health.kind === 'unbuilt') {
    return (
      <li className="layer layer--unbuilt" data-testid={`layer-${name}`} data-built="false">
        <div className="layer-head">
          <span className="layer-name">{name}</span>
          <span className="badge badge--unbuilt">not yet built</span>
        </div>
        {description}
        {entry.note !== undefined && <span className="layer-desc muted">{entry.note}</span>}
      </li>
    )
  }

  const active = health.kind !== 'idle'
  return (
    <li className={`layer layer--${health.kind}`} data-testid={`layer-${name}`} data-built="true">
      <button
        type="button"
        className="layer-button"
        aria-pressed={inspected}
        aria-label={`${name}: ${entry.role}. ${health.text}. Open inspector`}
        onClick={() => inspectLayer(inspected ? null : name)}
      >
        <div className="layer-head">
          <span className="layer-name">{name}</span>
          <span className={`badge badge--${health.kind}`} data-testid={`layer-health-${name}`}>
            {health.text}
          </span>
          {active && (
            <span className="layer-stats mono">
              {stats !== undefined && (
                <>
                  <span title="events per second of real time">{formatRate(running ? stats.eventsPerSec : 0)}</span>
                  <span title="events in total">{formatCount(stats.events)}</span>
                </>
              )}
              <span className="layer-host" title="where theOS placed this layer">
                {whereLabel(name, placement, coordinator)}
              </span>
            </span>
          )}
        </div>
        {description}
        {entry.note !== undefined && <span className="layer-desc muted">{entry.note}</span>}
      </button>
      <RunToggle name={name} />
    </li>
  )
}

/**
 * Which layers run is part of the scenario (`run`): an optional layer can be switched on or off
 * here, which starts a new run (the link says which layers it runs). The networks are chosen under
 * Network; the kernel's own layers always run.
 */
function RunToggle({ name }: { name: string }) {
  const run = useTheos((s) => s.scenario.run)
  const configure = useTheos((s) => s.configure)
  const optional = LAYERS.some((m) => m.name === name) && !(NETWORK_LAYERS as readonly string[]).includes(name)
  if (!optional) return null
  const on = run.includes(name)
  return (
    <label className="layer-run" title={on ? `${name} runs: untick to run without it (starts a new run)` : `${name} does not run: tick to run it (starts a new run)`}>
      <input
        type="checkbox"
        data-testid={`layer-run-${name}`}
        checked={on}
        onChange={() => void configure({ run: on ? run.filter((l) => l !== name) : [...run, name] })}
      />
      runs
    </label>
  )
}
