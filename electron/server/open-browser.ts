import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface OpenOptions {
  /** A folder only this user can enter (created 0700 when missing). */
  dir: string;
  /** The command that opens a URL; defaults to the platform's opener. */
  opener?: string[];
  /** How long the launch page stays on disk: long enough for a browser to start. */
  keepMs?: number;
  onError?: () => void;
}

export interface Launch {
  /** The launch page (holds the token; mode 0600). */
  file: string;
  /** Settles once the launch page is deleted. */
  removed: Promise<void>;
}

/**
 * Opens the browser-mode address without putting the token on a command line (other users can read
 * every process's argv in /proc): the token goes into a 0600 page in a private folder that redirects to
 * the address, and only that file's path is passed to the browser. The page is deleted shortly after.
 */
export function openWithoutTokenOnCommandLine(openUrl: string, opts: OpenOptions): Launch {
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const file = path.join(opts.dir, `open-${randomBytes(8).toString('hex')}.html`);
  writeFileSync(file, launchPage(openUrl), { mode: 0o600, flag: 'wx' });
  const [cmd, ...args] = [...(opts.opener ?? platformOpener()), pathToFileURL(file).href];
  const child = spawn(cmd as string, args, { stdio: 'ignore', detached: true });
  child.on('error', () => opts.onError?.());
  child.unref();
  const removed = new Promise<void>((resolve) => {
    setTimeout(() => {
      rmSync(file, { force: true });
      resolve();
    }, opts.keepMs ?? 30_000).unref();
  });
  return { file, removed };
}

function platformOpener(): string[] {
  if (process.platform === 'darwin') return ['open'];
  if (process.platform === 'win32') return ['cmd', '/c', 'start', ''];
  return ['xdg-open'];
}

function launchPage(openUrl: string): string {
  const href = openUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${href}">
<title>Kaniko Desktop</title>
<p><a href="${href}">Open Kaniko Desktop</a></p>
`;
}
