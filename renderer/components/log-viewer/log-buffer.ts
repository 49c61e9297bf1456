/** Default cap on kept lines; older lines are dropped and counted. */
export const DEFAULT_MAX_LINES = 100_000;

type Listener = () => void;

/**
 * A bounded ring buffer of log lines, kept outside React state so floods of appends cost no renders.
 * Lines are addressed by absolute index (0 = the first line the task ever printed); the oldest
 * `dropped` lines are gone, either dropped here or already by the producer's replay buffer.
 */
export class LogBuffer {
  private readonly lines: (string | undefined)[];
  /** Arrival time per line (ms since epoch; 0 = unknown, e.g. replayed lines). */
  private readonly times: Float64Array;
  private head = 0; // slot of the oldest kept line
  private count = 0;
  private droppedCount = 0;
  private changes = 0;
  private resets = 0;
  private readonly listeners = new Set<Listener>();

  constructor(readonly capacity: number = DEFAULT_MAX_LINES) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.lines = new Array<string | undefined>(capacity);
    this.times = new Float64Array(capacity);
  }

  /** Lines currently kept. */
  get length(): number {
    return this.count;
  }

  /** Lines no longer kept (the marker at the top of the viewer says how many). */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Absolute index one past the newest line: every line ever appended, kept or not. */
  get total(): number {
    return this.droppedCount + this.count;
  }

  /** Bumps on every change; lets views skip work when nothing happened. */
  get version(): number {
    return this.changes;
  }

  /** Bumps on every reset; derived indexes (search matches) must be rebuilt when it changes. */
  get generation(): number {
    return this.resets;
  }

  /** Appends a batch; when full, the oldest lines go and are counted as dropped. */
  append(batch: readonly string[], at: number = Date.now()): void {
    if (batch.length === 0) return;
    const cap = this.capacity;
    // Only the last `cap` lines of a huge batch can survive: skip the rest without copying them.
    const skip = Math.max(0, batch.length - cap);
    this.droppedCount += skip;
    for (let i = skip; i < batch.length; i++) {
      const slot = (this.head + this.count) % cap;
      this.lines[slot] = batch[i];
      this.times[slot] = at;
      if (this.count < cap) this.count++;
      else {
        this.head = (this.head + 1) % cap;
        this.droppedCount++;
      }
    }
    this.changed();
  }

  /** Replaces everything, e.g. with a replay from the main process whose first `dropped` lines are gone. */
  reset(lines: readonly string[] = [], dropped = 0, at = 0): void {
    this.resets++;
    this.head = 0;
    this.count = 0;
    this.droppedCount = dropped;
    this.lines.fill(undefined);
    this.times.fill(0);
    if (lines.length > 0) this.append(lines, at);
    else this.changed();
  }

  /** The i-th kept line (0 = oldest kept). */
  line(i: number): string {
    if (i < 0 || i >= this.count) return '';
    return this.lines[(this.head + i) % this.capacity] ?? '';
  }

  time(i: number): number {
    if (i < 0 || i >= this.count) return 0;
    return this.times[(this.head + i) % this.capacity] ?? 0;
  }

  /** Kept lines oldest first (for copy / save). */
  toArray(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.line(i);
    return out;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.changes++;
    for (const l of this.listeners) l();
  }
}
