import type { Handlers } from '../../core/dispatcher';
import type { KubernetesService } from '../../services/kubernetes/kubernetes-service';
import { writeBundle } from '../../services/kubernetes/write-bundle';
import { AppError } from '../../shared/errors';
import type { PlatformAdapters } from '../adapters';
import type { Approvals } from '../confirm';
import { approveExecutorImage } from '../credential-targets';

export interface KubernetesGuards {
  approvals: Approvals;
  pickFile: PlatformAdapters['pickFile'];
  pickFolder: PlatformAdapters['pickFolder'];
  defaultExecutorImage: string;
}

export function kubernetesHandlers(
  k8s: KubernetesService,
  guards: KubernetesGuards,
): Pick<
  Handlers,
  | 'kubernetes.export'
  | 'kubernetes.saveBundle'
  | 'kubernetes.contexts'
  | 'kubernetes.run'
  | 'kubernetes.pickKubeconfig'
> {
  return {
    'kubernetes.export': (p) => k8s.exportFiles(p),
    'kubernetes.saveBundle': async (p) => {
      if (!guards.pickFolder) {
        throw new AppError('UNAVAILABLE', 'Browser mode does not write files with saved credentials.', {
          hint: 'Use Generate files: the Secret holds a placeholder, and the README gives the kubectl command that creates the real one.',
        });
      }
      if (p.secretMode === 'credentials')
        await approveExecutorImage(p.executorImage, guards.defaultExecutorImage, guards.approvals);
      const bundle = await k8s.bundle(p);
      const folder = await guards.pickFolder({ title: 'Save the Kubernetes files in…' });
      if (!folder) return { folder: null, files: [], containsSecret: false, warnings: bundle.warnings };
      return {
        folder,
        files: writeBundle(folder, bundle.files),
        containsSecret: bundle.containsSecret,
        warnings: bundle.warnings,
      };
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
