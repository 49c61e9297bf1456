import type { LogLevel } from './kaniko-line';

/**
 * Known executor failures, matched loosely (wording varies between kaniko versions and the fork),
 * each with a plain explanation and what to do.
 */

export type FailureCode =
  | 'auth'
  | 'push-permission'
  | 'missing-capability'
  | 'run-failed'
  | 'uid-range'
  | 'not-in-container'
  | 'invalid-ref'
  | 'no-space'
  | 'unknown';

export interface KanikoFailure {
  kind: 'failure';
  code: FailureCode;
  explanation: string;
  fix: string;
  /** The message that matched (ANSI-free). */
  line: string;
  /** For run-failed: the step's exit status. */
  exitStatus?: number;
  /** The line ended the build: kaniko's last word (fatal level, or its top-level error on stderr). */
  terminal?: boolean;
}

export interface FailureContext {
  /** The last RUN instruction echoed, to name the failing step. */
  lastRun: string | null;
}

interface Rule {
  code: FailureCode;
  test: RegExp;
  explain: (
    m: RegExpExecArray,
    line: string,
    ctx: FailureContext,
  ) => Omit<KanikoFailure, 'kind' | 'code' | 'line'>;
}

const quoted = (line: string) => /for "([^"]+)"/.exec(line)?.[1];

const RULES: Rule[] = [
  {
    code: 'not-in-container',
    test: /kaniko should only be run inside of a container/i,
    explain: () => ({
      explanation:
        'The executor did not detect that it runs inside a container, so it refused to touch the filesystem.',
      fix: 'Run the build through the app (it always uses a container); do not start the executor on the host.',
    }),
  },
  {
    code: 'auth',
    test: /incorrect username or password/i,
    explain: () => ({
      explanation: 'The registry rejected the saved username or access token.',
      fix: 'Sign in again under Registries. For Docker Hub use your Docker ID (not your e-mail) and a personal access token.',
    }),
  },
  {
    code: 'push-permission',
    test: /error checking push permissions|checking push permission|requested access to the resource is denied|insufficient[_ ]scope/i,
    explain: (_m, line) => {
      const repo = quoted(line);
      return {
        explanation:
          `The registry did not allow pushing${repo ? ` to ${repo}` : ''}: no credentials were sent for it, ` +
          'the token is read-only, or the repository belongs to another account.',
        fix:
          'Sign in to this registry under Registries with a token that has Read & Write access, and use your ' +
          "own namespace (Docker ID) in the repository, e.g. 'alice/kaniko-nginx'.",
      };
    },
  },
  {
    // A base image pulled through --registry-map (a registry on this computer's loopback) needs a login.
    code: 'auth',
    test: /Failed to retrieve image (\S+) from remapped registry.*(?:\b401\b|UNAUTHORIZED|authentication required)/i,
    explain: (m) => ({
      explanation: `The registry of the base image ${m[1] ?? ''} asked for a login, and the build container had none.`,
      fix: "Save that registry's login under Registries and tick 'Use my saved logins to pull private base images', then build again.",
    }),
  },
  {
    code: 'auth',
    test: /\b401 Unauthorized\b|UNAUTHORIZED: authentication required|unauthorized: authentication required/i,
    explain: () => ({
      explanation: 'The registry asked for credentials and did not accept what was sent.',
      fix: 'Sign in to the registry under Registries, then build again.',
    }),
  },
  {
    code: 'invalid-ref',
    test: /invalid repository name|invalid reference format|could not parse reference|getting tag for destination/i,
    explain: () => ({
      explanation: 'An image name (a destination or a FROM line) is not a valid reference.',
      fix: "Use lowercase names like 'docker.io/alice/kaniko-nginx:latest'; check FROM lines and build-arg values used in them.",
    }),
  },
  {
    code: 'uid-range',
    test: /\bl?chown\b.*invalid argument|insufficient UIDs or GIDs/i,
    explain: () => ({
      explanation:
        'A layer contains files owned by a user or group ID outside the range rootless Podman maps (usually 65,536 IDs).',
      fix: 'Use a base image without such high IDs, or widen the range for your user in /etc/subuid and /etc/subgid, then run `podman system migrate`.',
    }),
  },
  {
    code: 'missing-capability',
    test: /\b(l?chown|chmod|fchownat|setgroups|setgid|setuid|setresuid|setresgid|mknod|l?setxattr|kill)\b.*operation not permitted/i,
    explain: (m) => ({
      explanation: `The build container lacks the Linux capability needed for ${m[1] ?? 'this operation'} (operation not permitted).`,
      fix: 'Check the capability table for this Dockerfile: RUN steps need SETUID, SETGID, KILL, FSETID and SETFCAP besides the base three.',
    }),
  },
  {
    // Before run-failed: a step that dies of a full disk is explained by the disk, not by its exit status.
    code: 'no-space',
    test: /no space left on device|disk quota exceeded/i,
    explain: () => ({
      explanation:
        "The engine's storage is full: the build container ran out of space (no space left on device).",
      fix: 'Free space where Podman keeps images and containers (`podman system prune` removes unused ones; a Podman machine can be given a bigger disk), then build again.',
    }),
  },
  {
    code: 'run-failed',
    // The last alternative is the old text format's whole message: level=error msg="exit status N".
    test: /failed to execute command.*?exit status (\d+)|waiting for process to exit: exit status (\d+)|^exit status (\d+)$/i,
    explain: (m, _line, ctx) => {
      const status = Number(m[1] ?? m[2] ?? m[3]);
      return {
        explanation: `${ctx.lastRun ? `The step '${ctx.lastRun}'` : 'A RUN step'} exited with status ${status}.`,
        fix: "Read the step's output above: the command itself failed inside the build.",
        exitStatus: status,
      };
    },
  },
];

/**
 * Top-level errors the executor prints without logrus: Go's `error …ing …: cause` chains, and the
 * command-line parser's `Error: …` (e.g. `Error: cache flags invalid: …`, followed by the usage text).
 */
const RAW_ERROR_RE = /^(?:Error: |error [a-z]+ing\b)/;

/** Whether this line is the executor's last word: a fatal/panic entry, or its top-level error on stderr. */
export function isTerminalLine(message: string, level: LogLevel): boolean {
  return level === 'fatal' || level === 'panic' || (level === 'output' && RAW_ERROR_RE.test(message));
}

export function classifyFailure(message: string, level: LogLevel, ctx: FailureContext): KanikoFailure | null {
  const terminal = isTerminalLine(message, level);
  const isError = level === 'error' || level === 'fatal' || level === 'panic';
  // Raw output (a RUN step's own lines) explains a failure only through the specific rules.
  for (const rule of RULES) {
    const m = rule.test.exec(message);
    if (m) {
      return { kind: 'failure', code: rule.code, line: message, terminal, ...rule.explain(m, message, ctx) };
    }
  }
  if (isError || terminal) {
    return {
      kind: 'failure',
      code: 'unknown',
      line: message,
      terminal,
      explanation: message,
      fix: 'Read the log above for the cause; the build stopped here.',
    };
  }
  return null;
}

/** Lower is more useful to the user: a specific cause beats "a step failed", which beats unknown. */
export function failureRank(code: FailureCode): number {
  if (code === 'unknown') return 2;
  if (code === 'run-failed') return 1;
  return 0;
}
