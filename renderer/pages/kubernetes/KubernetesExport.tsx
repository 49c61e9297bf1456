import { useState } from 'react';
import type { BuildRequestInput } from '../../../electron/shared/contract/build-request';
import { useApi } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { copyText, saveText } from '../../components/log-viewer/export-log';
import { toFailure, type Failure } from './failure';

interface Props {
  build: BuildRequestInput;
  context: { kind: 'archive' } | { kind: 'git'; url: string };
  namespace: string;
}

/** Generates the manifests, GitLab files and README for the current build, with copy and save per file. */
export function KubernetesExport({ build, context, namespace }: Props) {
  const client = useApi();
  const [secretMode, setSecretMode] = useState<'placeholder' | 'credentials'>('placeholder');
  const [files, setFiles] = useState<{ name: string; content: string }[]>([]);
  const [containsSecret, setContainsSecret] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  const generate = async () => {
    setBusy(true);
    try {
      const out = await client.call('kubernetes.export', { build, context, namespace, secretMode });
      setFiles(out.files);
      setContainsSecret(out.containsSecret);
      setError(null);
    } catch (err) {
      setError(toFailure(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="k8s-export-title">
      <h2 id="k8s-export-title">Export</h2>
      <fieldset>
        <legend>Registry Secret</legend>
        <label>
          <input
            type="radio"
            name="secret-mode"
            checked={secretMode === 'placeholder'}
            onChange={() => setSecretMode('placeholder')}
          />
          Placeholder (create the real Secret with kubectl)
        </label>
        <label>
          <input
            type="radio"
            name="secret-mode"
            checked={secretMode === 'credentials'}
            onChange={() => setSecretMode('credentials')}
          />
          Saved credentials (the file will contain them)
        </label>
      </fieldset>
      <button type="button" onClick={() => void generate()} disabled={busy} aria-busy={busy}>
        Generate files
      </button>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {containsSecret && (
        <p className="notice warning" role="status">
          secret.yaml contains a registry credential: keep it out of version control.
        </p>
      )}
      {files.map((f) => (
        <article key={f.name} aria-label={f.name}>
          <header>
            <h3>{f.name}</h3>
            <button type="button" aria-label={`Copy ${f.name}`} onClick={() => void copyText(f.content)}>
              Copy
            </button>
            <button type="button" aria-label={`Save ${f.name}`} onClick={() => saveText(f.content, f.name)}>
              Save
            </button>
          </header>
          <pre tabIndex={0} aria-label={`Contents of ${f.name}`}>
            {f.content}
          </pre>
        </article>
      ))}
    </section>
  );
}
