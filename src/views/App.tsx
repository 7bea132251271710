/**
 * The whole page: controls on top, the cosmos as the hero with the timelines under it, the chaOS
 * and Pantheon panels on the right, the status bar at the bottom; inspectors, the world menu and
 * notices float over the hero.
 *
 * The inspectors are not part of the first frame: each is a lazy chunk (lazyParts.ts), mounted only
 * while open, and prefetched once the page is idle.
 */
import { Suspense, useEffect, useState } from 'react'
import { CosmosView } from './cosmos/CosmosView'
import { useSelectedWorld } from './cosmos/selection'
import { TopBar } from './controls/TopBar'
import { LayerInspector, MessageCard, prefetchLazyParts, WorldInspector } from './lazyParts'
import { ChaosPanel } from './panels/ChaosPanel'
import { CosmosCorner } from './panels/CosmosCorner'
import { Notices } from './panels/Notices'
import { PantheonPanel } from './panels/PantheonPanel'
import { StatusBar } from './panels/StatusBar'
import { TimelinesPanel } from './panels/TimelinesPanel'
import { ExplainOverlays } from './panels/ExplainOverlays'
import { useUi } from './panels/uiState'
import { WorldContextMenu } from './panels/WorldContextMenu'
import { useMessageCard } from './panels/messageCardState'
import { startClockSampler } from './timelines/clockSampler'
import './app.css'

export function App() {
  useEffect(prefetchLazyParts, [])
  useEffect(startClockSampler, [])
  const layerOpen = useUi((s) => s.inspectedLayer !== null)
  const worldOpen = useSelectedWorld((s) => s.selected !== null && s.selected !== undefined)
  return (
    <div className="app">
      <TopBar />
      <main className="workspace">
        <section className="hero" aria-label="Cosmos: the worlds in 3D">
          <CosmosView />
          <CosmosCorner />
          <Notices />
          {layerOpen && (
            <Suspense fallback={<InspectorLoading className="layer-inspector" />}>
              <LayerInspector />
            </Suspense>
          )}
          {worldOpen && (
            <Suspense fallback={<InspectorLoading className="world-inspector" />}>
              <WorldInspector />
            </Suspense>
          )}
        </section>
        <TimelinesPanel />
        <aside className="sidebar" aria-label="chaOS and the pantheon">
          <ChaosPanel />
          <PantheonPanel />
        </aside>
      </main>
      <StatusBar />
      <WorldContextMenu />
      <ExplainOverlays />
      <MessageCards />
    </div>
  )
}

/** The message card: its chunk from the first particle hovered or picked on, mounted from then on (it watches for the outcome of a drop). */
function MessageCards() {
  const wanted = useMessageCard((s) => s.open !== null || s.hover !== null)
  const [mounted, setMounted] = useState(false)
  if (wanted && !mounted) setMounted(true)
  return mounted ? (
    <Suspense fallback={null}>
      <MessageCard />
    </Suspense>
  ) : null
}

/** An inspector's frame, in its place, while its chunk arrives. */
function InspectorLoading({ className }: { className: string }) {
  return (
    <section className={`inspector ${className}`} aria-busy="true">
      <p className="chunk-loading">loading…</p>
    </section>
  )
}

export default App
