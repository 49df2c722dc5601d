import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme } from './app/theme';
import { subscribeToMainEvents, useStore } from './store';
import './styles.css';

subscribeToMainEvents();
// Before the first paint: no flash of the other scheme.
applyTheme(useStore.getState().theme);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
