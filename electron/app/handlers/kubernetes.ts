import type { Handlers } from '../../core/dispatcher';
import type { KubernetesService } from '../../services/kubernetes/kubernetes-service';

export function kubernetesHandlers(
  k8s: KubernetesService,
): Pick<Handlers, 'kubernetes.export' | 'kubernetes.contexts' | 'kubernetes.run'> {
  return {
    'kubernetes.export': (p) => k8s.exportFiles(p),
    'kubernetes.contexts': async (p) => k8s.contexts(p.kubeconfigPath),
    'kubernetes.run': async (p) => k8s.run(p),
  };
}
