import { useCallback, useEffect, useRef } from 'react'

/**
 * Commit at most once per `intervalMs` while a value keeps changing (a slider being dragged), and
 * always commit the last value: the first change goes through at once, later ones wait for the
 * interval, and the final one lands when it ends. Each commit is one recorded intervention.
 */
export function useThrottledCommit<T>(commit: (value: T) => void, intervalMs = 150): { push(value: T): void; flush(): void } {
  const commitRef = useRef(commit)
  const lastAt = useRef(-Infinity)
  const pending = useRef<{ value: T } | null>(null)
  const timer = useRef<number | null>(null)

  useEffect(() => {
    commitRef.current = commit
  })

  const flush = useCallback(() => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current)
      timer.current = null
    }
    const p = pending.current
    if (p === null) return
    pending.current = null
    lastAt.current = performance.now()
    commitRef.current(p.value)
  }, [])

  const push = useCallback(
    (value: T) => {
      pending.current = { value }
      const wait = lastAt.current + intervalMs - performance.now()
      if (wait <= 0) flush()
      else if (timer.current === null) timer.current = window.setTimeout(flush, wait)
    },
    [flush, intervalMs],
  )

  // A pending value is not lost when the panel unmounts.
  useEffect(() => flush, [flush])

  return { push, flush }
}
