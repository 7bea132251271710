/**
 * Which message card is open and which particle is under the pointer: the small part of the
 * message card the page needs from its first frame (the 3D view and the space-time diagram set
 * it); the card itself (MessageCard.tsx) is a lazy chunk, loaded the first time it is needed.
 */
import { create } from 'zustand'
import type { Rect } from '../geometry'
import { messageTitle, type PickedMessage } from './messageRef'

export interface OpenCard extends PickedMessage {
  /** Where the message is on screen (viewport px): the card goes beside it. */
  anchor: { x: number; y: number }
  /** A box the card should not cover either (the arrow clicked), viewport px. */
  avoid?: Rect
}

export interface MessageCardState {
  open: OpenCard | null
  /** The particle under the pointer in the cosmos: a one-line label beside it. */
  hover: { text: string; x: number; y: number } | null
  show(card: OpenCard): void
  close(): void
  setHover(h: { text: string; x: number; y: number } | null): void
}

export const useMessageCard = create<MessageCardState>()((set, get) => ({
  open: null,
  hover: null,
  show: (card) => set({ open: card, hover: null }),
  close: () => {
    if (get().open !== null) set({ open: null })
  },
  setHover: (h) => {
    const cur = get().hover
    if (h === cur || (h && cur && h.text === cur.text && h.x === cur.x && h.y === cur.y)) return
    set({ hover: h })
  },
}))

/** The one-line label of a particle under the pointer. */
export const hoverText = (m: PickedMessage): string => `${messageTitle(m)} · w${m.packet.from} → w${m.packet.to} · click to read`

