import { useEffect, useState } from 'react'

/**
 * Re-render every `intervalMs` (default 250 ms: 4 Hz). Panels that show live layer views read the
 * mutable frame buffer during render; this is what refreshes them — never a per-frame setState.
 */
export function useTick(intervalMs = 250): number {
  const [tick, setTick] = useState(0)
  useEffect(() => {
    const id = window.setInterval(() => setTick((t) => t + 1), intervalMs)
    return () => window.clearInterval(id)
  }, [intervalMs])
  return tick
}
