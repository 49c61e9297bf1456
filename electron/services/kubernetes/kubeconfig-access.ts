/**
 * Which kubeconfig files the app reads. A kubeconfig can run commands (its `exec` credential plugin) and
 * its errors could echo its content, so the page cannot name any file it likes: only $KUBECONFIG's files,
 * files under ~/.kube, or a file the user chose in a native dialog.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';

export interface KubeconfigAccessOptions {
  env: NodeJS.ProcessEnv;
  home: string;
}

export class KubeconfigAccess {
  private readonly chosen = new Set<string>();

  constructor(private readonly opts: KubeconfigAccessOptions) {}

  /** A file the user picked in the native dialog: allowed from now on (this session). */
  remember(file: string): void {
    this.chosen.add(resolved(file));
  }

  /** null = the default ($KUBECONFIG, then ~/.kube/config); otherwise the allowed absolute path. */
  check(input: string): string | null {
    if (input.trim() === '') return null;
    const file = resolved(input.trim());
    const fromEnv = (this.opts.env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean).map(resolved);
    const kubeDir = resolved(path.join(this.opts.home, '.kube'));
    const rel = path.relative(kubeDir, file);
    const underKube = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    if (underKube || fromEnv.includes(file) || this.chosen.has(file)) return file;
    throw new AppError('VALIDATION', 'That kubeconfig is not one the app may read.', {
      hint: 'Use a file in ~/.kube, one listed in $KUBECONFIG, or choose the file with the Choose… button.',
      fields: { kubeconfigPath: 'only ~/.kube/*, $KUBECONFIG or a file chosen in the dialog' },
    });
  }
}

function resolved(file: string): string {
  const abs = path.resolve(file);
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}
