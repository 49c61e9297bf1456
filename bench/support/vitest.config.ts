import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Benchmarks run by hand (`npm run bench:build`), never by `npm test`: the same harness as the integration
// tests (a real rootless Podman service, the busybox base image, the real Kaniko executor), one file at a time.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default defineConfig({
  root,
  test: {
    include: ['bench/*.bench.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 5 * 60_000,
    fileParallelism: false,
  },
});
