import { Writable } from 'node:stream';

export type StreamName = 'stdout' | 'stderr';

const HEADER_BYTES = 8;

/**
 * Decodes the engine's multiplexed stdout/stderr stream (Tty:false): each frame is an 8-byte header
 * [stream (1 stdout, 2 stderr), 0, 0, 0, size as uint32 big-endian] followed by `size` bytes. Frames
 * (and headers) may be split across chunks or packed into one. An unfinished frame's chunks are kept
 * in a list and joined once the frame is complete, so a long line arriving in many chunks costs
 * linear time (joining on every chunk made a 4 MiB line ~40x slower). Payloads are views into the
 * pushed chunks, not copies.
 */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** How many buffered bytes the next frame needs before it can be decoded. */
  private needed = HEADER_BYTES;

  constructor(private readonly onFrame: (stream: StreamName, data: Buffer) => void) {}

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.pendingBytes > 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes < this.needed) return;
      buf = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
    }
    let offset = 0;
    while (buf.length - offset >= HEADER_BYTES) {
      const end = offset + HEADER_BYTES + buf.readUInt32BE(offset + 4);
      if (buf.length < end) break;
      this.onFrame(buf[offset] === 2 ? 'stderr' : 'stdout', buf.subarray(offset + HEADER_BYTES, end));
      offset = end;
    }
    if (offset < buf.length) {
      const rest = buf.subarray(offset);
      this.pending = [rest];
      this.pendingBytes = rest.length;
      this.needed = rest.length >= HEADER_BYTES ? HEADER_BYTES + rest.readUInt32BE(4) : HEADER_BYTES;
    }
  }
}

/**
 * A writable end for piping an attach stream into: each non-empty frame goes to `sink`. (A few lines
 * instead of docker-modem's demuxer, which costs about twice the CPU on long lines.)
 */
export function createDemuxer(sink: (stream: StreamName, payload: Buffer) => void): Writable {
  const decoder = new FrameDecoder((stream, payload) => {
    if (payload.length > 0) sink(stream, payload);
  });
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      decoder.push(chunk);
      done();
    },
  });
}

/** A whole multiplexed buffer (e.g. a non-following logs call) → the payload bytes in order. */
export function demuxBuffer(buf: Buffer): Buffer {
  // Engines answer logs of Tty containers unframed; a frame header always starts with 0, 1 or 2.
  if (buf.length < 8 || buf[0]! > 2 || buf[1] !== 0 || buf[2] !== 0 || buf[3] !== 0) return buf;
  const parts: Buffer[] = [];
  new FrameDecoder((_s, data) => parts.push(data)).push(buf);
  return Buffer.concat(parts);
}
