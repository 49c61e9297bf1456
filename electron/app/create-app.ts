import os from 'node:os';
import { createDispatcher, type Dispatch, type Handlers } from '../core/dispatcher';
import { EventHub } from '../core/event-hub';
import { Redactor } from '../core/redactor';
import { TaskManager } from '../core/task-manager';
import { ExecutorImageService } from '../services/build/executor-image-service';
import { createBuildService } from '../services/build/runner/create-build-service';
import { CredentialsService } from '../services/credentials/credentials-service';
import { EngineMonitor } from '../services/engine/engine-monitor';
import { discoverSockets } from '../services/engine/socket-discovery';
import { KubernetesService } from '../services/kubernetes/kubernetes-service';
import { MachineService } from '../services/machine/machine-service';
import { findPodman } from '../services/podman-cli/find-podman';
import { PodmanCli } from '../services/podman-cli/podman-cli';
import { CacheRegistryService } from '../services/layer-cache/cache-registry-service';
import { PreviewService } from '../services/preview/preview-service';
import { locateBundledContext } from '../services/build/runner/bundled-context';
import { DEFAULT_EXECUTOR_IMAGE } from '../services/settings/defaults';
import { SettingsService } from '../services/settings/settings-service';
import { createConfSettingsStore, type SettingsStore } from '../services/settings/settings-store';
import type { Settings } from '../shared/contract/settings';
import type { PlatformAdapters } from './adapters';
import { Approvals, CodeConfirmations } from './confirm';
import { appHandlers } from './handlers/app';
import { buildHandlers } from './handlers/build';
import { credentialsHandlers } from './handlers/credentials';
import { engineHandlers } from './handlers/engine';
import { kubernetesHandlers } from './handlers/kubernetes';
import { machineHandlers } from './handlers/machine';
import { previewHandlers } from './handlers/preview';
import { settingsHandlers } from './handlers/settings';
import { tasksHandlers } from './handlers/tasks';
import { removeStaleLayoutFolders } from '../services/registry-push/layout-archive';

export interface CreateAppOptions {
  adapters: PlatformAdapters;
  version: string;
  /** Explicit Podman API socket (command line or setting); wins over the environment and OS defaults. */
  engineSocket?: string | null;
  env?: NodeJS.ProcessEnv;
  /** Runs the podman CLI as another user, e.g. ['runuser', '-u', 'someone', '--'] (podman machine refuses root). */
  podmanWrap?: string[];
  /** Browser mode: where the server prints what only its user may see (confirmation codes). */
  announce?: (line: string) => void;
  /** Desktop passes electron-store (electron/glue/settings-store.ts); otherwise a conf file in userDataDir. */
  settingsStore?: SettingsStore;
}

export interface App {
  dispatch: Dispatch;
  hub: EventHub;
  /** The desktop window's last size and position (remembered across restarts). */
  windowBounds: {
    get(): Settings['windowBounds'];
    save(bounds: NonNullable<Settings['windowBounds']>): void;
  };
  /** Stops background work and cancels running tasks (builds remove their containers). */
  dispose(): Promise<void>;
}

