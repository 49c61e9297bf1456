/**
 * A STAND-IN for a Kubernetes API server (no cluster exists on these machines): a local HTTP server
 * that speaks only the paths the run-on-cluster flow uses, with just enough behaviour to drive the
 * real @kubernetes/client-node through each outcome. It is not a cluster: pods never run anything.
 *
 * Paths: POST secrets|configmaps|jobs, GET pods?labelSelector, GET pods/{name}, GET pods/{name}/log
 * (follow, timestamps, sinceTime), GET events?fieldSelector, DELETE jobs|secrets|configmaps/{name}.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandInScenario =
  | 'success' // pod runs, prints the log lines, succeeds
  | 'forbidden' // 403 on the first create (RBAC)
  | 'dropHostUsers' // API server without UserNamespacesSupport: silently drops spec.hostUsers
  | 'usernsStuck' // pod stays in ContainerCreating; events mention user namespaces
  | 'rejected' // Job controller cannot create the pod (FailedCreate event about hostUsers)
  | 'imagePull' // kaniko container waits in ImagePullBackOff
  | 'jobFailed' // kaniko exits 1 after its log
  | 'logCutShort'; // the first log stream closes early while the pod still runs (follow resumes)

export interface StandInOptions {
  scenario: StandInScenario;
  /** Lines the kaniko container "prints". */
  logLines?: string[];
  /** Milliseconds between log lines while following. */
  lineDelayMs?: number;
}

interface Recorded {
  method: string;
  path: string;
  body?: unknown;
}

type Obj = {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [k: string]: unknown;
};

export interface StandInApi {
  url: string;
  requests: Recorded[];
  /** Objects currently stored, by "kind/name". */
  objects: Map<string, Obj>;
  /** Writes a kubeconfig (YAML is JSON) pointing at the stand-in; returns its text. */
  kubeconfig(opts?: { context?: string; namespace?: string }): string;
  close(): Promise<void>;
}

const DEFAULT_LOG = [
  'INFO[0000] Retrieving image manifest nginx',
  "INFO[0001] Building stage 'nginx' [idx: '0', base-idx: '-1']",
  'INFO[0002] Pushing image to docker.io/alice/kaniko-nginx:1.0',
  `INFO[0003] Pushed index.docker.io/alice/kaniko-nginx@sha256:${'ab'.repeat(32)}`,
];

function status(res: http.ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code }));
}

function json(res: http.ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      resolve(text ? JSON.parse(text) : undefined);
    });
  });
}

