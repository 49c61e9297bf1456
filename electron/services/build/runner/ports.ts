import type { BuildResult, BuildStageItem, DockerfileStage } from '../../../shared/contract/build';
import type { ReproducibilityReport } from '../../../shared/contract/reproducibility';

/** What a build needs from the credentials service (declared here so either side can change). */
export interface BuildCredentials {
  /** The saved login of this registry (its secret is registered with the redactor), or null. */
  authFor(registry: string): { username: string; secret: string } | null;
  /** Throws AppError (AUTH_FAILED, UNAVAILABLE, TIMEOUT…) when the saved login cannot push there. */
  verify(registry: string, repository: string): Promise<void>;
  /** The saved Docker Hub username, used to suggest "user/repo". */
  dockerHubUser?(): string | undefined;
}

/** Where build events go (the EventHub in the app; a recorder in tests). */
export interface BuildEvents {
  stage(payload: {
    buildId: string;
    stages: BuildStageItem[];
    progress: number;
    dockerfileStages: DockerfileStage[];
    stepsFrom: number;
  }): void;
  finished(payload: { buildId: string; result: BuildResult }): void;
  /** A "Rebuild and compare" of this build ended with this report. */
  compared(payload: { buildId: string; report: ReproducibilityReport }): void;
}
