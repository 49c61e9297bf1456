// Builds everything into dist/: the renderer (Vite), the Electron main + preload, and the browser-mode server.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const started = Date.now();
await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });

const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, logLevel: 'warning' };
await Promise.all([
  // Main process and server keep npm packages external: they run from this folder's node_modules.
  esbuild({
    ...node,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/electron/main.js',
    format: 'esm',
    packages: 'external',
  }),
  esbuild({
    ...node,
    entryPoints: ['electron/server/serve.ts'],
    outfile: 'dist/electron/serve.js',
    format: 'esm',
    packages: 'external',
  }),
  // A sandboxed preload can only require('electron'): bundle everything else into one CommonJS file.
  esbuild({
    ...node,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
