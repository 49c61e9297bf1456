import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ExportFile } from './export-bundle';

/**
 * Writes an export into a folder the user chose, from main: the credential in secret.yaml goes from main
 * to disk and never through the page. Overwrites nothing; secret.yaml is readable by the user only.
 */
export function writeBundle(folder: string, files: ExportFile[]): string[] {
  const clashes = files.filter((f) => existsSync(path.join(folder, f.name))).map((f) => f.name);
  if (clashes.length > 0) {
    throw new AppError('CONFLICT', `The folder already has ${clashes.join(', ')}.`, {
      hint: 'Choose an empty folder: nothing was written.',
    });
  }
  for (const f of files) {
    const mode = f.name === 'secret.yaml' ? 0o600 : 0o644;
    writeFileSync(path.join(folder, f.name), f.content, { flag: 'wx', mode });
  }
  return files.map((f) => f.name);
}
