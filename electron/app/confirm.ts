/**
 * Questions only the user may answer, asked by main, never by the page: sending credentials to a tcp://
 * engine or into a non-default executor image, building on a rootful engine, running a kubeconfig's exec
 * plugin. The desktop asks with a native dialog (PlatformAdapters.confirm); browser mode asks through
 * CodeConfirmations: the page shows the question, but the answer needs a one-time code printed where the
 * server runs, so a page (or anything else holding the token) cannot answer for the user.
 */
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../shared/errors';
import type { ConfirmAnswerState, ConfirmRequested } from '../shared/contract/confirm';

export interface ConfirmRequest {
  title: string;
  /** One or two sentences: what happens if the user says yes. */
  message: string;
  /** The exact thing being approved (address, image, command line). */
  detail: string;
  confirmLabel: string;
}

/** Resolves true only when the user approved. */
export type Confirm = (req: ConfirmRequest) => Promise<boolean>;

/** Asks, and throws CANCELLED unless the user approved. `remember` skips the question for the same key. */
export class Approvals {
  private readonly approved = new Set<string>();

  constructor(private readonly confirm: Confirm) {}

  async require(req: ConfirmRequest, remember?: string): Promise<void> {
    if (remember !== undefined && this.approved.has(remember)) return;
    if (!(await this.confirm(req))) {
      throw new AppError('CANCELLED', `Not confirmed: ${req.title}`, {
        hint: 'Nothing was changed. Confirm the question to go ahead.',
      });
    }
    if (remember !== undefined) this.approved.add(remember);
  }
}

interface Pending {
  code: string;
  attempts: number;
  resolve: (ok: boolean) => void;
  timer: NodeJS.Timeout;
}

export interface CodeConfirmationsOptions {
  /** Where the server's own output goes (its terminal); the code is printed there, never sent to the page. */
  announce: (line: string) => void;
  /** Tells the page to show the question. */
  publish: (question: ConfirmRequested) => void;
  /** Tells the page the question is closed (answered, declined or timed out). */
  settled: (id: string) => void;
  timeoutMs?: number;
}

const MAX_ATTEMPTS = 3;

export class CodeConfirmations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly opts: CodeConfirmationsOptions) {}

  readonly confirm: Confirm = (req) =>
    new Promise<boolean>((resolve) => {
      const id = randomBytes(12).toString('hex');
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const timer = setTimeout(() => this.finish(id, false), this.opts.timeoutMs ?? 120_000);
      timer.unref();
      this.pending.set(id, { code, attempts: 0, resolve, timer });
      this.opts.announce(
        `Kaniko Desktop asks: ${req.title}\n  ${req.message}\n  ${req.detail}\n` +
          `  To allow it, type the code ${code} in the page. Ignore this if you did not ask for it.`,
      );
      this.opts.publish({ id, ...req });
    });

  /** The page's answer: the code the user typed, or null to decline. */
  answer(id: string, code: string | null): ConfirmAnswerState {
    const p = this.pending.get(id);
    if (!p) return 'unknown';
    if (code === null) {
      this.finish(id, false);
      return 'declined';
    }
    if (sameCode(code, p.code)) {
      this.finish(id, true);
      return 'accepted';
    }
    p.attempts += 1;
    if (p.attempts >= MAX_ATTEMPTS) {
      this.finish(id, false);
      return 'declined';
    }
    return 'wrong-code';
  }

  private finish(id: string, ok: boolean): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    this.opts.settled(id);
    p.resolve(ok);
  }
}

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
