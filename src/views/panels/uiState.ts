import { create } from 'zustand'
import type { LayerName } from '../../kernel/types'

/** View-only state shared between panels (not part of the run, never in the URL). */
interface UiState {
  /** The layer whose inspector is open, or null. */
  inspectedLayer: LayerName | null
  inspectLayer(name: LayerName | null): void
}

export const useUi = create<UiState>()((set) => ({
  inspectedLayer: null,
  inspectLayer: (name) => set({ inspectedLayer: name }),
}))
