/** atmOS's inspector: every world, its status (the one owner's), place, drift and workload. */
import { atmosView } from '../../store/frameBuffer'
import { Table, Waiting } from './parts'

export function AtmosInspector() {
  const v = atmosView()
  if (!v) return <Waiting />
  return (
    <Table
      testId="atmos-worlds"
      head={['id', 'name', 'status', 'x km', 'y km', 'z km', 'drift ppm', 'proposed']}
      rows={v.worlds.map((w) => [
        w.id,
        w.name,
        <span key="s" className={`world-status world-status--${w.status}`}>
          {w.status}
        </span>,
        Math.round(w.x),
        Math.round(w.y),
        Math.round(w.z),
        w.driftPpm.toFixed(1),
        w.proposed,
      ])}
    />
  )
}

