import type { Handlers } from '../../core/dispatcher';
import type { EngineMonitor } from '../../services/engine/engine-monitor';

export function engineHandlers(engine: EngineMonitor): Pick<Handlers, 'engine.status' | 'engine.reconnect'> {
  return {
    'engine.status': async () => engine.status(),
    'engine.reconnect': () => engine.reconnect(),
  };
}
