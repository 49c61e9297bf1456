import { createClient, type Client } from './client';
import { createIpcTransport, desktopBridge } from './ipc-transport';
import { createWsTransport, takeTokenFromLocation } from './ws-transport';

/** Picks the transport this renderer runs under: the preload's bridge in Electron, else the WebSocket. */
export function connect(): Client {
  const bridge = desktopBridge();
  if (bridge) return createClient(createIpcTransport(bridge));
  const token = takeTokenFromLocation();
  if (!token)
    throw new Error('This page needs the address printed by "npm run serve" (it carries the access token).');
  return createClient(createWsTransport(window.location.href, token));
}
