import { MIN_SECRET_LENGTH, secretForms } from './secret-forms';

/**
 * The one redaction layer: every event payload and every error that leaves the main process passes
 * through it. Services register secrets (tokens, passwords) as soon as they learn them.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | null = null;

  /**
   * Registers a secret with every encoded form it travels in (see secret-forms.ts). Throws for a secret
   * shorter than MIN_SECRET_LENGTH: services refuse those before they get here.
   */
  add(secret: string, opts: { username?: string } = {}): void {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`A secret needs at least ${MIN_SECRET_LENGTH} characters to be redacted reliably.`);
    }
    for (const f of secretForms(secret, opts.username)) this.secrets.add(f);
    this.pattern = null;
  }

  redact(text: string): string {
    if (this.secrets.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, '••••••');
  }

  /** Redacts every string inside a JSON-like value (returns a copy only where something changed). */
  redactDeep<T>(value: T): T {
    if (this.secrets.size === 0) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.walk(v);
      return out;
    }
    return value;
  }
}
