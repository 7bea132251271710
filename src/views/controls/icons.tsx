/** Small inline icons (no icon font: every glyph renders the same everywhere). Decorative only. */
import type { JSX } from 'react'

const PATHS = {
  play: 'M4 2.5v11l9-5.5z',
  pause: 'M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z',
  step: 'M2.5 2.5v11l7.5-5.5zM11 2.5h2.5v11H11z',
  reset: 'M2.2 1.8v4.6h4.6L5 4.6A4.3 4.3 0 1 1 3.7 8H2.1A5.9 5.9 0 1 0 3.9 3.5z',
  share: 'M8 1.5l3.5 3.5-1.1 1.1-1.6-1.6v6H7.2v-6L5.6 6.1 4.5 5zM2.5 9h1.6v3.9h7.8V9h1.6v5.5h-11z',
  fork: 'M4 1.5h1.6v5.1c.9-.6 2-.9 3.2-.9h1.4V3.6l3.3 2.9-3.3 2.9V7.3H8.8c-1.8 0-3.2 1.4-3.2 3.2v4H4z',
  download: 'M7.2 1.5h1.6v7.1l2.1-2.1 1.1 1.1L8 11.6 3.9 7.6 5 6.5l2.2 2.1zM2.5 12.9h11v1.6h-11z',
} as const

export type IconName = keyof typeof PATHS

export function Icon({ name }: { name: IconName }): JSX.Element {
  return (
    <svg className="icon" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  )
}
