import type { Handlers } from '../../core/dispatcher';
import type { KubernetesService } from '../../services/kubernetes/kubernetes-service';
import { AppError } from '../../shared/errors';
import type { PlatformAdapters } from '../adapters';
import type { Approvals } from '../confirm';
import { approveExecutorImage } from '../credential-targets';

export interface KubernetesGuards {
  approvals: Approvals;
  pickFile: PlatformAdapters['pickFile'];
  defaultExecutorImage: string;
}

export function kubernetesHandlers(
  k8s: KubernetesService,
  guards: KubernetesGuards,
): Pick<
  Handlers,
  'kubernetes.export' | 'kubernetes.contexts' | 'kubernetes.run' | 'kubernetes.pickKubeconfig'
> {
  return {
    'kubernetes.export': async (p) => {
      if (p.secretMode === 'credentials')
        await approveExecutorImage(p.executorImage, guards.defaultExecutorImage, guards.approvals);
      return k8s.exportFiles(p);
    },
    'kubernetes.contexts': async (p) => k8s.contexts(p.kubeconfigPath),
    'kubernetes.pickKubeconfig': async () => {
      if (!guards.pickFile) {
        throw new AppError('UNAVAILABLE', 'Browser mode cannot open a file chooser.', {
          hint: 'Use a kubeconfig in ~/.kube or one listed in $KUBECONFIG on the machine running Kaniko Desktop.',
        });
      }
      const file = await guards.pickFile({ title: 'Choose a kubeconfig' });
      if (file) k8s.kubeconfigs.remember(file);
      return { path: file };
    },
    'kubernetes.run': async (p) => {
      // A kubeconfig's exec plugin runs a command as the user: they see it and decide, once per command.
      const command = k8s.execPlugin(p);
      if (command) {
        await guards.approvals.require(
          {
            title: 'Run the kubeconfig’s credential plugin?',
            message: `The context ${p.kubeContext} gets its cluster credentials by running this command on your machine.`,
            detail: command,
            confirmLabel: 'Run it',
          },
          `exec:${command}`,
        );
      }
      await approveExecutorImage(p.executorImage, guards.defaultExecutorImage, guards.approvals);
      return k8s.run(p);
    },
  };
}
