/**
 * How the build context reaches the Kaniko pod.
 *
 * - git: Kaniko clones it itself (`--context git://host/org/repo.git#refs/heads/main`). No size limit;
 *   private repositories need GIT_USERNAME/GIT_PASSWORD in the pod (not generated).
 * - archive: a gzipped tarball carried in a ConfigMap's binaryData, unpacked by an init container into
 *   an emptyDir that Kaniko uses as `dir:///workspace`. Chosen over `tar://stdin` because it needs no
 *   attach session (the Job keeps working if the app disconnects) and it exports as a plain manifest.
 *   Limit: the compressed context must stay below MAX_ARCHIVE_BYTES (ConfigMaps are capped at 1 MiB).
 */
import { AppError } from '../../shared/errors';
import { MAX_ARCHIVE_BYTES } from './defaults';

export type ContextSource = { kind: 'git'; url: string } | { kind: 'archive'; archive: Buffer };

const GIT_CONTEXT = /^git:\/\/[^\s#]+(#[^\s]+)?$/;

/** Accepts git://host/path, or an https:// repository URL (rewritten to the git:// form Kaniko expects). */
export function normaliseGitContext(url: string): string {
  const trimmed = url.trim();
  const rewritten = trimmed.replace(/^https:\/\//, 'git://');
  if (!GIT_CONTEXT.test(rewritten)) {
    throw new AppError('VALIDATION', `"${trimmed}" is not a git context URL.`, {
      hint: 'Use git://github.com/org/repo.git, optionally with #refs/heads/<branch> or #<ref>#<commit>.',
      fields: { 'context.url': 'expected git://host/org/repo.git[#ref]' },
    });
  }
  return rewritten;
}

export function checkArchiveSize(archive: Buffer): void {
  if (archive.length > MAX_ARCHIVE_BYTES) {
    const kib = (n: number) => `${Math.ceil(n / 1024)} KiB`;
    throw new AppError(
      'VALIDATION',
      `The packed build context is ${kib(archive.length)}; a ConfigMap can carry at most ${kib(MAX_ARCHIVE_BYTES)}.`,
      {
        hint: 'Add a .dockerignore to leave out large files, or build from a git URL instead.',
        fields: { context: 'too large for a ConfigMap' },
      },
    );
  }
}
