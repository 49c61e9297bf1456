import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api/connect';
import { ApiProvider } from './api/hooks';
import { App } from './App';
import { applyTheme } from './shell/theme';

// Apply the cached theme before the first paint, so a dark window does not flash white.
const cachedTheme = localStorage.getItem('kaniko-desktop-theme');
applyTheme(cachedTheme === 'light' || cachedTheme === 'dark' ? cachedTheme : 'system');

const root = createRoot(document.getElementById('root')!);
try {
  const client = connect();
  root.render(
    <StrictMode>
      <ApiProvider client={client}>
        <App />
      </ApiProvider>
    </StrictMode>,
  );
} catch (err) {
  root.render(
    <div className="fatal" role="alert">
      <h1>Kaniko Desktop cannot start</h1>
      <p>{err instanceof Error ? err.message : String(err)}</p>
    </div>,
  );
}
