import { Suspense, useCallback, useMemo, useRef, useState } from 'react';
import { useConnectionProblem } from '../api/hooks';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { PageErrorBoundary } from '../components/PageErrorBoundary';
import { pages, type PageId } from '../pages';
import { CreateMachineBanner, InstallPodman, useAppInfo, useFirstRunState } from './FirstRun';
import { useNavigation } from './navigation';
import { useGlobalShortcuts } from './shortcuts';
import { ServerQuestion } from './ServerQuestion';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';
import { TaskCentre } from './TaskCentre';
import { useTaskEndNotifications } from './task-notifications';
import { useTasks, useTaskStore } from './tasks-context';
import { useTheme } from './theme';
import { useToast } from './toasts';

/** The window: sidebar, current page, task centre, status bar, and the shell-wide shortcuts. */
export function Shell() {
  const { page, navigate } = useNavigation();
  const store = useTaskStore();
  const tasks = useTasks();
  const push = useToast();
  const [theme, setTheme] = useTheme();
  const info = useAppInfo();
  const firstRun = useFirstRunState(info?.platform);
  const [installDismissed, setInstallDismissed] = useState(false);
  const [taskCentreOpen, setTaskCentreOpen] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState<string | null>(null);
  const mainRef = useRef<HTMLElement>(null);
  const problem = useConnectionProblem();
  useTaskEndNotifications(navigate);

  const runningByPage = useMemo(() => {
    const counts: Partial<Record<PageId, number>> = {};
    for (const t of tasks) if (t.state === 'running') counts[t.page] = (counts[t.page] ?? 0) + 1;
    return counts;
  }, [tasks]);

  const cancelCurrentTask = useCallback(() => {
    const running = tasks.filter((t) => t.state === 'running' && t.cancellable);
    const current = running.find((t) => t.page === page) ?? running[0];
    if (current) setConfirmCancel(current.id);
  }, [tasks, page]);

  useGlobalShortcuts({ navigate, cancelCurrentTask });

  const doCancel = (taskId: string) => {
    setConfirmCancel(null);
    store.cancel(taskId).then(
      (cancelled) => {
        if (!cancelled) push({ tone: 'info', title: 'That task had already finished.' });
      },
      (err: unknown) =>
        push({
          tone: 'error',
          title: 'Could not cancel',
          body: err instanceof Error ? err.message : String(err),
        }),
    );
  };

  const entry = pages.find((p) => p.id === page) ?? pages[0]!;
  const Page = entry.component;
  const confirmTask = confirmCancel ? store.get(confirmCancel) : undefined;
  const showInstall = firstRun === 'install' && !installDismissed && page !== 'settings';

  return (
    <div className={`app${taskCentreOpen ? ' with-tasks' : ''}`}>
      {/* Hash links are the page router here, so the skip link moves focus itself. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      <Sidebar
        current={page}
        onNavigate={navigate}
        runningByPage={runningByPage}
        theme={theme}
        onTheme={setTheme}
      />
      <main id="main" ref={mainRef} tabIndex={-1} className="main" aria-labelledby="page-title">
        {showInstall ? (
          <InstallPodman platform={info?.platform ?? 'linux'} onDismiss={() => setInstallDismissed(true)} />
        ) : (
          <>
            <header className="page-header">
              <h1 id="page-title">{entry.label}</h1>
              <p className="muted">{entry.description}</p>
            </header>
            {problem === 'token-rejected' && (
              <div className="notice error" role="alert" aria-label="Out-of-date address">
                <div>
                  <strong>Browser mode was restarted: this tab&apos;s address no longer works.</strong>
                  <p>
                    Each start prints a new address with a new token (
                    <code>browser mode: http://127.0.0.1:…</code>
                    in the terminal that runs <code>npm run serve</code>). Open that address; this tab cannot
                    reconnect by itself.
                  </p>
                </div>
              </div>
            )}
            {firstRun === 'machine' && page !== 'machine' && <CreateMachineBanner onNavigate={navigate} />}
            <div className="page-body">
              <PageErrorBoundary page={entry.label}>
                <Suspense fallback={<p className="muted">Loading…</p>}>
                  <Page />
                </Suspense>
              </PageErrorBoundary>
            </div>
          </>
        )}
      </main>
      {taskCentreOpen && (
        <TaskCentre onClose={() => setTaskCentreOpen(false)} onCancel={doCancel} onNavigate={navigate} />
      )}
      <StatusBar taskCentreOpen={taskCentreOpen} onToggleTaskCentre={() => setTaskCentreOpen((o) => !o)} />
      <ConfirmDialog
        open={!!confirmTask && confirmTask.state === 'running'}
        title={`Cancel ${confirmTask?.title ?? 'the task'}?`}
        confirmLabel="Cancel task"
        danger
        onConfirm={() => confirmCancel && doCancel(confirmCancel)}
        onCancel={() => setConfirmCancel(null)}
      >
        <p>Work done so far is discarded; containers the task started are removed.</p>
      </ConfirmDialog>
      <ServerQuestion />
    </div>
  );
}
