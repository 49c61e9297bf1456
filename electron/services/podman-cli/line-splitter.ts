import { StringDecoder } from 'node:string_decoder';

/**
 * Bytes → whole lines, UTF-8-safe across chunks. A lone carriage return also ends a line, because
 * progress bars redraw themselves with "\r" and each redraw is worth showing.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: Buffer): void {
    const text = this.partial + this.decoder.write(chunk);
    const parts = text.split(/\r\n|\n|\r/);
    // A trailing "\r" may be the first half of "\r\n": keep it with the partial line.
    this.partial = parts.pop() ?? '';
    if (text.endsWith('\r')) this.partial = '';
    for (const line of parts) if (line.length > 0) this.onLine(line);
  }

  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest.length > 0) this.onLine(rest);
  }
}
