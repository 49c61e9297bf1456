/**
 * Reading the user's kubeconfig: which contexts exist, and a client configuration for one of them.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { AppError } from '../../shared/errors';

/** What to tell a user who has no kubeconfig yet. */
export const NO_KUBECONFIG_HINT =
  "Put your cluster's kubeconfig in ~/.kube/config (e.g. 'kubectl config view --raw > ~/.kube/config' " +
  'where kubectl already works, or your provider\'s "get-credentials" command), set KUBECONFIG before ' +
  "starting the app, or enter the file's path here.";

export interface KubeContextInfo {
  name: string;
  cluster: string;
  server: string | null;
  user: string;
  namespace: string | null;
}

export interface KubeconfigSource {
  /** Explicit file; otherwise $KUBECONFIG, then ~/.kube/config (client-node's default rules). */
  kubeconfigPath?: string | null;
  /** For tests: the environment and home folder the default rules look at. */
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/**
 * Whether a default kubeconfig exists. Without one, client-node's loadFromDefault() invents a
 * "loaded-context" on http://localhost:8080 (a cluster nobody has): that must read as "none found".
 */
export function hasDefaultKubeconfig(source: KubeconfigSource): boolean {
  const env = source.env ?? process.env;
  const fromEnv = (env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  if (fromEnv.length > 0) return fromEnv.some((f) => existsSync(f));
  if (env.KUBERNETES_SERVICE_HOST) return true; // in-cluster: client-node uses the service account
  return existsSync(path.join(source.home ?? os.homedir(), '.kube', 'config'));
}

export function loadKubeConfig(source: KubeconfigSource, contextName?: string | null): KubeConfig {
  const kc = new KubeConfig();
  if (!source.kubeconfigPath && !hasDefaultKubeconfig(source)) {
    throw new AppError('NOT_FOUND', 'No kubeconfig found.', {
      hint: NO_KUBECONFIG_HINT,
      fields: { kubeconfigPath: 'No kubeconfig found.' },
    });
  }
  try {
    if (source.kubeconfigPath) kc.loadFromFile(source.kubeconfigPath);
    else kc.loadFromDefault();
  } catch (err) {
    // Never the parser's message: it can quote lines of the file (tokens, keys).
    const missing = (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
    throw new AppError(
      'NOT_FOUND',
      missing ? 'The kubeconfig file does not exist.' : 'The kubeconfig could not be read as a kubeconfig.',
      { hint: 'Choose a kubeconfig file, or set KUBECONFIG before starting the app.' },
    );
  }
  if (kc.getContexts().length === 0) {
    throw new AppError('NOT_FOUND', 'The kubeconfig has no contexts.', {
      hint: 'Add a cluster with kubectl config set-context, or choose another kubeconfig file.',
    });
  }
  if (contextName) {
    if (!kc.getContextObject(contextName)) {
      throw new AppError('NOT_FOUND', `The kubeconfig has no context "${contextName}".`, {
        hint: 'Pick one of the listed contexts.',
        fields: { kubeContext: 'unknown context' },
      });
    }
    kc.setCurrentContext(contextName);
  }
  return kc;
}

export function listContexts(source: KubeconfigSource): {
  current: string | null;
  contexts: KubeContextInfo[];
} {
  const kc = loadKubeConfig(source);
  const contexts = kc.getContexts().map((c) => ({
    name: c.name,
    cluster: c.cluster,
    server: kc.getCluster(c.cluster)?.server ?? null,
    user: c.user,
    namespace: c.namespace ?? null,
  }));
  return { current: kc.getCurrentContext() || null, contexts };
}

/** The exec credential plugin the context's user would run, as a command line; null when there is none. */
export function execPluginCommand(kc: KubeConfig): string | null {
  const exec = kc.getCurrentUser()?.exec as { command?: string; args?: string[] } | undefined;
  if (!exec?.command) return null;
  return [exec.command, ...(exec.args ?? [])].join(' ');
}
