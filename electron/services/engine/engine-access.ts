import type Docker from 'dockerode';
import type { EngineStatus } from '../../shared/contract/engine';

/** How services reach the container engine without knowing how it was found. */
export interface EngineAccess {
  /** The connected client; throws AppError('ENGINE_UNAVAILABLE') with a hint when not connected. */
  docker(): Docker;
  status(): EngineStatus;
  /**
   * While the first connection attempt runs (the app just started): resolves when it ends, connected or
   * not, or after `timeoutMs`. At once otherwise.
   */
  firstConnection?(timeoutMs: number): Promise<void>;
}
