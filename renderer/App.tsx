import { NavigationProvider } from './shell/navigation';
import { Shell } from './shell/Shell';
import { TaskStoreProvider } from './shell/tasks-context';
import { ToastProvider } from './shell/toasts';
import './styles/theme.css';
import './styles/base.css';
import './styles/shell.css';

/** Everything below the API provider: navigation, tasks, notifications and the window layout. */
export function App() {
  return (
    <NavigationProvider>
      <TaskStoreProvider>
        <ToastProvider>
          <Shell />
        </ToastProvider>
      </TaskStoreProvider>
    </NavigationProvider>
  );
}
