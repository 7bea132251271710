import { describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'

/**
 * The pure core's fences must bite: code that crosses one, placed where the core lives, fails lint.
 * (npm test also lints the real tree, so a crossing in real code fails the build.)
 */
const eslint = new ESLint({ cwd: process.cwd() })

async function problems(code: string, filePath: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath })
  return (r?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`)
}

describe('lint fences around the pure core', () => {
  const crossings: [string, string][] = [
    ['Math.random', 'export const x = Math.random()\n'],
    ['Date.now', 'export const x = Date.now()\n'],
    ['performance.now', 'export const x = performance.now()\n'],
    ['new Date', 'export const x = new Date()\n'],
    ['react', "import { useState } from 'react'\nexport const x = useState\n"],
    ['three', "import * as THREE from 'three'\nexport const x = THREE\n"],
    ['zustand', "import { create } from 'zustand'\nexport const x = create\n"],
    ['d3-selection', "import { select } from 'd3-selection'\nexport const x = select\n"],
    ['document', 'export const x = document.title\n'],
    ['window', 'export const x = window.innerWidth\n'],
    ['the store', "import { useTheos } from '../../store/theos'\nexport const x = useTheos\n"],
  ]
  for (const [what, code] of crossings) {
    it(`rejects ${what} in src/layers and src/kernel`, async () => {
      expect((await problems(code, 'src/layers/mythOS/fence-probe.ts')).length).toBeGreaterThan(0)
      expect((await problems(code, 'src/kernel/fence-probe.ts')).length).toBeGreaterThan(0)
    })
  }

  const contractCrossings: [string, string][] = [
    ['the coordinator', "import { Cosmos } from '../cosmos/cosmos'\nexport const x = Cosmos\n"],
    ['the checkers', "import { allCheckers } from '../checkers'\nexport const x = allCheckers\n"],
    ['a layer', "import { EventLog } from '../layers/logOS/log'\nexport const x = EventLog\n"],
    ['the scenario schema', "import type { Scenario } from '../scenario/schema'\nexport type X = Scenario\n"],
  ]
  for (const [what, code] of contractCrossings) {
    it(`rejects ${what} in src/kernel (the contract may not depend on what uses it) but not in src/cosmos`, async () => {
      expect((await problems(code, 'src/kernel/fence-probe.ts')).some((p) => p.includes('contract'))).toBe(true)
      expect((await problems(code.replace('../cosmos/cosmos', './cosmos'), 'src/cosmos/fence-probe.ts')).filter((p) => p.includes('contract'))).toEqual([])
    })
  }

  it('allows the same code outside the core (views may use the DOM and wall-clock time)', async () => {
    expect(await problems('export const x = performance.now() + document.title.length\n', 'src/views/fence-probe.ts')).toEqual([])
  })

  it('accepts clean core code', async () => {
    expect(await problems("import { simUs } from '../time'\nexport const x = simUs(5)\n", 'src/kernel/sub/fence-probe.ts')).toEqual([])
  })
})
