import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';

const root = path.resolve(__dirname, '../../../electron');
/** The only files allowed to import Electron: the entry points and the glue folder. */
const GLUE = /^(main\.ts|preload\.ts|glue\/)/;

async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await tsFiles(full)));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

test('services, core, app and server import nothing from electron', async () => {
  const files = await tsFiles(root);
  const offenders: string[] = [];
  let glueImports = 0;
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const imports =
      /from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/.test(
        await readFile(file, 'utf8'),
      );
    if (!imports) continue;
    if (GLUE.test(rel)) glueImports++;
    else offenders.push(rel);
  }
  expect(offenders).toEqual([]);
  // The scan must really see imports where they are allowed, or it proves nothing.
  expect(glueImports).toBeGreaterThan(2);
});
