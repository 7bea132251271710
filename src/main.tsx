import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './views/App'
import { applyPalette } from './views/cosmos/palette'
import { bootFromLocation, useTheos } from './store/theos'
import { frameBuffer } from './store/frameBuffer'

applyPalette()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

void bootFromLocation()
// A pasted link (a new fragment) starts that run; our own replaceState does not fire this.
window.addEventListener('hashchange', () => void bootFromLocation())

// For the browser benchmark and e2e tests: drive and read the control plane as the UI does.
;(window as unknown as { __theos: typeof useTheos }).__theos = useTheos
// … and read what the views read (the layers' latest views).
;(window as unknown as { __frameBuffer: typeof frameBuffer }).__frameBuffer = frameBuffer
