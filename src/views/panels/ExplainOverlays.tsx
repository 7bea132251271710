/**
 * The gallery and the tour, each a chunk of its own (React.lazy): neither is needed for the page's
 * first frame, so each is fetched when first opened (a first visit's tour: once the page is up).
 */
import { lazy, Suspense, useEffect } from 'react'
import { useGallery, useTour } from './explainState'
import { shouldAutoStartTour, tourSeen } from './tourState'

const Gallery = lazy(() => import('./Gallery').then((m) => ({ default: m.Gallery })))
const Tour = lazy(() => import('./Tour').then((m) => ({ default: m.Tour })))

export function ExplainOverlays() {
  useFirstVisitTour()
  const galleryOpen = useGallery((s) => s.open)
  const touring = useTour((s) => s.step !== null)
  return (
    <Suspense fallback={null}>
      {galleryOpen && <Gallery />}
      {touring && <Tour />}
    </Suspense>
  )
}

/** On a first visit (tourState.ts says when), opens the tour once the page has laid out. */
function useFirstVisitTour(): void {
  useEffect(() => {
    const env = { search: location.search, webdriver: navigator.webdriver === true, seen: tourSeen() }
    if (!shouldAutoStartTour(env)) return
    const id = setTimeout(() => useTour.getState().start(), 600)
    return () => clearTimeout(id)
  }, [])
}
