/**
 * The context menu of a world (opened by the Cosmos view through the selection store): Inspect,
 * Crash, Restart, Partition away, Heal, a clock jump (chronOS), a ledger corruption (karmOS), atmOS's
 * lifecycle requests. A WAI-ARIA menu: the first item takes focus, arrows and
 * Home/End move, Escape or Tab closes and gives focus back.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react'
import { activeLayers } from '../../scenario/schema'
import { atmosView, frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { useSelectedWorld } from '../cosmos/selection'
import { doWorldAction, worldActionsFor } from './worldActions'

const MENU_WIDTH_PX = 190
/** The menu's height: its title and padding, and one row per item (Inspect and the actions). */
const menuHeightPx = (items: number): number => 36 + 25 * items

export function WorldContextMenu() {
  const menu = useSelectedWorld((s) => s.contextMenuFor)
  const active = activeLayers(useTheos((s) => s.scenario))
  const ref = useRef<HTMLDivElement>(null)
  const returnFocus = useRef<Element | null>(null)

  const close = () => {
    useSelectedWorld.setState({ contextMenuFor: null })
    const back = returnFocus.current
    if (back instanceof HTMLElement) back.focus()
  }

  // On open: remember where focus was, focus the first item; a click elsewhere closes.
  useEffect(() => {
    if (menu === null) return
    returnFocus.current = document.activeElement
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    const onPointer = (e: PointerEvent) => {
      if (ref.current && e.target instanceof Node && !ref.current.contains(e.target)) useSelectedWorld.setState({ contextMenuFor: null })
    }
    window.addEventListener('pointerdown', onPointer, true)
    return () => window.removeEventListener('pointerdown', onPointer, true)
  }, [menu])

  if (menu === null) return null
  const name = atmosView()?.worlds[menu.world]?.name
  const worldName = name ? `${name} (world ${menu.world})` : `world ${menu.world}`
  const actions = worldActionsFor(active, { referenceClock: frameBuffer.views.chronOS?.worlds.find((w) => w.id === menu.world)?.reference })

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])
    const at = items.indexOf(document.activeElement as HTMLElement)
    const move = (i: number) => items[(i + items.length) % items.length]?.focus()
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault()
        move(at + 1)
        break
      case 'ArrowUp':
        e.preventDefault()
        move(at - 1)
        break
      case 'Home':
        e.preventDefault()
        move(0)
        break
      case 'End':
        e.preventDefault()
        move(items.length - 1)
        break
      case 'Escape':
      case 'Tab':
        e.preventDefault()
        close()
        break
    }
  }

  const left = Math.max(4, Math.min(menu.x, window.innerWidth - MENU_WIDTH_PX - 4))
  const top = Math.max(4, Math.min(menu.y, window.innerHeight - menuHeightPx(actions.length + 1) - 4))
  const act = (run: () => void) => () => {
    run()
    close()
  }

  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      aria-label={`Actions for ${worldName}`}
      data-testid="world-menu"
      style={{ left, top, width: MENU_WIDTH_PX }}
      onKeyDown={onKeyDown}
    >
      <div className="context-menu-title" aria-hidden="true">
        {worldName}
      </div>
      <button type="button" role="menuitem" tabIndex={-1} data-testid="world-menu-inspect" onClick={act(() => useSelectedWorld.setState({ selected: menu.world }))}>
        Inspect
      </button>
      {actions.map((a) => (
        <button
          key={a.key}
          type="button"
          role="menuitem"
          tabIndex={-1}
          title={a.title}
          data-testid={`world-menu-${a.key}`}
          onClick={act(() => doWorldAction(a, menu.world))}
        >
          {a.label}
        </button>
      ))}
    </div>
  )
}
