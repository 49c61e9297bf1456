import { BRIDGE_GLOBAL, type DesktopBridge } from '../../electron/shared/contract';
import type { Transport } from './transport';

/** The preload's bridge, if the renderer runs inside Electron. */
export function desktopBridge(): DesktopBridge | null {
  const bridge = (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL];
  return bridge ? (bridge as DesktopBridge) : null;
}

export function createIpcTransport(bridge: DesktopBridge): Transport {
  return {
    kind: 'desktop',
    invoke: (method, params) => bridge.invoke(method, params),
    onEvent: (listener) => bridge.onEvent(listener),
    ready: () => bridge.ready(),
  };
}
