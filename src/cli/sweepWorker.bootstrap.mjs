// Register the TypeScript loader inside the worker thread, then load the sweep worker.
import { register } from 'tsx/esm/api'

register()
await import('./sweepWorker.ts')
