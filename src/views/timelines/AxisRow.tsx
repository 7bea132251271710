/**
 * The time-axis row under a timeline's plot: a gutter the width of the lane labels, then the SVG
 * axis d3 draws into — which is also the seek strip: click or drag on it to go to that moment,
 * or focus it and use ← / → / Home (useTimeAxis wires it). The cursor (▼ at the sim time), the
 * goal of a seek on its way (hollow ▽) and the moment under the pointer are drawn here too.
 */
import type { AxisRefs } from './useTimeAxis'

export const AXIS_ROW_PX = 22

export function AxisRow({ axis, testId }: { axis: AxisRefs; testId: string }) {
  return (
    <div className="tl-axis-row">
      <div className="tl-axis-gutter" aria-hidden="true">
        <span className="tl-axis-tip">go to ▸</span>
      </div>
      <svg
        ref={axis.stripRef}
        className="tl-axis"
        height={AXIS_ROW_PX}
        role="slider"
        tabIndex={0}
        aria-label="Sim time: click or drag to take the whole sandbox to that moment; ← → step, Home goes to 0 s"
        aria-valuemin={0}
        aria-orientation="horizontal"
        data-testid={`${testId}-strip`}
      >
        <title>Click or drag: the whole sandbox goes to that moment (backwards too). Focused: ← → step, Home goes to 0 s.</title>
        <rect className="tl-axis-hit" width="100%" height={AXIS_ROW_PX} />
        <g ref={axis.axisRef} data-testid={testId} />
        <g ref={axis.goalRef} className="tl-goal" display="none" data-testid={`${testId}-goal`}>
          <line y1={0} y2={AXIS_ROW_PX} />
          <path d="M-5,0.5 L5,0.5 L0,8 Z" />
        </g>
        <g ref={axis.cursorRef} className="tl-cursor" display="none" data-testid={`${testId}-cursor`}>
          <line y1={0} y2={7} />
          <path d="M-6,0 L6,0 L0,9 Z" />
        </g>
        <g ref={axis.hoverRef} className="tl-axis-hover" display="none" pointerEvents="none">
          <line y1={0} y2={AXIS_ROW_PX} />
          <rect y={AXIS_ROW_PX - 13} height={13} rx={2} />
          <text y={AXIS_ROW_PX - 3} />
        </g>
      </svg>
    </div>
  )
}
