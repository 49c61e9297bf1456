import path from 'node:path';
import type { EventHub } from '../../../core/event-hub';
import type { Redactor } from '../../../core/redactor';
import type { TaskManager } from '../../../core/task-manager';
import type { EngineAccess } from '../../engine/engine-access';
import { BaseCacheVolume } from '../base-cache/base-cache-volume';
import { HistoryStore } from '../history/history-store';
import { BuildService, type BuildServiceOptions } from './build-service';
import { locateBundledContext } from './bundled-context';
import type { BuildCredentials } from './ports';

/** The parts of the credentials service a build uses (structural, so tests can pass their own). */
export interface CredentialSource {
  getAuth(registry: string): { username: string; secret: string } | null;
  verifySaved(registry: string, repository: string | null): Promise<unknown>;
}

export function buildCredentialsFrom(source: CredentialSource, redactor: Redactor): BuildCredentials {
  // Every secret the build touches is known to the redactor before anything can print it.
  const authFor = (registry: string) => {
    const auth = source.getAuth(registry);
    if (auth) redactor.add(auth.secret, { username: auth.username });
    return auth;
  };
  return {
    authFor,
    async verify(registry, repository) {
      authFor(registry);
      await source.verifySaved(registry, repository);
    },
    dockerHubUser() {
      return source.getAuth('docker.io')?.username;
    },
  };
}

export interface BuildServiceWiring {
  engine: EngineAccess;
  tasks: TaskManager;
  hub: EventHub;
  redactor: Redactor;
  credentials: CredentialSource;
  executorImage: () => string;
  userDataDir: string;
  installId: string;
  /** The base-image cache setting, read at each build. */
  baseImageCache?: () => boolean;
  cacheRegistry?: BuildServiceOptions['cacheRegistry'];
  env?: NodeJS.ProcessEnv;
}

/** Composition for create-app: history under userDataDir/history, events to the hub. */
export function createBuildService(w: BuildServiceWiring): BuildService {
  const baseCache = new BaseCacheVolume({
    engine: w.engine,
    installId: w.installId,
    enabled: w.baseImageCache ?? (() => false),
    buildRunning: () => service.isBuilding(),
  });
  const service: BuildService = new BuildService({
    baseCache,
    engine: w.engine,
    tasks: w.tasks,
    history: new HistoryStore(path.join(w.userDataDir, 'history'), w.redactor),
    credentials: buildCredentialsFrom(w.credentials, w.redactor),
    events: {
      stage: (p) => w.hub.emit('build.stage', p),
      finished: (p) => w.hub.emit('build.finished', p),
      compared: (p) => w.hub.emit('build.compared', p),
    },
    executorImage: w.executorImage,
    defaultContextDir: locateBundledContext(w.env),
    installId: w.installId,
    ...(w.cacheRegistry ? { cacheRegistry: w.cacheRegistry } : {}),
  });
  return service;
}
