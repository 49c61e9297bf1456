/**
 * Bench-only server for the log pipeline: the real browser-mode server, event hub and task manager, with
 * one extra way in (stdin, never the API): `run <image> <lines> <name>` starts a task that runs a
 * container printing <lines> lines as fast as it can and streams its output into the task log.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createDispatcher, type Handlers } from '../electron/core/dispatcher';
import { EventHub } from '../electron/core/event-hub';
import { Redactor } from '../electron/core/redactor';
import { TaskManager } from '../electron/core/task-manager';
import { tasksHandlers } from '../electron/app/handlers/tasks';
import { startBrowserServer } from '../electron/server/browser-server';
import type { TaskLogBatch } from '../electron/shared/contract/tasks';
import { AppError } from '../electron/shared/errors';

const redactor = new Redactor();
const hub = new EventHub(redactor);
const tasks = new TaskManager(hub);
const handlers = { ...tasksHandlers(tasks) } as Handlers; // other requests answer "unknown": the shell copes
const app = { dispatch: createDispatcher(handlers, redactor), hub, dispose: () => tasks.cancelAll() };
// Sizes of the 'tasks.log' batches main sends (one WebSocket message each), for the report.
const batchSizes: number[] = [];
hub
  .subscribe((msg) => {
    if (msg.event === 'tasks.log') batchSizes.push((msg.payload as TaskLogBatch).count);
  })
  .ready();
const server = await startBrowserServer({ app, staticDir: path.resolve('dist/renderer'), port: 0 });
console.log(`Kaniko Desktop browser mode: ${server.openUrl}`);

function runContainer(image: string, lines: number, name: string): void {
  const { id, result } = tasks.start({ kind: 'build', title: `Flood ${name}`, page: 'build' }, (task) => {
    return new Promise<void>((resolve, reject) => {
      const child = spawn('podman', ['run', '--name', name, image, 'seq', '1', String(lines)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => task.write(chunk));
      child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
      task.signal.addEventListener('abort', () => child.kill('SIGKILL'));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new AppError('INTERNAL', `podman run exited ${code}`)),
      );
    });
  });
  const started = Date.now();
  console.log(`started ${id} ${started}`);
  result.then(
    () => {
      const sorted = [...batchSizes].sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
      console.log(`batches ${sorted.length} ${at(0.5)} ${at(1)}`);
      batchSizes.length = 0;
      console.log(`ended ${id} ${Date.now()}`);
    },
    (err: unknown) => console.log(`failed ${id} ${String(err)}`),
  );
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, image, lines, name] = line.trim().split(/\s+/);
  if (cmd === 'run' && image && lines && name) runContainer(image, Number(lines), name);
  if (cmd === 'quit') void server.close().then(() => process.exit(0));
});
