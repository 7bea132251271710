/**
 * The gallery of curated scenarios (scenario/gallery.ts): each a link, made with the scenario
 * encoder, and a sentence on what to watch. Opening one loads it (the store's load: the address
 * bar then holds its link) and starts it; a link can also be copied or opened in a new tab.
 * A modal <dialog>: Escape or the close button closes it, focus stays inside while it is open.
 */
import { useEffect, useMemo, useRef, type MouseEvent } from 'react'
import { parseGallery, type ParsedGalleryEntry } from '../../scenario/gallery'
import { useTheos } from '../../store/theos'
import { useGallery } from './explainState'

export function Gallery() {
  const setOpen = useGallery((s) => s.setOpen)
  const ref = useRef<HTMLDialogElement>(null)
  const entries = useMemo(() => parseGallery(), [])

  // Mounted while open (ExplainOverlays.tsx): shown as a modal from the start.
  useEffect(() => {
    const d = ref.current
    if (d !== null && !d.open) d.showModal()
  }, [])

  const openEntry = (e: MouseEvent<HTMLAnchorElement>, entry: ParsedGalleryEntry) => {
    if (!entry.ok || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return // a new tab or window: the browser's
    e.preventDefault()
    setOpen(false)
    void useTheos.getState().load(entry.parsed, { autoplay: true })
  }

  return (
    <dialog ref={ref} className="gallery" aria-labelledby="gallery-title" data-testid="gallery" onClose={() => setOpen(false)} onCancel={() => setOpen(false)}>
      <header className="gallery-header">
        <h2 id="gallery-title">Gallery: stories to watch</h2>
        <button type="button" className="icon-button" aria-label="Close the gallery" onClick={() => setOpen(false)}>
          ×
        </button>
      </header>
      <p className="muted small gallery-intro">Each opens a short scenario with scripted faults and starts it; the address bar then holds its link.</p>
      <ul className="gallery-list">
        {entries.map((entry) => (
          <li key={entry.id} className="gallery-entry" data-testid={`gallery-${entry.id}`}>
            <h3>
              {entry.ok ? (
                <a href={entry.link} data-testid={`gallery-open-${entry.id}`} onClick={(e) => openEntry(e, entry)}>
                  {entry.title}
                </a>
              ) : (
                entry.title
              )}
            </h3>
            <p>{entry.ok ? entry.watch : `This scenario no longer validates: ${entry.error}`}</p>
            <p className="muted small">{entry.untilS} s of story</p>
          </li>
        ))}
      </ul>
    </dialog>
  )
}
