/**
 * Share: the whole scenario, with the current sim time as its stop time, copied as a link (and
 * shown in a read-only field, which is also the fallback where the clipboard is refused).
 * Export: the retained logOS event log as run.jsonl.
 */
import { useEffect, useRef, useState } from 'react'
import { useTheos } from '../../store/theos'
import { useDismiss } from '../panels/useDismiss'
import { Icon } from './icons'

type CopyState = 'copying' | 'copied' | 'manual'

export function ShareExport() {
  return (
    <div className="control-group control-group--end" role="group" aria-label="Share and export">
      <Share />
      <Export />
    </div>
  )
}

function Share() {
  const shareUrl = useTheos((s) => s.shareUrl)
  const [shared, setShared] = useState<{ url: string; state: CopyState } | null>(null)
  const fieldRef = useRef<HTMLInputElement>(null)
  const rootRef = useRef<HTMLDivElement>(null)

  const share = () => {
    const url = shareUrl({ withStopTime: true })
    setShared({ url, state: 'copying' })
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined
    if (!clipboard?.writeText) {
      setShared({ url, state: 'manual' })
      return
    }
    clipboard.writeText(url).then(
      () => setShared((s) => (s?.url === url ? { url, state: 'copied' } : s)),
      () => setShared((s) => (s?.url === url ? { url, state: 'manual' } : s)),
    )
  }

  // Where copying failed, select the link so Ctrl+C is all that is left to do.
  useEffect(() => {
    if (shared?.state === 'manual') fieldRef.current?.select()
  }, [shared?.state])

  useDismiss(rootRef, shared !== null, () => setShared(null))

  return (
    <div className="share" ref={rootRef}>
      <button type="button" className="btn" data-testid="share" title="Copy a link that replays this run to this moment" onClick={share}>
        <Icon name="share" />
        {shared?.state === 'copied' ? 'Copied' : 'Share'}
      </button>
      {shared !== null && (
        <div className="popover share-popover" role="dialog" aria-label="Share link">
          <p className="share-status" role="status" data-testid="share-status">
            {shared.state === 'copied' ? 'Copied — the link replays this run up to now.' : shared.state === 'copying' ? 'Copying…' : 'Select the link and copy it (the clipboard is not available here).'}
          </p>
          <input
            ref={fieldRef}
            className="share-url"
            data-testid="share-url"
            readOnly
            aria-label="Share link"
            value={shared.url}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" className="btn btn--small" onClick={() => setShared(null)}>
            Close
          </button>
        </div>
      )}
    </div>
  )
}

function Export() {
  const exportLog = useTheos((s) => s.exportLog)
  const empty = useTheos((s) => s.eventCount === 0)
  return (
    <button
      type="button"
      className="btn"
      data-testid="export"
      title="Download the retained logOS event log as JSON Lines"
      disabled={empty}
      onClick={() => {
        const blob = new Blob([exportLog()], { type: 'application/x-ndjson' })
        const url = URL.createObjectURL(blob)
        const a = document.createElement('a')
        a.href = url
        a.download = 'run.jsonl'
        document.body.appendChild(a)
        a.click()
        a.remove()
        // Give the download a moment to start before the URL goes away.
        window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
      }}
    >
      <Icon name="download" />
      Export log
    </button>
  )
}
