/**
 * Decodes the engine's multiplexed stdout/stderr stream (Tty:false): frames of an 8-byte header
 * [stream, 0, 0, 0, size as uint32 big-endian] followed by `size` bytes. Frames may be split across
 * chunks; the decoder keeps the partial rest until the next push.
 */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (stream: 'stdout' | 'stderr', data: Buffer) => void) {}

  push(chunk: Buffer): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (buf.length >= 8) {
      const size = buf.readUInt32BE(4);
      if (buf.length < 8 + size) break;
      const kind = buf[0] === 2 ? 'stderr' : 'stdout';
      this.onFrame(kind, buf.subarray(8, 8 + size));
      buf = buf.subarray(8 + size);
    }
    this.pending = Buffer.from(buf);
  }
}

/** A whole multiplexed buffer (e.g. a non-following logs call) → the payload bytes in order. */
export function demuxBuffer(buf: Buffer): Buffer {
  // Engines answer logs of Tty containers unframed; a frame header always starts with 0, 1 or 2.
  if (buf.length < 8 || buf[0]! > 2 || buf[1] !== 0 || buf[2] !== 0 || buf[3] !== 0) return buf;
  const parts: Buffer[] = [];
  new FrameDecoder((_s, data) => parts.push(data)).push(buf);
  return Buffer.concat(parts);
}

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
