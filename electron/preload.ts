/**
 * The preload (sandboxed, bundled to CommonJS): exposes exactly one object, derived from the contract,
 * on window[BRIDGE_GLOBAL]. Only request names the contract declares are forwarded.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, IPC, isRequestName, type DesktopBridge, type EventMessage } from './shared/contract';

const bridge: DesktopBridge = {
  invoke: (method, params) => {
    if (!isRequestName(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'BAD_REQUEST', message: `Unknown request ${method}.` },
      });
    }
    return ipcRenderer.invoke(IPC.invoke, { method, params });
  },
  onEvent: (listener) => {
    const wrapped = (_e: IpcRendererEvent, msg: EventMessage) => listener(msg);
    ipcRenderer.on(IPC.event, wrapped);
    return () => ipcRenderer.removeListener(IPC.event, wrapped);
  },
  ready: () => ipcRenderer.send(IPC.ready),
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
