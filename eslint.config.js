// Lint fences (see ../shared/STYLE.md "Fences you can see"): the pure core may not import UI or DOM
// code, nor read wall-clock time or unseeded randomness. src/kernel/fences.test.ts proves they bite.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export const CORE_FILES = ['src/kernel/**/*.ts', 'src/cosmos/**/*.ts', 'src/layers/**/*.ts', 'src/scenario/**/*.ts', 'src/checkers/**/*.ts']

const browserOnly = Object.keys(globals.browser).filter((name) => !(name in globals.es2021) && !['structuredClone', 'TextEncoder', 'TextDecoder', 'queueMicrotask', 'console', 'setTimeout', 'clearTimeout', 'URL', 'atob', 'btoa'].includes(name))

const UI_PATHS = [
        { name: 'react', message: 'The pure core may not import React.' },
        { name: 'react-dom', message: 'The pure core may not import React.' },
        { name: 'three', message: 'The pure core may not import three.' },
        { name: 'zustand', message: 'The pure core may not import zustand.' },
        { name: 'd3-selection', message: 'The pure core may not touch the DOM through d3-selection.' },
        { name: 'd3', message: 'The pure core may not import d3 (it drags in d3-selection).' },
]
const UI_PATTERNS = [
        { group: ['@react-three/*', 'react-dom/*', 'zustand/*', 'three/*'], message: 'The pure core may not import UI libraries.' },
        { group: ['**/store/**', '**/views/**', '**/workers/**', 'node:*', 'worker_threads', 'fs', 'path'], message: 'The pure core may not import the store, views, workers or Node APIs.' },
]

export const coreFence = {
  files: CORE_FILES,
  ignores: ['**/*.test.ts', '**/__tests__/**'],
  rules: {
    'no-restricted-imports': ['error', { paths: UI_PATHS, patterns: UI_PATTERNS }],
    'no-restricted-properties': ['error',
      { object: 'Math', property: 'random', message: 'Use the layer\'s seeded stream (ctx.rng()).' },
      { object: 'Date', property: 'now', message: 'Sim time only: ctx.now.' },
      { object: 'performance', property: 'now', message: 'Sim time only: ctx.now.' },
      { object: 'crypto', property: 'randomUUID', message: 'Derive ids deterministically.' },
      { object: 'crypto', property: 'getRandomValues', message: 'Use the layer\'s seeded stream.' },
    ],
    'no-restricted-syntax': ['error',
      { selector: "NewExpression[callee.name='Date']", message: 'No wall-clock time in the pure core.' },
    ],
    'no-restricted-globals': ['error', ...browserOnly.map((name) => ({ name, message: 'The pure core may not touch DOM globals.' })), { name: 'eval', message: 'Never eval.' }],
  },
}

/**
 * The kernel is the contract (DESIGN §8): it may not depend on what uses it — the coordinator,
 * the checkers, the layers, the scenario schema.
 */
export const kernelFence = {
  files: ['src/kernel/**/*.ts'],
  ignores: ['**/*.test.ts', '**/__tests__/**'],
  rules: {
    'no-restricted-imports': ['error', {
      paths: UI_PATHS,
      patterns: [
        ...UI_PATTERNS,
        { group: ['**/cosmos/**', '**/cosmos', '**/checkers/**', '**/checkers', '**/layers/**', '**/layers', '**/scenario/**', '**/scenario'], message: 'The kernel is the contract: it may not import the coordinator, checkers, layers or scenario that use it.' },
      ],
    }],
  },
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'runs', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  { files: ['src/**/*.tsx', 'src/store/**/*.ts', 'src/views/**/*.ts'], plugins: { 'react-hooks': reactHooks }, rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' } },
  coreFence,
  kernelFence,
)