export async function startStandInApi(opts: StandInOptions): Promise<StandInApi> {
  const requests: Recorded[] = [];
  const objects = new Map<string, Obj>();
  const logLines = opts.logLines ?? DEFAULT_LOG;
  const lineDelay = opts.lineDelayMs ?? 5;
  const startedAt = Date.now();
  // Each line gets a fixed timestamp so sinceTime resumes are deterministic.
  const stamp = (i: number) => new Date(startedAt + i * 1000).toISOString();
  let logRequests = 0;
  let logDone = false;

  const jobName = () => [...objects.keys()].find((k) => k.startsWith('jobs/'))?.slice(5) ?? null;
  const podName = () => (jobName() ? `${jobName()}-x7k2p` : null);

  function pod(): Obj | null {
    const job = jobName();
    if (!job || opts.scenario === 'rejected') return null;
    const name = podName() as string;
    const base = { metadata: { name, namespace: 'builds', labels: { 'batch.kubernetes.io/job-name': job } } };
    const waiting = (reason: string, message = '') => ({
      ...base,
      status: {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'kaniko',
            ready: false,
            restartCount: 0,
            image: 'x',
            imageID: '',
            state: { waiting: { reason, message } },
          },
        ],
      },
    });
    switch (opts.scenario) {
      case 'usernsStuck':
        return waiting('ContainerCreating');
      case 'imagePull':
        return waiting(
          'ImagePullBackOff',
          'Back-off pulling image "ghcr.io/osscontainertools/kaniko:v1.28.0"',
        );
      default: {
        const failed = opts.scenario === 'jobFailed';
        if (!logDone)
          return {
            ...base,
            status: { phase: 'Running', containerStatuses: [{ name: 'kaniko', state: { running: {} } }] },
          };
        return {
          ...base,
          status: {
            phase: failed ? 'Failed' : 'Succeeded',
            containerStatuses: [
              {
                name: 'kaniko',
                state: { terminated: { exitCode: failed ? 1 : 0, reason: failed ? 'Error' : 'Completed' } },
              },
            ],
          },
        };
      }
    }
  }

  function events(fieldSelector: string): unknown[] {
    const involved = /involvedObject\.name=([^,]+)/.exec(fieldSelector)?.[1];
    const ev = (reason: string, message: string) => ({
      metadata: { name: `${involved}.1` },
      involvedObject: { name: involved },
      reason,
      message,
      type: 'Warning',
    });
    if (opts.scenario === 'usernsStuck' && involved === podName()) {
      return [
        ev(
          'FailedCreatePodSandBox',
          'Failed to create pod sandbox: user namespaces are not supported by the runtime',
        ),
      ];
    }
    if (opts.scenario === 'rejected' && involved === jobName()) {
      return [
        ev(
          'FailedCreate',
          'Error creating: pods "x" is forbidden: hostUsers=false is not supported on this node',
        ),
      ];
    }
    return [];
  }

  async function streamLog(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    q: URLSearchParams,
  ): Promise<void> {
    logRequests++;
    const timestamps = q.get('timestamps') === 'true';
    const since = q.get('sinceTime');
    res.writeHead(200, { 'content-type': 'text/plain' });
    let closed = false;
    req.on('close', () => (closed = true));
    const first = since ? logLines.findIndex((_, i) => stamp(i) >= since) : 0;
    for (let i = Math.max(0, first); i < logLines.length; i++) {
      if (closed) return;
      // First follow in 'logCutShort' ends after two lines although the container is still running.
      if (opts.scenario === 'logCutShort' && logRequests === 1 && i === 2) {
        res.end();
        return;
      }
      res.write(`${timestamps ? `${stamp(i)} ` : ''}${logLines[i]}\n`);
      await new Promise((r) => setTimeout(r, lineDelay));
    }
    logDone = true;
    res.end();
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = req.method === 'POST' ? await readBody(req) : undefined;
      requests.push({ method: req.method ?? '', path: url.pathname + url.search, ...(body ? { body } : {}) });
      const m = /^\/api(?:s\/batch)?\/v1\/namespaces\/([^/]+)\/([a-z]+)(?:\/([^/]+))?(?:\/(log))?$/.exec(
        url.pathname,
      );
      if (!m) return status(res, 404, 'NotFound', `stand-in: no route for ${url.pathname}`);
      const [, ns, resource, name, sub] = m as unknown as [
        string,
        string,
        string,
        string | undefined,
        string | undefined,
      ];

      if (req.method === 'POST') {
        if (opts.scenario === 'forbidden') {
          return status(
            res,
            403,
            'Forbidden',
            `${resource} is forbidden: User "dev" cannot create resource "${resource}" in API group "" in the namespace "${ns}"`,
          );
        }
        const obj = structuredClone(body) as Obj & {
          spec?: { template?: { spec?: Record<string, unknown> } };
        };
        if (resource === 'jobs' && opts.scenario === 'dropHostUsers')
          delete obj.spec?.template?.spec?.hostUsers;
        obj.metadata.namespace = ns;
        objects.set(`${resource}/${obj.metadata.name}`, obj);
        return json(res, 201, obj);
      }
      if (req.method === 'DELETE' && name) {
        objects.delete(`${resource}/${name}`);
        return json(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
      }
      if (req.method === 'GET' && resource === 'pods' && !name) {
        const p = pod();
        const selector = url.searchParams.get('labelSelector') ?? '';
        const items = p && selector === `batch.kubernetes.io/job-name=${jobName()}` ? [p] : [];
        return json(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items });
      }
      if (req.method === 'GET' && resource === 'pods' && name && sub === 'log')
        return streamLog(req, res, url.searchParams);
      if (req.method === 'GET' && resource === 'pods' && name) {
        const p = pod();
        return p && p.metadata.name === name
          ? json(res, 200, p)
          : status(res, 404, 'NotFound', `pods "${name}" not found`);
      }
      if (req.method === 'GET' && resource === 'events') {
        return json(res, 200, {
          kind: 'EventList',
          apiVersion: 'v1',
          metadata: {},
          items: events(url.searchParams.get('fieldSelector') ?? ''),
        });
      }
      return status(res, 405, 'MethodNotAllowed', `stand-in: ${req.method} ${url.pathname} not supported`);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    objects,
    kubeconfig: ({ context = 'stand-in', namespace = 'builds' } = {}) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        // client-node refuses plain http:// unless TLS verification is off; the stand-in has no TLS.
        clusters: [{ name: 'stand-in-cluster', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'stand-in-user', user: { token: 'stand-in-token' } }],
        contexts: [
          { name: context, context: { cluster: 'stand-in-cluster', user: 'stand-in-user', namespace } },
          { name: 'other', context: { cluster: 'stand-in-cluster', user: 'stand-in-user' } },
        ],
        'current-context': context,
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
