/**
 * The cosmos's bottom-left corner: the legend (a lazy chunk, fetched when first opened) above
 * three buttons — Legend, Gallery and Tour.
 */
import { Suspense, lazy } from 'react'
import { useGallery, useLegend, useTour } from './explainState'
import './explain.css'

const Legend = lazy(() => import('./Legend').then((m) => ({ default: m.Legend })))

export function CosmosCorner() {
  const open = useLegend((s) => s.open)
  const toggle = () => useLegend.getState().setOpen(!open)
  return (
    <div className="cosmos-corner">
      {open ? (
        <Suspense fallback={<section id="cosmos-legend" className="legend" aria-busy="true" data-testid="legend" />}>
          <Legend open />
        </Suspense>
      ) : (
        <section id="cosmos-legend" hidden aria-label="Legend: what the 3D view draws" />
      )}
      <div className="cosmos-corner-buttons" role="group" aria-label="Help">
        <button type="button" className="btn btn--small" aria-expanded={open} aria-controls="cosmos-legend" data-testid="legend-toggle" onClick={toggle}>
          {open ? 'Hide legend' : 'Legend'}
        </button>
        <button type="button" className="btn btn--small" aria-haspopup="dialog" data-testid="gallery-button" onClick={() => useGallery.getState().setOpen(true)}>
          Gallery
        </button>
        <button type="button" className="btn btn--small" data-testid="tour-button" title="A short tour of the page" onClick={() => useTour.getState().start()}>
          ? Tour
        </button>
      </div>
    </div>
  )
}

