/**
 * The whole page: controls on top, the cosmos as the hero with the timelines under it, the chaOS
 * and Pantheon panels on the right, the status bar at the bottom; inspectors, the world menu and
 * notices float over the hero.
 */
import { CosmosView } from './cosmos/CosmosView'
import { TopBar } from './controls/TopBar'
import { ChaosPanel } from './panels/ChaosPanel'
import { LayerInspector } from './panels/LayerInspector'
import { Notices } from './panels/Notices'
import { PantheonPanel } from './panels/PantheonPanel'
import { StatusBar } from './panels/StatusBar'
import { TimelinesPanel } from './panels/TimelinesPanel'
import { WorldContextMenu } from './panels/WorldContextMenu'
import { WorldInspector } from './panels/WorldInspector'
import './app.css'

export function App() {
  return (
    <div className="app">
      <TopBar />
      <main className="workspace">
        <section className="hero" aria-label="Cosmos: the worlds in 3D">
          <CosmosView />
          <Notices />
          <LayerInspector />
          <WorldInspector />
        </section>
        <TimelinesPanel />
        <aside className="sidebar" aria-label="chaOS and the pantheon">
          <ChaosPanel />
          <PantheonPanel />
        </aside>
      </main>
      <StatusBar />
      <WorldContextMenu />
    </div>
  )
}

export default App
