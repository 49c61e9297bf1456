import { createRoot } from 'react-dom/client';
import { connect } from './api/connect';
import { ApiProvider } from './api/hooks';
import { App } from './App';

const root = createRoot(document.getElementById('root')!);
try {
  const client = connect();
  root.render(
    <ApiProvider client={client}>
      <App />
    </ApiProvider>,
  );
} catch (err) {
  root.render(<p role="alert">{err instanceof Error ? err.message : String(err)}</p>);
}