/** The composition root: builds every service once and binds the contract's handlers to them. */
export async function createApp(opts: CreateAppOptions): Promise<App> {
  const env = opts.env ?? process.env;
  const redactor = new Redactor();
  const hub = new EventHub(redactor);
  const tasks = new TaskManager(hub);
  const codeConfirmations = opts.adapters.confirm
    ? null
    : new CodeConfirmations({
        announce: opts.announce ?? ((line) => console.log(line)),
        publish: (q) => hub.emit('confirm.requested', q),
        settled: (id) => hub.emit('confirm.settled', { id }),
      });
  const approvals = new Approvals(opts.adapters.confirm ?? (codeConfirmations as CodeConfirmations).confirm);
  const settings = new SettingsService(
    opts.settingsStore ?? createConfSettingsStore(opts.adapters.userDataDir),
  );
  const { userDataDir: dir, encryptor, noKeychain } = opts.adapters;
  const credentials = new CredentialsService({ dir, encryptor, noKeychain, redactor, env });

  // Declared before the engine monitor, which tells it when the engine comes back.
  let builds: ReturnType<typeof createBuildService> | null = null;
  const engine = new EngineMonitor({
    discover: () =>
      discoverSockets({
        explicit: opts.engineSocket ?? settings.get().engineSocket,
        explicitSource: opts.engineSocket ? 'flag' : 'setting',
        env,
        platform: process.platform,
        uid: process.getuid?.() ?? 1000,
        tmpdir: os.tmpdir(),
        machineSockets: machines.knownSockets(),
      }),
    publish: (s) => {
      hub.emit('engine.status', s);
      builds?.engineStatusChanged(s.state);
    },
    podmanInstalled: async () => (await findPodman(env)) !== null,
    platform: process.platform,
  });
  const machines: MachineService = new MachineService({
    cli: new PodmanCli({ env, wrap: opts.podmanWrap }),
    tasks,
    engine,
    publish: (list) => hub.emit('machine.list', list),
    uid: process.getuid?.() ?? 1000,
  });
  hub.emit('settings.changed', settings.get());
  settings.onChange((next, prev) => {
    hub.emit('settings.changed', next);
    if (next.engineSocket !== prev.engineSocket) void engine.reconnect();
  });

  const previews = new PreviewService({
    engine,
    tasks,
    dataDir: opts.adapters.userDataDir,
    installId: settings.installId,
    getAuth: (registry) => credentials.getAuth(registry),
    publish: (list) => hub.emit('preview.list', { previews: list }),
  });

  const cacheRegistry = new CacheRegistryService({
    engine,
    installId: settings.installId,
    image: () => settings.get().cacheRegistryImage,
    onChange: () => void previews.listAndPublish().catch(() => undefined),
  });
  previews.addAppContainers(cacheRegistry);

  const kubernetes = new KubernetesService({
    tasks,
    getAuth: (registry) => credentials.getAuth(registry),
    executorImage: () => settings.get().executorImage,
    bundledContext: () => locateBundledContext(env),
    publishFinished: (p) => hub.emit('kubernetes.run.finished', p),
    publishStages: (p) => hub.emit('kubernetes.run.stages', p),
  });

  builds = createBuildService({
    ...{ engine, tasks, hub, redactor, credentials, env, userDataDir: dir },
    executorImage: () => settings.get().executorImage,
    installId: settings.installId,
    baseImageCache: () => settings.get().baseImageCache,
    cacheRegistry,
  });

  const handlers: Handlers = {
    ...appHandlers(opts.adapters, opts.version),
    ...buildHandlers(
      builds,
      { engine, approvals },
      new ExecutorImageService({ engine, tasks, executorImage: () => settings.get().executorImage }),
    ),
    ...engineHandlers(engine),
    ...machineHandlers(machines),
    ...settingsHandlers(settings, approvals),
    'confirm.answer': async ({ id, code }) => ({
      state: codeConfirmations ? codeConfirmations.answer(id, code) : 'unknown',
    }),
    ...credentialsHandlers(credentials),
    ...previewHandlers(previews),
    ...kubernetesHandlers(kubernetes, {
      approvals,
      pickFile: opts.adapters.pickFile?.bind(opts.adapters),
      pickFolder: opts.adapters.pickFolder?.bind(opts.adapters),
      defaultExecutorImage: DEFAULT_EXECUTOR_IMAGE,
    }),
    ...tasksHandlers(tasks),
  };

  engine.start();
  builds.startRecovery(); // removes build containers a crash left behind, once the engine answers
  void removeStaleLayoutFolders().catch(() => undefined); // and the temp folders of pushes it cut off
  void machines.refresh(); // learns machine sockets for discovery; publishes the list

  return {
    dispatch: createDispatcher(handlers, redactor),
    hub,
    windowBounds: {
      get: () => settings.get().windowBounds,
      save: (bounds) => void settings.update({ windowBounds: bounds }),
    },
    dispose: async () => {
      engine.stop();
      builds.dispose();
      await tasks.cancelAll();
      await machines.dispose();
      await previews.stopAll({ exceptPinned: true });
      await cacheRegistry.stop();
    },
  };
}
