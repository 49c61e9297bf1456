// Renders assets/icon.png (256x256 RGBA) from the same shapes as icon.svg, with no image library:
// a point-in-shape test per pixel (4x4 supersampling) and a hand-written PNG encoder (zlib from Node).
// Run: node assets/make-icon.mjs
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 256;
const BG = [15, 23, 42];
const CUBE = [56, 189, 248];
const SUN = [251, 191, 36];

const inRoundedRect = (x, y, r) => {
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const inPolygon = (x, y, pts) => {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
const nearSegment = (x, y, [ax, ay], [bx, by], w) => {
  const t = Math.max(
    0,
    Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
  );
  return (x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= (w / 2) ** 2;
};
const hexagon = [
  [48, 96],
  [128, 56],
  [208, 96],
  [208, 176],
  [128, 216],
  [48, 176],
];
const edges = [
  [
    [48, 96],
    [128, 136],
  ],
  [
    [128, 136],
    [208, 96],
  ],
  [
    [128, 136],
    [128, 216],
  ],
];

function colourAt(x, y) {
  if (!inRoundedRect(x, y, 48)) return null;
  if ((x - 128) ** 2 + (y - 96) ** 2 <= 14 * 14) return SUN;
  if (inPolygon(x, y, hexagon) && !edges.some(([a, b]) => nearSegment(x, y, a, b, 10))) return CUBE;
  return BG;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < 4; sy++)
      for (let sx = 0; sx < 4; sx++) {
        const c = colourAt(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
        if (c) for (let k = 0; k < 3; k++) acc[k] += c[k];
        if (c) acc[3] += 255;
      }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    const n = acc[3] / 255 || 1;
    for (let k = 0; k < 3; k++) raw[o + k] = Math.round(acc[k] / n);
    raw[o + 3] = Math.round(acc[3] / 16);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`icon.png: ${png.length} bytes`);
