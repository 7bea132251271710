/**
 * A module fetched on first use (import()) for code that asks for it every frame: undefined until
 * it has arrived. A failed fetch is not the end: a call `retryMs` or more after the failed try
 * asks for it again (a chunk lost to a network blip or a redeploy). Whether that fetches anew is
 * the browser's: today's Chromium and Firefox remember a failed module import and fail again at
 * once (whatwg/html#6768), so the retry helps where that is fixed, and costs one call per
 * `retryMs` where it is not.
 */
export function lazyModule<T>(load: () => Promise<T>, retryMs = 2_000): (nowMs: number) => T | undefined {
  let mod: T | undefined
  /** When the next try may start (Infinity while one is in flight). */
  let nextTryMs = -Infinity
  return (nowMs) => {
    if (mod === undefined && nowMs >= nextTryMs) {
      nextTryMs = Infinity
      load().then(
        (m) => (mod = m),
        () => (nextTryMs = nowMs + retryMs),
      )
    }
    return mod
  }
}
