/**
 * Reading the user's kubeconfig: which contexts exist, and a client configuration for one of them.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { AppError } from '../../shared/errors';

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
}

export function loadKubeConfig(source: KubeconfigSource, contextName?: string | null): KubeConfig {
  const kc = new KubeConfig();
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
