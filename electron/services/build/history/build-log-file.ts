import { createWriteStream, type WriteStream } from 'node:fs';
import type { TextRedactor } from './history-store';

/**
 * The full log of one build, appended as lines arrive (a crash keeps what was written so far).
 * Every batch is redacted before it is written.
 */
export class BuildLogFile {
  private readonly out: WriteStream;
  private count = 0;
  private failed = false;

  constructor(
    file: string,
    private readonly redactor: TextRedactor,
  ) {
    this.out = createWriteStream(file, { flags: 'a', mode: 0o600 });
    // A full disk must not fail the build; the history simply keeps less.
    this.out.on('error', () => {
      this.failed = true;
    });
  }

  get lines(): number {
    return this.count;
  }

  append(lines: string[]): void {
    if (lines.length === 0 || this.failed) return;
    this.count += lines.length;
    this.out.write(this.redactor.redact(lines.join('\n') + '\n'));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(() => resolve()));
  }
}
