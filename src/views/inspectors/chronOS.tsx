/** chronOS's inspector: every world's NTP state (stratum, servers, offset, delay, root distance, sync) and HLC. */
import { frameBuffer } from '../../store/frameBuffer'
import { Facts } from '../panels/inspectorParts'
import { useTick } from '../panels/useTick'
import { Table, Waiting } from './parts'

const us = (v: number): string => (Math.abs(v) >= 10_000 ? `${(v / 1000).toFixed(1)} ms` : `${v} µs`)

export function ChronosInspector() {
  useTick(500)
  const v = frameBuffer.views.chronOS
  if (!v) return <Waiting />
  const clients = v.worlds.filter((w) => !w.reference)
  const synced = clients.filter((w) => w.synced && w.up)
  const maxOff = synced.reduce((m, w) => Math.max(m, Math.abs(w.offsetUs)), 0)
  return (
    <>
      <p className="muted">NTP (RFC 5905): stratum-1 worlds read cosmic time; clients poll their servers, filter, select (Marzullo), combine and discipline their clock (step above 128 ms, slew within ±500 ppm). Every packet carries a hybrid logical clock.</p>
      <Facts items={[['synchronised clients', `${synced.length} / ${clients.length}`], ['max |offset| of synchronised', us(maxOff)], ['extra drift (chaOS)', `±${v.extraDriftPpm} ppm`], ['NTP requests', v.requests], ['replies refused', v.refused]]} />
      <Table
        testId="chronos-table"
        head={['world', 'stratum', 'servers', 'offset', 'estimate', 'delay', 'root distance', 'synced', 'drift / corr ppm', 'HLC (l, c)']}
        rows={v.worlds.map((w) => [
          w.id,
          w.reference ? '1 (ref)' : w.stratum >= 16 ? '16' : w.stratum,
          w.reference ? '—' : w.servers.map((s) => (s === w.systemPeer ? `*${s}` : String(s))).join(' '),
          us(w.offsetUs),
          w.reference ? '—' : us(w.estimateUs),
          w.reference ? '—' : us(w.delayUs),
          us(w.rootDistanceUs),
          !w.up ? 'down' : w.synced ? 'yes' : 'no',
          w.reference ? '—' : `${w.hwPpm.toFixed(1)} / ${w.corrPpm.toFixed(1)}`,
          w.hlc ? `(${w.hlc.l}, ${w.hlc.c})` : '—',
        ])}
      />
    </>
  )
}
