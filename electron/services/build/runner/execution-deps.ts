import type Docker from 'dockerode';
import type { EngineAccess } from '../../engine/engine-access';
import type { PullReporter } from '../../engine/image-pull';
import type { BuildLogFile } from '../history/build-log-file';
import type { PlannedBuild } from './build-plan';
import type { BuildCredentials } from './ports';
import type { StagesSnapshot } from './stage-publisher';

/** The app's layer cache registry, as a build needs it: started on demand, then the plan gets its port. */
export interface AppLayerCache {
  ensure(report: PullReporter, signal: AbortSignal): Promise<string>;
  /** The same request planned with the registry's address (127.0.0.1:PORT). */
  replan(address: string): PlannedBuild;
}

export interface ExecutionDeps {
  engine: EngineAccess;
  /** Absent where no cache registry can run (a build that asks for it then fails with a clear error). */
  appCache?: AppLayerCache;
  credentials: BuildCredentials;
  installId: string;
  log: Pick<BuildLogFile, 'append'>;
  /**
   * Takes the built image out of the exited container instead of loading or pushing it (a rebuild
   * that is only compared); the container is removed once it settles.
   */
  collect?(container: Docker.Container): Promise<void>;
  /** The base-image cache's volume (created when missing); null when the setting is off. */
  baseCache?: { ensure(docker: Docker): Promise<void> } | null;
  onStages(snapshot: StagesSnapshot): void;
}
