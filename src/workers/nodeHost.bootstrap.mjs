// Worker threads do not inherit the parent's TypeScript loader in every setting (Vitest's forks,
// plain node): register tsx inside the worker itself, then load the TypeScript entry.
import { register } from 'tsx/esm/api'

register()
await import('./nodeHost.worker.ts')
