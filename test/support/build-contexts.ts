import { copyFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testEnv } from './test-env';

/**
 * Build contexts for tests that run the real Kaniko executor. Their base image comes from the harness's
 * htpasswd registry (the busybox image pushed there), so nothing is pulled from the internet; builds
 * that use them pass `baseImageLogin: true` after saving that registry's login.
 */

export const PAGE_TEXT = 'Built with Kaniko Desktop';

/** A context folder with these files (Dockerfile included), readable by the engine's user. */
export function makeContext(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-ctx-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** `FROM <registry>/kd-busybox:latest` + the given lines. */
export function dockerfileFromRegistryBase(...lines: string[]): string {
  return [`FROM ${testEnv().registryBaseImage}`, ...lines, ''].join('\n');
}

/** Like the bundled nginx context, on busybox httpd: serves index.html on 8080. */
export function pageContext(extraLines: string[] = []): string {
  return makeContext({
    Dockerfile: dockerfileFromRegistryBase(
      'COPY index.html /www/index.html',
      ...extraLines,
      'EXPOSE 8080',
      'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]',
    ),
    'index.html': `<!doctype html><title>kd</title><h1>${PAGE_TEXT}</h1>\n`,
  });
}

/** A RUN step that fails with exit status 3. */
export function failingContext(): string {
  return makeContext({
    Dockerfile: dockerfileFromRegistryBase('COPY a.txt /srv/a.txt', 'RUN echo about to fail && exit 3'),
    'a.txt': 'a\n',
  });
}

/** A RUN step that runs for ten minutes (for cancel tests); it prints a marker first. */
export const HANG_MARKER = 'hanging on purpose';
export function hangingContext(): string {
  return makeContext({
    Dockerfile: dockerfileFromRegistryBase(`RUN echo ${HANG_MARKER} && sleep 600`),
  });
}

/**
 * A context that needs no base image from any registry: FROM scratch with Debian's static busybox
 * copied in, and a RUN step running `script` (a shell script file in the context) with it. For tests
 * whose executor must hold no login at all (the harness registry wants one even for pulls).
 */
export function scratchBusyboxContext(script: string, files: Record<string, string> = {}): string {
  const dir = makeContext({
    Dockerfile: [
      'FROM scratch',
      'ARG CANARY',
      'COPY busybox /bin/busybox',
      'COPY step.sh /step.sh',
      ...Object.keys(files).map((f) => `COPY ${f} /www/${f}`),
      'RUN ["/bin/busybox", "sh", "/step.sh"]',
      '',
    ].join('\n'),
    'step.sh': `/bin/busybox --install -s /bin\n${script}\n`,
    ...files,
  });
  copyFileSync('/bin/busybox', path.join(dir, 'busybox'));
  return dir;
}
