/**
 * The one API contract. Main process, preload, renderer and the browser bridge all derive from it:
 * request names, their params/result schemas, event names and payload schemas are declared once here
 * (per domain, in the files imported below).
 */
import type { z } from 'zod';
import type { ErrorPayload } from '../errors';
import type { EventDef, RequestDef } from './define';
import { appRequests } from './app';
import { buildEvents, buildRequests } from './build';
import { confirmEvents, confirmRequests } from './confirm';
import { credentialsRequests } from './credentials';
import { engineEvents, engineRequests } from './engine';
import { kubernetesEvents, kubernetesRequests } from './kubernetes';
import { machineEvents, machineRequests } from './machine';
import { previewEvents, previewRequests } from './preview';
import { reproducibilityEvents, reproducibilityRequests } from './reproducibility';
import { settingsEvents, settingsRequests } from './settings';
import { tasksEvents, tasksRequests } from './tasks';

export const requests = {
  ...appRequests,
  ...buildRequests,
  ...confirmRequests,
  ...credentialsRequests,
  ...engineRequests,
  ...kubernetesRequests,
  ...machineRequests,
  ...previewRequests,
  ...reproducibilityRequests,
  ...settingsRequests,
  ...tasksRequests,
} satisfies Record<string, RequestDef>;

export const events = {
  ...buildEvents,
  ...confirmEvents,
  ...engineEvents,
  ...kubernetesEvents,
  ...machineEvents,
  ...previewEvents,
  ...reproducibilityEvents,
  ...settingsEvents,
  ...tasksEvents,
} satisfies Record<string, EventDef>;

export type Requests = typeof requests;
export type Events = typeof events;
export type RequestName = keyof Requests;
export type EventName = keyof Events;
/** What a caller passes (schema input: defaults may be omitted). */
export type Params<K extends RequestName> = z.input<Requests[K]['params']>;
/** What a handler receives (schema output: defaults filled in). */
export type ParsedParams<K extends RequestName> = z.output<Requests[K]['params']>;
export type Result<K extends RequestName> = z.output<Requests[K]['result']>;
export type EventPayload<K extends EventName> = z.output<Events[K]['payload']>;

export type Envelope<T = unknown> = { ok: true; result: T } | { ok: false; error: ErrorPayload };

/** One message on the event stream of either transport. */
export interface EventMessage<K extends EventName = EventName> {
  event: K;
  payload: EventPayload<K>;
}

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Electron IPC channels: the only channel strings in the app. */
export const IPC = {
  invoke: 'kaniko:invoke',
  event: 'kaniko:event',
  ready: 'kaniko:ready',
} as const;

/** The one object the preload puts on `window`. */
export const BRIDGE_GLOBAL = 'kanikoDesktop';

/** WebSocket path of the browser bridge. */
export const WS_PATH = '/api';

/** Shape of messages on the WebSocket (requests carry an id; the answer echoes it). */
export interface WsRequest {
  id: number;
  method: string;
  params: unknown;
}
/** The client says it has subscribed and can take queued events now. */
export interface WsReady {
  ready: true;
}
export type WsClientMessage = WsRequest | WsReady;
export type WsServerMessage = { id: number; response: Envelope } | EventMessage;

/** The object the preload exposes on `window[BRIDGE_GLOBAL]`. */
export interface DesktopBridge {
  invoke(method: string, params: unknown): Promise<Envelope>;
  onEvent(listener: (msg: EventMessage) => void): () => void;
  ready(): void;
}
