import { useState } from 'react';
import { KubernetesExport } from './kubernetes/KubernetesExport';
import { KubernetesRun } from './kubernetes/KubernetesRun';

/** Outgrow one machine: the same Kaniko build as Kubernetes manifests / GitLab CI, or run on a cluster. */
export default function KubernetesPage() {
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

  return (
    <div className="kubernetes-page">
      <section aria-labelledby="k8s-build-title">
        <h2 id="k8s-build-title">Build</h2>
        <label>
          Context folder (empty = the bundled example)
          <input value={contextDir} onChange={(e) => setContextDir(e.target.value)} />
        </label>
        <label>
          Git context URL (optional, instead of uploading the folder)
          <input
            value={gitUrl}
            placeholder="git://github.com/org/repo.git#refs/heads/main"
            onChange={(e) => setGitUrl(e.target.value)}
          />
        </label>
        <label>
          Registry
          <input value={registry} onChange={(e) => setRegistry(e.target.value)} />
        </label>
        <label>
          Repository
          <input
            value={repository}
            placeholder="alice/kaniko-nginx"
            onChange={(e) => setRepository(e.target.value)}
          />
        </label>
        <label>
          Tag
          <input value={tag} onChange={(e) => setTag(e.target.value)} />
        </label>
        <label>
          Namespace
          <input value={namespace} onChange={(e) => setNamespace(e.target.value)} />
        </label>
      </section>
      <KubernetesExport build={build} context={context} namespace={namespace} />
      <KubernetesRun build={build} context={context} namespace={namespace} />
    </div>
  );
}
