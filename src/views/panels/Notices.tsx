/**
 * Notices from the store (a broken link, a refused setting …), each dismissable. Their text may
 * quote a hostile URL, so it is rendered as text only — React escapes it; never as HTML — and the
 * store's notify() has already made every control and bidi character (a right-to-left override …)
 * a visible `\u{XXXX}` escape, so a link cannot make a notice read backwards.
 */
import { useTheos } from '../../store/theos'

export function Notices() {
  const notices = useTheos((s) => s.notices)
  const dismiss = useTheos((s) => s.dismissNotice)
  if (notices.length === 0) return null
  return (
    <div className="notices" aria-label="Notices">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice notice--${n.level}`}
          data-testid="notice"
          data-level={n.level}
          role={n.level === 'error' ? 'alert' : 'status'}
        >
          <span className="notice-icon" aria-hidden="true">
            {n.level === 'error' ? '⚠' : n.level === 'warn' ? '!' : 'i'}
          </span>
          <span className="notice-text">{n.text}</span>
          <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
