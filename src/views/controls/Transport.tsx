/** Play / pause, step, speed, run-to-time and reset: how the user moves through the run. */
import { useEffect, useId, useState, type FormEvent } from 'react'
import { useTheos } from '../../store/theos'
import { queueRunTo } from '../../store/seekQueue'
import { US_PER_S } from '../../kernel/time'
import { formatSimTime, formatSpeed } from '../panels/format'
import { Icon } from './icons'
import { MAX_NOTCH, notchToSpeed, speedToNotch } from './speedScale'

export function Transport() {
  useSpaceToggle()
  return (
    <div className="control-group" role="group" aria-label="Run">
      <PlayPause />
      <StepButton />
      <SpeedSlider />
      <RunTo />
      <ResetButton />
    </div>
  )
}

/**
 * Elements where SPACE belongs to the element itself (typing, pressing, choosing). A range input
 * does nothing with SPACE, so after dragging a slider SPACE still pauses; nor does a tab (the
 * timelines' tabs select as they take focus), so after clicking one SPACE still pauses.
 */
function ownsSpace(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLInputElement && target.type === 'range') return false
  if (target.closest('[role="tab"]') !== null) return false
  return target.closest('input, textarea, select, button, a[href], summary, [role="menuitem"]') !== null
}

/** SPACE toggles play/pause anywhere on the page, except where a control needs the key. */
function useSpaceToggle() {
  const togglePlay = useTheos((s) => s.togglePlay)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'Space' && e.key !== ' ') return
      if (e.repeat || e.altKey || e.ctrlKey || e.metaKey || ownsSpace(e.target)) return
      e.preventDefault() // no page scroll
      togglePlay()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [togglePlay])
}

function PlayPause() {
  const status = useTheos((s) => s.status)
  const togglePlay = useTheos((s) => s.togglePlay)
  const running = status === 'running'
  return (
    <button
      type="button"
      className="btn btn--primary btn--play"
      data-testid="play-pause"
      aria-label={running ? 'Pause (Space)' : 'Play (Space)'}
      title={running ? 'Pause (Space)' : 'Play (Space)'}
      disabled={status === 'loading' || status === 'error'}
      onClick={togglePlay}
    >
      <Icon name={running ? 'pause' : 'play'} />
      {running ? 'Pause' : 'Play'}
    </button>
  )
}

function StepButton() {
  const status = useTheos((s) => s.status)
  const step = useTheos((s) => s.step)
  return (
    <button
      type="button"
      className="btn"
      data-testid="step"
      title="Advance one window (pauses first)"
      disabled={status === 'loading' || status === 'error'}
      onClick={() => void step()}
    >
      <Icon name="step" />
      Step
    </button>
  )
}

function SpeedSlider() {
  const id = useId()
  const speed = useTheos((s) => s.speed)
  const setSpeed = useTheos((s) => s.setSpeed)
  const label = formatSpeed(speed)
  return (
    <div className="speed">
      <label htmlFor={id} className="control-label">
        Speed
      </label>
      <input
        id={id}
        type="range"
        data-testid="speed"
        min={0}
        max={MAX_NOTCH}
        step={1}
        value={speedToNotch(speed)}
        aria-valuetext={label === 'max' ? 'as fast as possible' : `${label} real time`}
        onChange={(e) => setSpeed(notchToSpeed(Number(e.currentTarget.value)))}
      />
      <output htmlFor={id} className="speed-value" data-testid="speed-value">
        {label}
      </output>
    </div>
  )
}

function RunTo() {
  const id = useId()
  const notify = useTheos((s) => s.notify)
  const pauseAtUs = useTheos((s) => s.pauseAtUs)
  const [text, setText] = useState('')

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const seconds = Number(text)
    if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
      notify('warn', `Run to: enter a sim time in seconds between 0 and 86400 (got "${text}")`)
      return
    }
    // Through the page's one queue of moves, like a timeline's seek or a violation's jump.
    void queueRunTo(Math.round(seconds * US_PER_S))
  }

  return (
    <form className="run-to" onSubmit={submit} title={pauseAtUs === null ? undefined : `pauses at ${formatSimTime(pauseAtUs)}`}>
      <label htmlFor={id} className="control-label">
        Run to
      </label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={0}
        step="any"
        placeholder="sec"
        data-testid="run-to-input"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit" className="btn" data-testid="run-to-go">
        Go
      </button>
    </form>
  )
}

function ResetButton() {
  const reset = useTheos((s) => s.reset)
  const status = useTheos((s) => s.status)
  return (
    <button
      type="button"
      className="btn"
      data-testid="reset"
      title="Back to the big bang: same scenario, same interventions"
      disabled={status === 'loading'}
      onClick={() => void reset()}
    >
      <Icon name="reset" />
      Reset
    </button>
  )
}
