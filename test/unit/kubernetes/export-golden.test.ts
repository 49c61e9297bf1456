import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportBundle } from '../../../electron/services/kubernetes/export-bundle';
import { archiveInput, gitInput } from './export-inputs';

// Set UPDATE_GOLDEN=1 to rewrite the files after an intended change (then review the diff).
const FIXTURES = path.resolve(__dirname, '../../fixtures/kubernetes');

function checkGolden(caseName: string, files: { name: string; content: string }[]): void {
  const dir = path.join(FIXTURES, caseName);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dir, { recursive: true });
    for (const f of files) writeFileSync(path.join(dir, f.name), f.content);
  }
  for (const f of files) {
    const file = path.join(dir, f.name);
    expect(existsSync(file), `${file} is missing (run with UPDATE_GOLDEN=1)`).toBe(true);
    expect(f.content, `${caseName}/${f.name}`).toBe(readFileSync(file, 'utf8'));
  }
}

describe('export golden files', () => {
  it('archive context with a placeholder Secret', () => {
    const files = exportBundle(archiveInput());
    expect(files.map((f) => f.name)).toEqual([
      'secret.yaml',
      'context-configmap.yaml',
      'job.yaml',
      '.gitlab-ci.yml',
      'config.toml',
      'README.md',
    ]);
    checkGolden('archive-placeholder', files);
  });

  it('git context with stored credentials', () => {
    const files = exportBundle(gitInput());
    expect(files.map((f) => f.name)).toEqual([
      'secret.yaml',
      'job.yaml',
      '.gitlab-ci.yml',
      'config.toml',
      'README.md',
    ]);
    checkGolden('git-credentials', files);
  });
});
