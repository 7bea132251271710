/** The time-axis row under a timeline's plot: a gutter the width of the lane labels, then the SVG axis d3 draws into. */
import type { Ref } from 'react'

export function AxisRow({ axisRef, testId }: { axisRef: Ref<SVGGElement>; testId: string }) {
  return (
    <div className="tl-axis-row">
      <div className="tl-axis-gutter" />
      <svg className="tl-axis" height={22}>
        <g ref={axisRef} data-testid={testId} />
      </svg>
    </div>
  )
}
