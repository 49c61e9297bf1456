import { stripAnsi } from './ansi';
import type { LogBuffer } from './log-buffer';

/**
 * Incremental search over a LogBuffer: matches are absolute line indices, new lines are scanned
 * as they arrive and matches that scrolled out of the buffer are pruned, so a flood costs only the
 * new lines, never a rescan of 100,000.
 */
export class LogSearch {
  private needle = '';
  private hits: number[] = [];
  private first = 0; // hits before this index were pruned (avoids shifting the array)
  private scannedTo = 0;
  private generation = -1;

  get query(): string {
    return this.needle;
  }

  setQuery(query: string, buffer: LogBuffer): void {
    if (query === this.needle && this.generation === buffer.generation) return;
    this.needle = query;
    this.hits = [];
    this.first = 0;
    this.scannedTo = buffer.dropped;
    this.generation = buffer.generation;
    this.update(buffer);
  }

  /** Scans lines appended since the last call; call once per rendered frame. */
  update(buffer: LogBuffer): void {
    if (this.generation !== buffer.generation) {
      this.setQuery(this.needle, buffer);
      return;
    }
    const start = Math.max(this.scannedTo, buffer.dropped);
    this.scannedTo = buffer.total;
    if (this.needle) {
      const needle = this.needle.toLowerCase();
      for (let abs = start; abs < buffer.total; abs++) {
        if (
          stripAnsi(buffer.line(abs - buffer.dropped))
            .toLowerCase()
            .includes(needle)
        )
          this.hits.push(abs);
      }
    }
    while (this.first < this.hits.length && this.hits[this.first]! < buffer.dropped) this.first++;
    if (this.first > 4096 && this.first > this.hits.length / 2) {
      this.hits = this.hits.slice(this.first);
      this.first = 0;
    }
  }

  /** Absolute indices of lines that match, oldest first. */
  matches(): number[] {
    return this.hits.slice(this.first);
  }

  get count(): number {
    return this.hits.length - this.first;
  }

  /** The n-th current match (absolute line index), or undefined. */
  at(n: number): number | undefined {
    return this.hits[this.first + n];
  }
}
