/**
 * Follows a container's log line by line. A follow stream can end while the container still runs
 * (API server or kubelet timeouts, proxies): it resumes from the last timestamp it saw, skipping
 * the lines it already delivered, until `isFinished()` says the container has exited.
 */
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { Log, type KubeConfig } from '@kubernetes/client-node';

export interface FollowOptions {
  namespace: string;
  pod: string;
  container: string;
  onLine: (line: string) => void;
  /** Asked when a stream ends: true = the container has exited, stop following. */
  isFinished: () => Promise<boolean>;
  signal: AbortSignal;
  maxResumes?: number;
  resumeDelayMs?: number;
}

/** "2026-01-02T03:04:05.123456789Z rest" → [timestamp, rest]. */
function splitTimestamp(line: string): [string | null, string] {
  const space = line.indexOf(' ');
  const head = space > 0 ? line.slice(0, space) : '';
  return /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(head) ? [head, line.slice(space + 1)] : [null, line];
}

export async function followLogs(kc: KubeConfig, o: FollowOptions): Promise<void> {
  const log = new Log(kc);
  let lastStamp: string | null = null;
  let seenAtLastStamp = 0;
  const maxResumes = o.maxResumes ?? 20;

  for (let attempt = 0; ; attempt++) {
    const resumeFrom = lastStamp as string | null;
    let skip = seenAtLastStamp; // lines at exactly `resumeFrom` we already delivered
    const sink = new PassThrough();
    const decoder = new StringDecoder('utf8');
    let partial = '';
    const deliver = (raw: string) => {
      const [stamp, text] = splitTimestamp(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
      if (stamp !== null && resumeFrom !== null) {
        if (stamp < resumeFrom) return;
        if (stamp === resumeFrom && skip > 0) {
          skip--;
          return;
        }
      }
      if (stamp !== null) {
        if (stamp === lastStamp) seenAtLastStamp++;
        else {
          lastStamp = stamp;
          seenAtLastStamp = 1;
        }
      }
      o.onLine(text);
    };
    // client-node pipes the response into `sink` without an error listener on its side; aborting
    // makes that source emit 'error', which would be an uncaught exception. Listen on it here.
    sink.on('pipe', (source: NodeJS.ReadableStream) => {
      source.on('error', () => sink.end());
    });
    const ended = new Promise<void>((resolve, reject) => {
      sink.on('data', (chunk: Buffer) => {
        const parts = (partial + decoder.write(chunk)).split('\n');
        partial = parts.pop() ?? '';
        for (const p of parts) deliver(p);
      });
      sink.on('end', () => {
        const rest = partial + decoder.end();
        if (rest) deliver(rest);
        resolve();
      });
      sink.on('error', reject);
    });

    const controller = await log.log(o.namespace, o.pod, o.container, sink, {
      follow: true,
      timestamps: true,
      ...(resumeFrom ? { sinceTime: resumeFrom } : {}),
    });
    const onAbort = () => {
      controller.abort();
      sink.end();
    };
    o.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await ended;
    } finally {
      o.signal.removeEventListener('abort', onAbort);
    }
    if (o.signal.aborted) return;
    if (await o.isFinished()) return;
    if (attempt >= maxResumes) return;
    await new Promise((r) => setTimeout(r, o.resumeDelayMs ?? 500));
  }
}
