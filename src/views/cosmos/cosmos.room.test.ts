import { describe, expect, it } from 'vitest'
import * as THREE from 'three'
import { roomCentreX, roomOffset } from './cosmos.room'

/** Where the scene's origin (the camera's target) lands on screen, px from the left, with the offset applied. */
function originPx(width: number, height: number, left: number, right: number): number {
  const camera = new THREE.PerspectiveCamera(50, width / height, 0.1, 100)
  camera.position.set(0, 0, 10)
  camera.lookAt(0, 0, 0)
  const o = roomOffset({ width, height, left, right })
  if (o !== null) {
    camera.aspect = o.fullWidth / o.fullHeight
    camera.setViewOffset(o.fullWidth, o.fullHeight, o.x, o.y, width, height)
  }
  camera.updateProjectionMatrix()
  camera.updateMatrixWorld()
  const p = new THREE.Vector3(0, 0, 0).project(camera)
  return ((p.x + 1) / 2) * width
}

/** The on-screen size, px, of a unit distance at the origin (vertical), with the offset applied. */
function unitPx(width: number, height: number, left: number, right: number): number {
  const camera = new THREE.PerspectiveCamera(50, width / height, 0.1, 100)
  camera.position.set(0, 0, 10)
  const o = roomOffset({ width, height, left, right })
  if (o !== null) {
    camera.aspect = o.fullWidth / o.fullHeight
    camera.setViewOffset(o.fullWidth, o.fullHeight, o.x, o.y, width, height)
  }
  camera.updateProjectionMatrix()
  camera.updateMatrixWorld()
  const a = new THREE.Vector3(0, 0, 0).project(camera)
  const b = new THREE.Vector3(0, 1, 0).project(camera)
  return ((b.y - a.y) / 2) * height
}

describe('the room: the image centred in the part docked panels leave free', () => {
  it('is no offset when nothing is docked', () => {
    expect(roomOffset({ width: 1000, height: 500, left: 0, right: 0 })).toBeNull()
    expect(originPx(1000, 500, 0, 0)).toBeCloseTo(500, 3)
  })

  it('puts the centre of the scene in the middle of the free part, keeping its scale', () => {
    expect(originPx(1000, 500, 580, 0)).toBeCloseTo(580 + 210, 3)
    expect(roomCentreX({ width: 1000, height: 500, left: 580, right: 0 })).toBeCloseTo(790, 6)
    expect(originPx(1000, 500, 0, 330)).toBeCloseTo(335, 3)
    expect(originPx(1000, 500, 200, 330)).toBeCloseTo(200 + 235, 3)
    expect(unitPx(1000, 500, 580, 0)).toBeCloseTo(unitPx(1000, 500, 0, 0), 3)
  })

  it('never makes the free part narrower than a quarter of the view', () => {
    const o = roomOffset({ width: 1000, height: 500, left: 900, right: 300 })!
    expect(o.fullWidth).toBe(250)
    expect(roomCentreX({ width: 1000, height: 500, left: 900, right: 300 })).toBeGreaterThanOrEqual(125)
  })
})
