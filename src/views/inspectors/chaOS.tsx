/** chaOS's inspector: the sliders in effect and the active faults. */
import { chaosView } from '../../store/frameBuffer'
import { DETAIL_SLIDERS, ENTROPY } from '../panels/chaosSliders'
import { ActiveFaultList, Facts } from '../panels/inspectorParts'
import { Table, Waiting } from './parts'

export function ChaosInspector() {
  const v = chaosView()
  if (!v) return <Waiting />
  return (
    <>
      <Facts items={[['entropy', ENTROPY.format(v.sliders.entropy)], ['faults injected', v.injected], ['active faults', v.activeFaults.length]]} />
      <h3>Sliders in effect</h3>
      <Table
        head={['slider', 'set', 'effective']}
        rows={DETAIL_SLIDERS.map((m) => {
          const value = v.sliders[m.name]
          const eff = m.effective(value, v.sliders.entropy)
          return [m.label, m.format(value), eff === null ? 'as set' : m.format(eff)]
        })}
      />
      <h3>Active faults</h3>
      {v.activeFaults.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ActiveFaultList faults={v.activeFaults} />
      )}
    </>
  )
}

/** The network parameters chaOS hands the network, written as the chaOS panel writes its sliders. */
