/**
 * The inspector of one layer: its live view from the frame buffer as structured text and tables,
 * refreshed at 4 Hz (useTick), never per frame.
 */
import { useEffect, useRef } from 'react'
import { PANTHEON } from '../../layers/pantheon'
import type { LayerName } from '../../kernel/types'
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { INSPECTORS } from '../inspectors'
import { Waiting } from '../inspectors/parts'
import { isBuilt, isIdle } from './layerStatus'
import { useTick } from './useTick'
import { useUi } from './uiState'

export function LayerInspector() {
  const name = useUi((s) => s.inspectedLayer)
  const inspectLayer = useUi((s) => s.inspectLayer)
  const closeRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (name === null) return
    closeRef.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') useUi.getState().inspectLayer(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [name])

  if (name === null) return null
  const entry = PANTHEON.find((p) => p.name === name)
  return (
    <section className="inspector layer-inspector" role="dialog" aria-labelledby="layer-inspector-title" data-testid="layer-inspector" data-layer={name}>
      <header className="inspector-header">
        <div>
          <h2 id="layer-inspector-title">{name}</h2>
          {entry && (
            <p className="muted small">
              {entry.role} · {entry.reference}
            </p>
          )}
        </div>
        <button ref={closeRef} type="button" className="icon-button" aria-label="Close inspector" onClick={() => inspectLayer(null)}>
          ×
        </button>
      </header>
      <div className="inspector-body">
        <LayerBody name={name} />
      </div>
    </section>
  )
}

function LayerBody({ name }: { name: LayerName }) {
  useTick(250)
  const scenario = useTheos((s) => s.scenario)
  if (!isBuilt(name)) return <p className="muted">Not yet built: this layer has no mechanism in this version, so there is nothing to show.</p>
  if (isIdle(name, scenario)) {
    const network = name === 'pneumOS' || name === 'aetherOS'
    return <p className="muted">Not in this run: {network ? `the scenario uses ${scenario.network}. Choose ${name} under Network to run it.` : `tick “runs” on its row in the pantheon to run it.`}</p>
  }
  const Body = INSPECTORS[name]
  return Body ? <Body /> : <RawView name={name} />
}

function RawView({ name }: { name: LayerName }) {
  const view = (frameBuffer.views as Partial<Record<string, unknown>>)[name]
  if (view === undefined) return <Waiting />
  return <pre className="raw-view">{JSON.stringify(view, null, 2)}</pre>
}

