/** The last `max` lines of a byte stream, split on \n and decoded as UTF-8 only when read. */
export class LineTail {
  private readonly lines: string[] = [];
  private partial: Buffer = Buffer.alloc(0);

  constructor(private readonly max: number) {}

  push(data: Buffer): void {
    let buf = this.partial.length ? Buffer.concat([this.partial, data]) : data;
    let nl = buf.indexOf(0x0a);
    while (nl >= 0) {
      this.add(buf.subarray(0, nl).toString('utf8').replace(/\r$/, ''));
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(0x0a);
    }
    // An endless line without newlines must not grow without bound.
    this.partial = Buffer.from(buf.length > 64 * 1024 ? buf.subarray(buf.length - 64 * 1024) : buf);
  }

  /** Complete lines plus the unfinished last one, if any. */
  read(): string[] {
    return this.partial.length ? [...this.lines, this.partial.toString('utf8')] : [...this.lines];
  }

  private add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }
}
