import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './views/App'
import { bootFromLocation } from './store/theos'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

void bootFromLocation()
// A pasted link (a new fragment) starts that run; our own replaceState does not fire this.
window.addEventListener('hashchange', () => void bootFromLocation())
