/**
 * A <details> whose body floats over what follows (the plot), so opening it takes no height from
 * the lanes; it closes on Escape or a press outside it.
 */
import { useRef, useState, type ReactNode } from 'react'
import { useDismiss } from '../panels/useDismiss'

export function DetailsPopover({ className, summary, summaryClassName, testId, children }: {
  className: string
  summary: ReactNode
  summaryClassName?: string
  testId?: string
  children: ReactNode
}) {
  const ref = useRef<HTMLDetailsElement | null>(null)
  const [open, setOpen] = useState(false)
  useDismiss(ref, open, () => setOpen(false))
  return (
    <details ref={ref} className={`tl-popover ${className}`} open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid={testId}>
      <summary className={summaryClassName}>{summary}</summary>
      <div className="tl-popover-body">{children}</div>
    </details>
  )
}
