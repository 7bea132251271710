/**
 * When the first-visit tour opens by itself, and remembering that it was seen. Storage may be
 * missing or refuse (private windows, sandboxed frames): every access is guarded, and a refusal
 * only means the tour may be offered again.
 *
 * It opens by itself on a first visit, except under automation (navigator.webdriver: end-to-end
 * specs that do not expect it are not disturbed) unless the address asks for it with ?tour=1;
 * ?tour=0 never opens it by itself. Once skipped or finished it stays closed, ?tour=1 or not; the
 * "Tour" button reopens it at any time.
 */
export const TOUR_SEEN_KEY = 'simulation.tour.seen'

export interface TourEnvironment {
  /** location.search */
  search: string
  /** navigator.webdriver */
  webdriver: boolean
  /** Whether the tour was already skipped or finished here. */
  seen: boolean
}

export function shouldAutoStartTour(env: TourEnvironment): boolean {
  if (env.seen) return false
  const asked = new URLSearchParams(env.search).get('tour')
  if (asked === '0') return false
  if (asked === '1') return true
  return !env.webdriver
}

/** Storage-like: window.localStorage, or null when there is none. */
type Store = Pick<Storage, 'getItem' | 'setItem'> | null

export function storage(): Store {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null
  } catch {
    return null // a sandboxed frame throws on the very access
  }
}

export function readFlag(key: string, store: Store = storage()): string | null {
  try {
    return store?.getItem(key) ?? null
  } catch {
    return null
  }
}

export function writeFlag(key: string, value: string, store: Store = storage()): void {
  try {
    store?.setItem(key, value)
  } catch {
    /* full or refused: only means it may be asked again */
  }
}

export const tourSeen = (store: Store = storage()): boolean => readFlag(TOUR_SEEN_KEY, store) === 'yes'
export const markTourSeen = (store: Store = storage()): void => writeFlag(TOUR_SEEN_KEY, 'yes', store)
