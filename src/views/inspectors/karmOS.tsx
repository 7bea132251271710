/**
 * karmOS's inspector: per world its ledger (length, chain head, Merkle root, entries not yet
 * durable, the local lifecycle chain), the entries corrupted on its disk — a red mark until
 * anti-entropy repairs them, then the repair count in green — and the anti-entropy totals
 * (rounds, divergences, repairs, bytes exchanged). Exports the run's causality as a ShiViz log
 * (fetched from the coordinator, where the checkers see every stamped send and receive).
 */
import { useState } from 'react'
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { useSelectedWorld } from '../cosmos/selection'
import { Facts } from '../panels/inspectorParts'
import { useTick } from '../panels/useTick'
import { Table, Waiting } from './parts'

/** Rows shown at most (the corrupted worlds first). */
const ROWS_MAX = 64

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

function ShivizExport() {
  const shivizLog = useTheos((s) => s.shivizLog)
  const [note, setNote] = useState<string | null>(null)
  return (
    <p>
      <button
        type="button"
        className="btn"
        data-testid="karmos-shiviz"
        title="Download every stamped send and receive with its vector clock, in ShiViz's format (regex on the first line)"
        onClick={() => {
          void shivizLog().then((text) => {
            if (!text) return setNote('No vector clocks: karmOS does not run, or more than 64 worlds.')
            const events = (text.split('\n').length - 2) >> 1
            setNote(`${events} events; paste into ShiViz (its first line is the parsing regex).`)
            download('run.shiviz.log', text)
          })
        }}
      >
        Export ShiViz log
      </button>{' '}
      {note && <span className="muted" data-testid="karmos-shiviz-note">{note}</span>}
    </p>
  )
}

export function KarmosInspector() {
  useTick(250)
  const selected = useSelectedWorld((s) => s.selected)
  const fault = useTheos((s) => s.fault)
  const target = selected ?? 0
  const v = frameBuffer.views.karmOS
  if (!v) return <Waiting />
  const st = v.stats
  const corruptedNow = v.worlds.reduce((n, w) => n + w.corrupted.length, 0)
  const rows = v.worlds
    .slice()
    .sort((a, b) => b.corrupted.length - a.corrupted.length || (a.id === selected ? -1 : b.id === selected ? 1 : a.id - b.id))
    .slice(0, ROWS_MAX)
  return (
    <>
      <Facts
        items={[
          ['anti-entropy', `every ${v.intervalMs} ms per world`],
          ['rounds', `${st.rounds} (${st.roundsInSync} in sync, ${st.roundsDiverged} diverged, ${st.roundsAbandoned} abandoned)`],
          ['divergences', `${st.divergences}${st.divergences > 0 ? ` · ${(st.levelsTotal / st.divergences).toFixed(1)} levels on average` : ''}`],
          ['corrupted now', <span key="c" className={corruptedNow > 0 ? 'karmos-bad' : 'karmos-ok'} data-testid="karmos-corrupted-now">{corruptedNow}</span>],
          ['corruptions / repairs', <span key="r" data-testid="karmos-repairs">{`${st.corruptions} / ${st.repairs}`}</span>],
          ['bytes exchanged', st.bytesExchanged.toLocaleString('en')],
          ['entries lost in crashes / re-fetched', `${st.entriesLost} / ${st.entriesRefetched}`],
        ]}
      />
      <p>
        <button type="button" className="btn" data-testid="karmos-corrupt" title="chaOS's ledger corruption: flip bytes of one stored entry of this world's ledger on its disk" onClick={() => fault('corrupt_ledger', target)}>
          Corrupt world {target}'s ledger
        </button>{' '}
        <span className="muted">(the selected world; anti-entropy should find and repair it)</span>
      </p>
      <ShivizExport />
      <h3>Ledgers</h3>
      <Table
        testId="karmos-ledgers"
        head={['world', 'length', 'head', 'Merkle root', 'not durable', 'disk', 'repairs', 'lifecycle chain', 'round with']}
        rows={rows.map((w) => [
          <span key="w" className={w.id === selected ? 'karmos-selected' : undefined}>{w.id}</span>,
          w.len,
          <span key="h" className="mono">{w.head}</span>,
          <span key="r" className="mono">{w.root || '—'}</span>,
          w.volatile,
          w.corrupted.length > 0 ? (
            <span key="d" className="karmos-bad" data-testid={`karmos-corrupt-${w.id}`} title="bytes flipped on disk: anti-entropy will repair it from a healthy majority">
              ● corrupted #{w.corrupted.join(', #')}
            </span>
          ) : (
            <span key="d" className="karmos-ok">healthy</span>
          ),
          w.repairs > 0 ? <span key="p" className="karmos-ok" data-testid={`karmos-repaired-${w.id}`}>✔ {w.repairs}</span> : 0,
          <span key="l" className="mono">{`${w.localN} · ${w.localHead}`}</span>,
          w.roundPeer ?? '—',
        ])}
      />
      {v.worlds.length > ROWS_MAX && <p className="muted">{v.worlds.length - ROWS_MAX} more worlds not shown.</p>}
    </>
  )
}
