/**
 * Settings that define a run: seed, node count, layout, network. Changing one starts a new run
 * (configure()), so numbers commit on Enter or when the field loses focus, not on every keystroke.
 */
import { useId, useState } from 'react'
import { useTheos } from '../../store/theos'
import { LAYOUTS, NETWORKS } from '../../scenario/schema'
import { MAX_WORLDS } from '../../scenario/base'

export function RunConfig() {
  const seed = useTheos((s) => s.scenario.seed)
  const count = useTheos((s) => s.scenario.nodes.count)
  const layout = useTheos((s) => s.scenario.nodes.layout)
  const network = useTheos((s) => s.scenario.network)
  const configure = useTheos((s) => s.configure)

  return (
    <div className="control-group" role="group" aria-label="Scenario (changing one starts a new run)">
      <NumberField label="Seed" testId="seed" value={seed} min={0} max={0xffff_ffff} onCommit={(v) => void configure({ seed: v })} />
      <NumberField label="Worlds" testId="nodes" value={count} min={1} max={MAX_WORLDS} onCommit={(v) => void configure({ nodes: { count: v } })} />
      <Select label="Layout" testId="layout" value={layout} options={LAYOUTS} onChange={(v) => void configure({ nodes: { layout: v } })} />
      <Select label="Network" testId="network" value={network} options={NETWORKS} onChange={(v) => void configure({ network: v })} />
    </div>
  )
}

interface NumberFieldProps {
  label: string
  testId: string
  value: number
  min: number
  max: number
  onCommit(value: number): void
}

/**
 * Wide enough for the largest value's digits (monospace: one `ch` each) plus the padding, border
 * and the spin buttons, so no digit is ever cut (2000 worlds read "200", seed 4294967295 "94967295").
 */
export const numberFieldWidth = (max: number): string => `calc(${String(max).length + 1}ch + 34px)`

function NumberField({ label, testId, value, min, max, onCommit }: NumberFieldProps) {
  const width = numberFieldWidth(max)
  const id = useId()
  const notify = useTheos((s) => s.notify)
  // What the user is typing; null when the field shows the store's value.
  const [draft, setDraft] = useState<string | null>(null)

  const commit = () => {
    if (draft === null) return
    setDraft(null)
    const v = Number(draft)
    if (draft.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
      notify('warn', `${label} must be a whole number from ${min} to ${max} (got "${draft}"); kept ${value}`)
      return
    }
    if (v !== value) onCommit(v)
  }

  return (
    <div className="field">
      <label htmlFor={id} className="control-label">
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        style={{ width }}
        data-testid={testId}
        value={draft ?? String(value)}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit()
          else if (e.key === 'Escape') setDraft(null)
        }}
      />
    </div>
  )
}

interface SelectProps<T extends string> {
  label: string
  testId: string
  value: T
  options: readonly T[]
  onChange(value: T): void
}

function Select<T extends string>({ label, testId, value, options, onChange }: SelectProps<T>) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id} className="control-label">
        {label}
      </label>
      <select
        id={id}
        data-testid={testId}
        value={value}
        onChange={(e) => {
          const v = options.find((o) => o === e.currentTarget.value)
          if (v !== undefined && v !== value) onChange(v)
        }}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  )
}
