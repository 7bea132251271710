/**
 * etymOS's inspector: the catalogue. A searchable table of every subject (name, kind, global id,
 * versions, compatibility mode, producers → consumers, rejections in this run), the producer →
 * consumer graph (d3, a lazy chunk), and the JSON Schema of the selected subject as text. The
 * catalogue is static — built here, on the main thread, from the layers' own schemas with the
 * run's compatibility settings; the rejection counts come from etymOS's view in the frame buffer.
 */
import { lazy, Suspense, useMemo, useState } from 'react'
import { LAYERS } from '../../layers/index'
import { buildCatalogue, type Catalogue } from '../../layers/etymOS/catalogue'
import type { CompatibilityMode } from '../../layers/etymOS/compat'
import type { EtymosView } from '../../layers/etymOS/view'
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { formatUs } from '../panels/format'
import { Facts } from '../panels/inspectorParts'
import { Table, Waiting } from './parts'

const EtymosGraph = lazy(() => import('./etymOSGraph').then((m) => ({ default: m.EtymosGraph })))

const ROWS_MAX = 400

/** The catalogue for one set of compatibility settings (built once per settings). */
const catalogues = new Map<string, Catalogue>()
function catalogueFor(defaultCompatibility: CompatibilityMode, compatibility: Record<string, CompatibilityMode>): Catalogue {
  const key = JSON.stringify([defaultCompatibility, compatibility])
  let c = catalogues.get(key)
  if (!c) {
    c = buildCatalogue(LAYERS, { defaultCompatibility, compatibility })
    catalogues.set(key, c)
  }
  return c
}

/** Ring order of the graph: the user, the layers in pantheon order, the kernel, its event log. */
const GRAPH_ORDER = ['user', ...LAYERS.map((m) => m.name), 'kernel', 'logOS']

const arrow = (producers: readonly string[], consumers: readonly string[]) => `${producers.join(', ') || '—'} → ${consumers.join(', ') || '—'}`

export function EtymosInspector() {
  const v = frameBuffer.views.etymOS as EtymosView | undefined
  const run = useTheos((s) => s.scenario.run)
  const network = useTheos((s) => s.scenario.network)
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState<string | null>(null)
  const [onlyRunning, setOnlyRunning] = useState(true)
  const cat = useMemo(() => (v ? catalogueFor(v.defaultCompatibility, v.compatibility) : null), [v])
  const running = useMemo(() => ['atmOS', network, ...run], [network, run])
  if (!v || !cat) return <Waiting />
  const q = query.trim().toLowerCase()
  const shown = cat.subjects.filter((s) => q === '' || s.name.toLowerCase().includes(q) || s.kind.includes(q) || [...s.producers, ...s.consumers].some((l) => l.toLowerCase().includes(q)))
  const known = new Set(cat.subjects.map((s) => s.name))
  const unmatched = Object.entries(v.bySubject).filter(([s]) => !known.has(s))
  const sel = selected !== null && known.has(selected) ? cat.subjects.find((s) => s.name === selected)! : null
  return (
    <div data-testid="etymos-catalogue">
      <Facts
        items={[
          ['subjects', cat.subjects.length],
          ['schemas (ids)', new Set(cat.subjects.map((s) => cat.registry.latest(s.name).id)).size],
          ['default compatibility', v.defaultCompatibility],
          ['rejected so far', v.total],
          ['at layer / wire', `${v.byBoundary.layer} / ${v.byBoundary.wire}`],
        ]}
      />
      <h3>Producers → consumers</h3>
      <label className="small muted" style={{ display: 'block', marginBottom: 4 }}>
        <input type="checkbox" data-testid="etymos-only-running" checked={onlyRunning} onChange={(e) => setOnlyRunning(e.target.checked)} /> only the layers in this run
      </label>
      <Suspense fallback={<p className="muted">Drawing the graph…</p>}>
        <EtymosGraph subjects={cat.subjects} order={GRAPH_ORDER} running={running} onlyRunning={onlyRunning} selected={sel?.name ?? null} onSelect={setSelected} />
      </Suspense>
      <h3>Subjects</h3>
      <input
        type="search"
        data-testid="etymos-search"
        aria-label="search subjects"
        placeholder="search subjects, kinds or layers…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        style={{ width: '100%', boxSizing: 'border-box', margin: '0 0 6px', padding: '4px 8px', background: 'var(--bg)', color: 'var(--text)', border: '1px solid var(--border-strong)', borderRadius: 'var(--radius)' }}
      />
      <Table
        testId="etymos-subjects"
        head={['subject', 'kind', 'id', 'versions', 'compatibility', 'producers → consumers', 'rejected']}
        rows={shown.slice(0, ROWS_MAX).map((s) => {
          const versions = cat.registry.versions(s.name)
          const rejected = v.bySubject[s.name] ?? 0
          return [
            <button
              type="button"
              className="link-button"
              data-subject={s.name}
              aria-pressed={sel?.name === s.name}
              onClick={() => setSelected(sel?.name === s.name ? null : s.name)}
              style={{ background: 'none', border: 'none', padding: 0, color: sel?.name === s.name ? 'var(--accent-strong)' : 'var(--accent)', cursor: 'pointer', font: 'inherit', fontFamily: 'var(--mono)', textAlign: 'left' }}
            >
              {s.name}
            </button>,
            s.kind,
            <span className="mono">{versions.at(-1)!.id}</span>,
            <span className="mono">{versions.map((x) => x.version).join(', ')}</span>,
            cat.registry.compatibility(s.name),
            <span className="small">{arrow(s.producers, s.consumers)}</span>,
            <span className="mono" style={rejected > 0 ? { color: 'var(--danger)' } : undefined}>
              {rejected}
            </span>,
          ]
        })}
      />
      {shown.length === 0 && <p className="muted">No subject matches “{query}”.</p>}
      {shown.length > ROWS_MAX && <p className="muted">{shown.length - ROWS_MAX} more: narrow the search.</p>}
      {unmatched.length > 0 && (
        <p className="muted small" data-testid="etymos-unmatched">
          Rejected with no matching subject (the message's own type field was what failed):{' '}
          {unmatched.map(([s, n]) => `${s} ×${n}`).join(', ')}
        </p>
      )}
      {sel && (
        <>
          <h3>
            {sel.name} · version {cat.registry.latest(sel.name).version} · id {cat.registry.latest(sel.name).id}
          </h3>
          <p className="muted small">
            {sel.kind} · {arrow(sel.producers, sel.consumers)} · {cat.registry.compatibility(sel.name)}
            {sel.note ? ` · ${sel.note}` : ''}
          </p>
          {/* Text, never HTML: React escapes it. */}
          <pre className="raw-view" data-testid="etymos-schema">
            {JSON.stringify(cat.registry.latest(sel.name).schema, null, 2)}
          </pre>
        </>
      )}
      <h3>Latest rejections</h3>
      {v.recent.length === 0 ? (
        <p className="muted">None: every message so far matched its schema.</p>
      ) : (
        <Table
          testId="etymos-rejections"
          head={['at', 'subject', 'field', 'reason', 'from → world']}
          rows={[...v.recent].reverse().map((r) => [formatUs(r.t), r.subject, <span className="mono">{r.path || '(message)'}</span>, r.reason, `${r.from} → ${r.node ?? '—'}`])}
        />
      )}
      <p className="muted small">{cat.notes.join('. ')}.</p>
    </div>
  )
}
