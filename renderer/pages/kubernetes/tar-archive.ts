/**
 * A plain ustar archive of text files, built in the page so "Save all" is one download in browser mode
 * and on the desktop alike (a browser cannot write a folder). Names must be ASCII and under 100 bytes.
 */
export function tarArchive(files: { name: string; content: string }[], mtime = Date.now()): Uint8Array {
  const encoder = new TextEncoder();
  const blocks: Uint8Array[] = [];
  for (const f of files) {
    const body = encoder.encode(f.content);
    blocks.push(header(f.name, body.length, Math.floor(mtime / 1000)));
    blocks.push(body, new Uint8Array(padding(body.length)));
  }
  blocks.push(new Uint8Array(1024)); // two empty blocks end the archive
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of blocks) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}

const padding = (size: number) => (512 - (size % 512)) % 512;

function header(name: string, size: number, mtimeSeconds: number): Uint8Array {
  if (!/^[\x20-\x7e]{1,99}$/.test(name))
    throw new Error(`Cannot store the file name ${name} in a tar archive.`);
  const h = new Uint8Array(512);
  const put = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) h[offset + i] = text.charCodeAt(i);
  };
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0') + '\0';
  put(0, name);
  put(100, octal(0o644, 8));
  put(108, octal(0, 8));
  put(116, octal(0, 8));
  put(124, octal(size, 12));
  put(136, octal(mtimeSeconds, 12));
  put(148, '        '); // checksum counts as spaces while it is computed
  put(156, '0');
  put(257, 'ustar\0');
  put(263, '00');
  const sum = h.reduce((n, b) => n + b, 0);
  put(148, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}
