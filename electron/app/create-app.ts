import os from 'node:os';
import { createDispatcher, type Dispatch, type Handlers } from '../core/dispatcher';
import { EventHub } from '../core/event-hub';
import { Redactor } from '../core/redactor';
import { TaskManager } from '../core/task-manager';
import { EngineMonitor } from '../services/engine/engine-monitor';
import { podmanInstalled } from '../services/engine/podman-installed';
import { discoverSockets } from '../services/engine/socket-discovery';
import type { PlatformAdapters } from './adapters';
import { appHandlers } from './handlers/app';
import { engineHandlers } from './handlers/engine';
import { tasksHandlers } from './handlers/tasks';

export interface CreateAppOptions {
  adapters: PlatformAdapters;
  version: string;
  /** Explicit Podman API socket (command line or setting); wins over the environment and OS defaults. */
  engineSocket?: string | null;
  env?: NodeJS.ProcessEnv;
}

export interface App {
  dispatch: Dispatch;
  hub: EventHub;
  /** Stops background work and cancels running tasks (builds remove their containers). */
  dispose(): Promise<void>;
}

/** The composition root: builds every service once and binds the contract's handlers to them. */
export async function createApp(opts: CreateAppOptions): Promise<App> {
  const env = opts.env ?? process.env;
  const redactor = new Redactor();
  const hub = new EventHub(redactor);
  const tasks = new TaskManager(hub);

  const engine = new EngineMonitor({
    discover: () =>
      discoverSockets({
        explicit: opts.engineSocket ?? null,
        env,
        platform: process.platform,
        uid: process.getuid?.() ?? 1000,
        tmpdir: os.tmpdir(),
      }),
    publish: (s) => hub.emit('engine.status', s),
    podmanInstalled: () => podmanInstalled(env),
    platform: process.platform,
  });

  const handlers: Handlers = {
    ...appHandlers(opts.adapters, opts.version),
    ...engineHandlers(engine),
    ...tasksHandlers(tasks),
  };

  engine.start();

  return {
    dispatch: createDispatcher(handlers, redactor),
    hub,
    dispose: async () => {
      engine.stop();
      await tasks.cancelAll();
    },
  };
}
