import { defineConfig } from '@playwright/test'

/**
 * End-to-end specs in real Chromium (Debian's, software WebGL through SwiftShader). The page runs
 * the whole simulation in Web Workers on a 2-core machine, so: one worker, generous timeouts.
 */
/** E2E_PORT / E2E_OUT_DIR: a second build served on another port (parallel work on one machine), its test output in <E2E_OUT_DIR>-results. */
const PORT = Number(process.env.E2E_PORT ?? 4173)
const OUT_DIR = process.env.E2E_OUT_DIR ?? 'dist'
const BASE_URL = `http://127.0.0.1:${PORT}`

export default defineConfig({
  testDir: 'e2e',
  // A second build's run keeps its traces beside that build (each run empties its output folder).
  outputDir: OUT_DIR === 'dist' ? 'test-results' : `${OUT_DIR}-results`,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 800 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    // A failed test keeps its trace: every action, its console, network and sources — but no DOM
    // snapshot per action nor screencast, which cost a 2-core machine about a fifth of the suite's
    // time (rerun one spec with `--trace on` for those).
    trace: { mode: 'retain-on-failure', snapshots: false, screenshots: false },
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
        },
      },
    },
  ],
  webServer: {
    // vite build alone, not `npm run build` (tsc -b && vite build): `npm test` has typechecked the
    // same sources just before (npm run typecheck), and tsc -b would spend ~12 s doing it again.
    command: OUT_DIR === 'dist' && PORT === 4173 ? 'npx vite build && npm run preview' : `npx vite build --outDir ${OUT_DIR} --emptyOutDir && npx vite preview --outDir ${OUT_DIR} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
