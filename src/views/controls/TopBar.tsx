/** The top bar: the name, how to move through the run, what defines it, and how to share it. */
import { Branches } from './Branches'
import { RunConfig } from './RunConfig'
import { ShareExport } from './ShareExport'
import { Transport } from './Transport'

export function TopBar() {
  return (
    <header className="topbar">
      <h1 className="brand" title="A distributed system running deterministically in your browser">
        <img src="/favicon.svg" alt="" width={22} height={22} />
        simulation
      </h1>
      <Transport />
      <Branches />
      <RunConfig />
      <ShareExport />
    </header>
  )
}
