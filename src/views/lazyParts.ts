/**
 * The parts of the page not needed for its first frame, each a separate chunk (React.lazy): the
 * timelines and the metrics chart (with d3), the layer inspectors and the world inspector. Each is
 * fetched when first shown, and all of them once the page is idle after its first frame
 * (prefetchLazyParts), so opening one later does not wait on the network.
 */
import { lazy } from 'react'

const loadLogTimeline = () => import('./timelines/LogTimeline')
const loadConsensusTimeline = () => import('./timelines/ConsensusTimeline')
const loadMetricsPanel = () => import('./panels/MetricsPanel')
const loadClocksTimeline = () => import('./timelines/ClocksTimeline')
const loadSpaceTime = () => import('./timelines/SpaceTime')
const loadRaftLog = () => import('./timelines/RaftLog')
const loadMessageCard = () => import('./panels/MessageCard')
const loadLayerInspector = () => import('./panels/LayerInspector')
const loadWorldInspector = () => import('./panels/WorldInspector')

export const LogTimeline = lazy(() => loadLogTimeline().then((m) => ({ default: m.LogTimeline })))
export const ConsensusTimeline = lazy(() => loadConsensusTimeline().then((m) => ({ default: m.ConsensusTimeline })))
export const MetricsPanel = lazy(() => loadMetricsPanel().then((m) => ({ default: m.MetricsPanel })))
export const ClocksTimeline = lazy(() => loadClocksTimeline().then((m) => ({ default: m.ClocksTimeline })))
export const SpaceTime = lazy(() => loadSpaceTime().then((m) => ({ default: m.SpaceTime })))
export const RaftLog = lazy(() => loadRaftLog().then((m) => ({ default: m.RaftLog })))
export const MessageCard = lazy(() => loadMessageCard().then((m) => ({ default: m.MessageCard })))
export const LayerInspector = lazy(() => loadLayerInspector().then((m) => ({ default: m.LayerInspector })))
export const WorldInspector = lazy(() => loadWorldInspector().then((m) => ({ default: m.WorldInspector })))

/** Fetch every lazy part when the page is idle (after its first frame); errors wait for first use. */
export function prefetchLazyParts(): () => void {
  const run = () => {
    for (const load of [loadLogTimeline, loadConsensusTimeline, loadMetricsPanel, loadClocksTimeline, loadSpaceTime, loadRaftLog, loadMessageCard, loadLayerInspector, loadWorldInspector]) load().catch(() => {})
  }
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: 3000 })
    return () => cancelIdleCallback(id)
  }
  const id = setTimeout(run, 1000)
  return () => clearTimeout(id)
}
