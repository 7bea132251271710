/**
 * The timelines' hover card: fixed at the pointer, flipped to stay on screen, text only (its
 * children are React text, never HTML), and transparent to the pointer.
 */
import type { ReactNode } from 'react'

const CARD_W_PX = 440
const CARD_H_PX = 340
const OFFSET_PX = 12

export function Tooltip({ x, y, testId, children }: { x: number; y: number; testId: string; children: ReactNode }) {
  const vw = typeof window === 'undefined' ? Infinity : window.innerWidth
  const vh = typeof window === 'undefined' ? Infinity : window.innerHeight
  const style = {
    ...(x + OFFSET_PX + CARD_W_PX > vw ? { right: Math.max(0, vw - x + OFFSET_PX) } : { left: x + OFFSET_PX }),
    ...(y + OFFSET_PX + CARD_H_PX > vh ? { bottom: Math.max(0, vh - y + OFFSET_PX) } : { top: y + OFFSET_PX }),
  }
  return (
    <div className="tl-tooltip" data-testid={testId} role="tooltip" style={style}>
      {children}
    </div>
  )
}
