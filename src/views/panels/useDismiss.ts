/** Close a popover on Escape or on a pointer press outside it. */
import { useEffect, useRef, type RefObject } from 'react'

/**
 * While `open`, call `onClose` when Escape is pressed anywhere or a pointer goes down outside
 * `rootRef` (the popover and the button that opens it). `onClose` may be a fresh function on
 * every render; the listeners always call the latest one.
 */
export function useDismiss(rootRef: RefObject<HTMLElement | null>, open: boolean, onClose: () => void): void {
  const onCloseRef = useRef(onClose)
  useEffect(() => {
    onCloseRef.current = onClose
  })

  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCloseRef.current()
    }
    const onPointer = (e: PointerEvent) => {
      if (rootRef.current && e.target instanceof Node && !rootRef.current.contains(e.target)) onCloseRef.current()
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('pointerdown', onPointer)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('pointerdown', onPointer)
    }
  }, [rootRef, open])
}
