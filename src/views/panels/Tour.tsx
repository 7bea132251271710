/**
 * A short first-visit tour: six steps, each pointing at one part of the page (a spotlight on it and
 * a card beside it). Skippable (Skip, or Escape), with Back/Next (or ← →); once skipped or finished
 * it does not open by itself again (tourState.ts says when it does). The "Tour" button reopens it.
 *
 * The card is a non-modal dialog: focus moves to its Next button and returns where it was when the
 * tour closes; the page stays usable under it.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react'
import { placeCard, type Rect, type Size } from '../geometry'
import { useLegend, useTour } from './explainState'

export interface TourStep {
  /** Where the spotlight goes (the first element the selector finds). */
  target: string
  title: string
  text: string
  /** Done as the step opens (the first one opens the legend it talks about). */
  enter?: () => void
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    target: '.hero',
    title: 'The cosmos',
    text: 'Each sphere is a world (a server) running Raft. The gold one with a halo leads; glowing particles are messages in flight; a red rift is a network partition. The legend (bottom left, opened for you) names every colour and mark; hover a world for its details, click it to inspect it.',
    enter: () => useLegend.getState().setOpen(true),
  },
  {
    target: '[role="group"][aria-label="Run"]',
    title: 'Move through time',
    text: 'Play or pause (Space), step one window, change the speed, or run to a chosen second. Every run is deterministic: the same seed and settings replay exactly.',
  },
  {
    target: '.timelines',
    title: 'Timelines',
    text: 'Every event by layer, Raft consensus world by world, metrics, clocks and more. Drag to pan, Ctrl + wheel to zoom, click the time axis to go to a moment.',
  },
  {
    target: '.chaos-panel',
    title: 'chaOS: inject faults',
    text: 'Entropy scales every fault rate below it. Move a slider or press a fault button (crash the leader, partition a minority, heal): each becomes a timed intervention in the run.',
  },
  {
    target: '.pantheon-panel',
    title: 'The pantheon',
    text: 'Every layer of the system and what it really is (Raft, NTP, Kubernetes, …). Click one to inspect its live state; tick “runs” to switch it on or off.',
  },
  {
    target: '[role="group"][aria-label="Share and export"]',
    title: 'Share, and start from a story',
    text: 'Share copies a link that replays this exact run. For curated stories (a leader crash, partitions, split votes, clock skew …) open the Gallery, bottom left of the cosmos.',
  },
]

const CARD_WIDTH = 340
const MARGIN = 12

/** Where the card goes: beside the target where there is room (right, left, below, above), inside the viewport; inside the target, bottom right, when it fills the screen. */
export const tourSpot = (t: Rect, card: Size, viewport: Size) =>
  placeCard(t, card, viewport, { gap: MARGIN, margin: MARGIN, top: t.top, left: t.left, last: { left: t.left + t.width - card.width - MARGIN, top: t.top + t.height - card.height - MARGIN } })

export function Tour() {
  const step = useTour((s) => s.step)
  if (step === null) return null
  return <TourCard step={step} />
}

function TourCard({ step }: { step: number }) {
  const { go, close } = useTour.getState()
  const s = TOUR_STEPS[step]!
  const last = step === TOUR_STEPS.length - 1
  const cardRef = useRef<HTMLDivElement>(null)
  const nextRef = useRef<HTMLButtonElement>(null)
  const [target, setTarget] = useState<Rect | null>(null)
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null)

  // Focus moves into the tour, and back where it was when the tour closes.
  useEffect(() => {
    const before = document.activeElement
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus()
    }
  }, [])
  useEffect(() => {
    s.enter?.()
    nextRef.current?.focus()
  }, [s])

  const measure = useCallback(() => {
    const el = document.querySelector(s.target)
    const r = el?.getBoundingClientRect()
    const box = r && r.width > 0 ? { top: r.top, left: r.left, width: r.width, height: r.height } : null
    setTarget(box)
    const card = cardRef.current
    const viewport = { width: window.innerWidth, height: window.innerHeight }
    const size = { width: card?.offsetWidth ?? CARD_WIDTH, height: card?.offsetHeight ?? 200 }
    setPos(box ? tourSpot(box, size, viewport) : { top: (viewport.height - size.height) / 2, left: (viewport.width - size.width) / 2 })
  }, [s.target])

  useLayoutEffect(() => {
    measure()
    window.addEventListener('resize', measure)
    return () => window.removeEventListener('resize', measure)
  }, [measure])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault()
        close()
      } else if (e.key === 'ArrowRight' && !last) go(step + 1)
      else if (e.key === 'ArrowLeft' && step > 0) go(step - 1)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [step, last, go, close])

  const spot: CSSProperties | undefined = target ? { top: target.top - 4, left: target.left - 4, width: target.width + 8, height: target.height + 8 } : undefined
  return (
    <>
      {spot && <div className="tour-spotlight" style={spot} aria-hidden="true" />}
      <div
        ref={cardRef}
        className="tour-card"
        role="dialog"
        aria-modal="false"
        aria-labelledby="tour-title"
        aria-describedby="tour-text"
        data-testid="tour"
        data-step={step}
        style={{ top: pos?.top ?? -9999, left: pos?.left ?? -9999, width: CARD_WIDTH }}
      >
        <p className="tour-count muted small">
          {step + 1} of {TOUR_STEPS.length}
        </p>
        <h2 id="tour-title">{s.title}</h2>
        <p id="tour-text">{s.text}</p>
        <div className="tour-actions">
          <button type="button" className="btn btn--small" data-testid="tour-skip" onClick={close}>
            {last ? 'Close' : 'Skip tour'}
          </button>
          <span className="tour-spacer" />
          {step > 0 && (
            <button type="button" className="btn btn--small" data-testid="tour-back" onClick={() => go(step - 1)}>
              Back
            </button>
          )}
          <button ref={nextRef} type="button" className="btn btn--small btn--primary" data-testid="tour-next" onClick={() => (last ? close() : go(step + 1))}>
            {last ? 'Done' : 'Next'}
          </button>
        </div>
      </div>
    </>
  )
}
