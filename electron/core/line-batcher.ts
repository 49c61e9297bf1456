import { StringDecoder } from 'node:string_decoder';

export interface LineBatcherOptions {
  /** Called with complete lines, at most every `intervalMs`, or sooner when `maxLines` are waiting. */
  flush: (lines: string[]) => void;
  intervalMs?: number;
  maxLines?: number;
}

/**
 * Turns a byte stream into batches of complete lines. UTF-8 sequences split across chunks are
 * decoded correctly (StringDecoder), and one message goes out per batch, not per chunk.
 */
export class LineBatcher {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private pending: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;
  private readonly maxLines: number;

  constructor(private readonly opts: LineBatcherOptions) {
    this.intervalMs = opts.intervalMs ?? 50;
    this.maxLines = opts.maxLines ?? 2_000;
  }

  write(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.pending.push(p.endsWith('\r') ? p.slice(0, -1) : p);
    if (this.pending.length >= this.maxLines) this.flushNow();
    else if (this.pending.length > 0 && this.timer === null) {
      this.timer = setTimeout(() => this.flushNow(), this.intervalMs);
    }
  }

  /** Emits whatever is left, including an unterminated last line. */
  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest.length > 0) this.pending.push(rest);
    this.flushNow();
  }

  private flushNow(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    this.opts.flush(lines);
  }
}
