#!/usr/bin/env node
/**
 * Gzipped size of the JS the page loads before its first frame, read from an existing build
 * (`vite build` writes dist/.vite/manifest.json; this script builds nothing).
 *
 *   node scripts/bundle-size.mjs [budgetKB]
 *
 * Initial JS = index.html's entry chunk plus everything it imports statically (the chunks Vite
 * puts in <link rel="modulepreload">), transitively. Lazily imported chunks (React.lazy, import())
 * are listed apart and not counted; so is the layer-host Web Worker, which starts only when a run
 * boots and is fetched in parallel with the page's own work. With a budget (kB, 1 kB = 1000
 * bytes, as Vite prints them), the exit status is 1 when the initial total exceeds it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

const dist = resolve(process.argv[3] ?? 'dist')
const budgetArg = process.argv[2]
const budget = budgetArg === undefined ? undefined : Number(budgetArg)
if (budget !== undefined && !(budget > 0)) {
  console.error(`bundle-size: the budget must be a positive number of kB, not ${JSON.stringify(budgetArg)}`)
  process.exit(2)
}
const manifestPath = join(dist, '.vite', 'manifest.json')
if (!existsSync(manifestPath)) {
  console.error(`bundle-size: ${manifestPath} is missing: run \`vite build\` first (vite.config.ts sets build.manifest)`)
  process.exit(2)
}

/** @type {Record<string, {file: string, name?: string, src?: string, isEntry?: boolean, isDynamicEntry?: boolean, imports?: string[], dynamicImports?: string[], assets?: string[]}>} */
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))

const sizes = new Map()
function size(file) {
  let s = sizes.get(file)
  if (s === undefined) {
    const bytes = readFileSync(join(dist, file))
    s = { raw: bytes.length, gzip: gzipSync(bytes).length }
    sizes.set(file, s)
  }
  return s
}

// The entry (index.html) and its static imports, transitively.
const entries = Object.entries(manifest).filter(([, c]) => c.isEntry)
if (entries.length === 0) {
  console.error('bundle-size: the manifest names no entry chunk')
  process.exit(2)
}
const initial = new Map() // key -> chunk
const stack = entries.map(([key]) => key)
while (stack.length > 0) {
  const key = stack.pop()
  if (initial.has(key)) continue
  const chunk = manifest[key]
  if (chunk === undefined) continue
  initial.set(key, chunk)
  for (const dep of chunk.imports ?? []) stack.push(dep)
}

// Cross-check with index.html: every script and modulepreload it names is an initial chunk.
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const initialFiles = new Set([...initial.values()].map((c) => c.file))
for (const m of html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/?([^"]+\.js)"/g)) {
  if (!initialFiles.has(m[1])) {
    console.error(`bundle-size: index.html loads ${m[1]}, which the manifest's static import graph does not reach`)
    process.exit(2)
  }
}

// Workers: Vite bundles them apart and lists their files as assets of the chunks that start them.
const workerFiles = new Set()
for (const c of Object.values(manifest)) for (const a of c.assets ?? []) if (a.endsWith('.js')) workerFiles.add(a)

// Everything else that is JS: lazily loaded.
const lazyFiles = readdirSync(join(dist, 'assets'))
  .map((f) => `assets/${f}`)
  .filter((f) => f.endsWith('.js') && !initialFiles.has(f) && !workerFiles.has(f))

const kB = (n) => (n / 1000).toFixed(2).padStart(8)
const label = (file) => {
  const key = Object.keys(manifest).find((k) => manifest[k].file === file)
  const c = key === undefined ? undefined : manifest[key]
  return c?.src ?? c?.name ?? ''
}
const row = (file) => {
  const s = size(file)
  return `  ${kB(s.gzip)} kB gz  ${kB(s.raw)} kB raw  ${file}${label(file) ? `  (${label(file)})` : ''}`
}
const total = (files) => files.reduce((sum, f) => sum + size(f).gzip, 0)

const initialList = [...initialFiles].sort((a, b) => size(b).gzip - size(a).gzip)
const initialTotal = total(initialList)
console.log(`initial JS (entry + static imports), gzipped: ${(initialTotal / 1000).toFixed(2)} kB in ${initialList.length} chunk(s)`)
for (const f of initialList) console.log(row(f))
console.log(`worker JS, gzipped: ${(total([...workerFiles]) / 1000).toFixed(2)} kB`)
for (const f of workerFiles) console.log(row(f))
console.log(`lazy JS (not loaded for the first frame), gzipped: ${(total(lazyFiles) / 1000).toFixed(2)} kB in ${lazyFiles.length} chunk(s)`)
for (const f of lazyFiles.sort((a, b) => size(b).gzip - size(a).gzip)) console.log(row(f))

if (budget !== undefined) {
  if (initialTotal > budget * 1000) {
    console.error(`bundle-size: initial JS ${(initialTotal / 1000).toFixed(2)} kB gzipped exceeds the budget of ${budget} kB`)
    process.exit(1)
  }
  console.log(`within the budget of ${budget} kB (${((budget * 1000 - initialTotal) / 1000).toFixed(2)} kB to spare)`)
}
