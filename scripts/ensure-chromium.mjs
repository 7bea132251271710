// Playwright cannot download browsers here: the e2e tests use Debian's Chromium. Install it when
// it is missing and we may (root + apt), else say exactly what to do.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (existsSync(path)) process.exit(0)
if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH=${path} does not exist`)
  process.exit(1)
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
if (!isRoot) {
  console.error('Chromium is missing: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH)')
  process.exit(1)
}
console.error('Chromium is missing: installing Debian\'s chromium with apt-get …')
execFileSync('apt-get', ['update'], { stdio: 'inherit' })
execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
