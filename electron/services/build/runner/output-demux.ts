import { Writable } from 'node:stream';

export type StreamName = 'stdout' | 'stderr';

/**
 * Splits Docker's multiplexed attach stream (TTY off): each frame is an 8-byte header — stream type
 * (1 stdout, 2 stderr), three zero bytes, a big-endian 32-bit length — then the payload. Frames may be
 * split across or packed into chunks; this keeps the remainder between writes. (A few lines instead of
 * docker-modem's demuxer, which costs about twice the CPU on long lines.)
 */
export function createDemuxer(sink: (stream: StreamName, payload: Buffer) => void): Writable {
  let pending: Buffer = Buffer.alloc(0);
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      let buf = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      while (buf.length >= 8) {
        const size = buf.readUInt32BE(4);
        if (buf.length < 8 + size) break;
        const type = buf[0];
        const payload = buf.subarray(8, 8 + size);
        if (size > 0) sink(type === 2 ? 'stderr' : 'stdout', payload);
        buf = buf.subarray(8 + size);
      }
      pending = buf.length > 0 ? Buffer.from(buf) : Buffer.alloc(0);
      done();
    },
  });
}
