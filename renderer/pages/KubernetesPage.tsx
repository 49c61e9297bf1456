import { useId, useState, type ReactNode } from 'react';
import { KubernetesExport } from './kubernetes/KubernetesExport';
import { KubernetesRun } from './kubernetes/KubernetesRun';
import './kubernetes/kubernetes.css';

/** Outgrow one machine: the same Kaniko build as Kubernetes manifests / GitLab CI, or run on a cluster. */
export default function KubernetesPage() {
  const id = useId();
  const [contextDir, setContextDir] = useState('');
  const [registry, setRegistry] = useState('docker.io');
  const [repository, setRepository] = useState('');
  const [tag, setTag] = useState('latest');
  const [gitUrl, setGitUrl] = useState('');
  const [namespace, setNamespace] = useState('default');

  const build = {
    contextDir: contextDir.trim() || null,
    registry,
    repository,
    tags: [tag || 'latest'],
    mode: 'push' as const,
  };
  const context = gitUrl.trim() ? { kind: 'git' as const, url: gitUrl.trim() } : { kind: 'archive' as const };
  const field = (
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    opts: { placeholder?: string; help?: ReactNode } = {},
  ) => (
    <>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <div>
        <input
          id={`${id}-${name}`}
          type="text"
          value={value}
          placeholder={opts.placeholder}
          spellCheck={false}
          aria-describedby={opts.help ? `${id}-${name}-help` : undefined}
          onChange={(e) => set(e.target.value)}
        />
        {opts.help && (
          <p id={`${id}-${name}-help`} className="muted form-help">
            {opts.help}
          </p>
        )}
      </div>
    </>
  );

  return (
    <div className="kubernetes-page">
      <section aria-labelledby="k8s-build-title">
        <h2 id="k8s-build-title">Build</h2>
        <div className="form-grid">
          {field('context', 'Context folder', contextDir, setContextDir, {
            placeholder: 'Bundled example (default)',
            help: 'Packed into a ConfigMap for the pod. Leave empty for the bundled example.',
          })}
          {field('git', 'Git context URL', gitUrl, setGitUrl, {
            placeholder: 'git://github.com/org/repo.git#refs/heads/main',
            help: 'Optional: kaniko clones this instead of the uploaded folder.',
          })}
          {field('registry', 'Registry', registry, setRegistry)}
          {field('repository', 'Repository', repository, setRepository, {
            placeholder: 'alice/kaniko-nginx',
          })}
          {field('tag', 'Tag', tag, setTag)}
          {field('namespace', 'Namespace', namespace, setNamespace)}
        </div>
      </section>
      <KubernetesExport build={build} context={context} namespace={namespace} />
      <KubernetesRun build={build} context={context} namespace={namespace} />
    </div>
  );
}
