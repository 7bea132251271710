import { useEffect, useMemo } from 'react'

/**
 * A three object (geometry, material, texture) made once per mount and disposed on unmount.
 * three re-uploads a disposed object if it is used again, so StrictMode's effect replay is safe.
 */
export function useDisposable<T extends { dispose(): void }>(make: () => T): T {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- made once per mount, on purpose
  const value = useMemo(make, [])
  useEffect(() => () => value.dispose(), [value])
  return value
}
