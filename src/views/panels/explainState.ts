/**
 * View-only state of the parts that explain the picture (never part of the run, never in the URL):
 * whether the legend and the gallery are open and which step of the tour is shown. The legend's
 * open state is remembered (tourState.ts guards the storage); so is a tour once closed.
 */
import { create } from 'zustand'
import { markTourSeen, readFlag, writeFlag } from './tourState'

const LEGEND_OPEN_KEY = 'simulation.legend.open'

/** Whether the legend is open: closed until opened (by its button or the tour), then as last left. */
export const useLegend = create<{ open: boolean; setOpen(open: boolean): void }>()((set) => ({
  open: readFlag(LEGEND_OPEN_KEY) === 'yes',
  setOpen: (open) => {
    writeFlag(LEGEND_OPEN_KEY, open ? 'yes' : 'no')
    set({ open })
  },
}))

export const useGallery = create<{ open: boolean; setOpen(open: boolean): void }>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}))

interface TourState {
  /** The step shown, or null: closed. */
  step: number | null
  start(): void
  go(step: number): void
  /** Skipped or finished: remembered, so it does not open by itself again. */
  close(): void
}

export const useTour = create<TourState>()((set) => ({
  step: null,
  start: () => set({ step: 0 }),
  go: (step) => set({ step }),
  close: () => {
    markTourSeen()
    set({ step: null })
  },
}))
