import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { COMMON_OPTIONS, UsageError, buildRun, parseCli, parseNumberFlag } from './args'

const SIM_OPTIONS = { ...COMMON_OPTIONS, out: { type: 'string' }, 'print-url': { type: 'boolean' } } as const

/** parseCli then buildRun, as `npm run sim` does; the UsageError's message, or null if accepted. */
function usageError(argv: string[]): string | null {
  try {
    buildRun(parseCli(argv, SIM_OPTIONS).values, 0)
    return null
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError)
    const message = (e as Error).message
    expect(message).not.toContain('\n')
    return message
  }
}

describe('CLI flags', () => {
  it('takes a negative number after a string option as its value, so the range check names it', () => {
    expect(usageError(['--nodes', '-1'])).toBe('--nodes must be between 1 and 2000, got -1')
    expect(usageError(['--nodes=-1'])).toBe('--nodes must be between 1 and 2000, got -1')
    expect(usageError(['--entropy', '-0.5'])).toBe('--entropy must be between 0 and 1, got -0.5')
    expect(usageError(['--entropy', '-.5'])).toBe('--entropy must be between 0 and 1, got -.5')
    expect(usageError(['--seed', '-3', '--nodes', '5'])).toBe('--seed must be between 0 and 4294967295, got -3')
    expect(usageError(['--until', '-1e3'])).toBe('--until must be between 0 and 86400, got -1e3')
  })

  it('still refuses an unknown short flag that is not a value', () => {
    expect(usageError(['-1'])).toMatch(/^Unknown option '-1'/)
    expect(usageError(['--print-url', '-1'])).toMatch(/^Unknown option '-1'/)
  })

  it('accepts plain decimal numbers only', () => {
    for (const raw of ['0x10', '0b101', '0o17', 'Infinity', '-Infinity', '1_000', ' ', '', ' 5', '5 ', 'NaN', '1e', '.', '5n', '١٢'])
      expect(usageError([`--nodes=${raw}`])).toBe(`--nodes must be a decimal number, got '${raw}'`)
    expect(usageError(['--nodes', '0x10'])).toBe("--nodes must be a decimal number, got '0x10'")
    expect(usageError(['--nodes', '-0x10'])).toBe("--nodes must be a decimal number, got '-0x10'")
    expect(usageError(['--nodes', '1.5'])).toBe('--nodes must be a whole number, got 1.5')
    expect(usageError(['--nodes', '1e999'])).toBe('--nodes must be between 1 and 2000, got 1e999')

    expect(buildRun(parseCli(['--nodes', '16'], SIM_OPTIONS).values).scenario.nodes.count).toBe(16)
    expect(buildRun(parseCli(['--nodes', '+1.6e1'], SIM_OPTIONS).values).scenario.nodes.count).toBe(16)
    expect(buildRun(parseCli(['--entropy', '.25', '--until', '2.'], SIM_OPTIONS).values)).toMatchObject({ scenario: { layers: { chaOS: { entropy: 0.25 } } }, untilUs: 2_000_000 })
    expect(parseNumberFlag('x', '-0.5e-1')).toBe(-0.05)
  })

  it('quotes a bad number escaped, on one line', () => {
    expect(usageError(['--nodes', '1\n2'])).toBe("--nodes must be a decimal number, got '1\\n2'")
    expect(usageError(['--nodes', '\u202E1'])).toBe("--nodes must be a decimal number, got '\\u{202E}1'")
  })

  it('refuses a flag given twice, whatever its form', () => {
    expect(usageError(['--seed', '1', '--seed', '2'])).toBe('--seed is given twice')
    expect(usageError(['--seed=1', '--seed', '2'])).toBe('--seed is given twice')
    expect(usageError(['--nodes', '-1', '--nodes=3'])).toBe('--nodes is given twice')
    expect(usageError(['--print-url', '--print-url'])).toBe('--print-url is given twice')
    expect(usageError(['-h', '--help'])).toBe('--help is given twice')
  })

  it('passes parseArgs errors on as one line', () => {
    expect(usageError(['--nodes'])).toMatch(/^Option '--nodes <value>' argument missing$/)
    expect(usageError(['--bogus'])).toMatch(/^Unknown option '--bogus'/)
  })

  it('exits 2 with one line on stderr for `sim --nodes -1`, before running anything', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url))
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', '--nodes', '-1'], { cwd: root, encoding: 'utf8', timeout: 30_000 })
    expect(r.status).toBe(2)
    expect(r.stderr).toBe('error: --nodes must be between 1 and 2000, got -1\n')
    expect(r.stdout).toBe('')
  }, 30_000)
})
