import { defineConfig } from 'vite';

// The renderer is one bundle for both transports: loaded from file:// by Electron, and over HTTP in browser mode.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No inline scripts or styles: the CSP forbids them.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
