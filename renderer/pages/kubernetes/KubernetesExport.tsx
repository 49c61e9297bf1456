import { useState } from 'react';
import type { BuildRequestInput } from '../../../electron/shared/contract/build-request';
import { useApi } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { LinkedText } from '../../components/LinkedText';
import { copyText, saveText } from '../../components/log-viewer/export-log';
import { saveBlob } from '../../components/save-file';
import { toFailure, type Failure } from './failure';
import { tarArchive } from './tar-archive';

interface Props {
  build: BuildRequestInput;
  context: { kind: 'archive' } | { kind: 'git'; url: string };
  namespace: string;
}

const ARCHIVE_FOLDER = 'kaniko-kubernetes';

/** Generates the manifests, GitLab files and README for the current build, with copy and save per file. */
export function KubernetesExport({ build, context, namespace }: Props) {
  const client = useApi();
  const [secretMode, setSecretMode] = useState<'placeholder' | 'credentials'>('placeholder');
  const [files, setFiles] = useState<{ name: string; content: string }[]>([]);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [containsSecret, setContainsSecret] = useState(false);
  const [error, setError] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  const generate = async () => {
    setBusy(true);
    try {
      const out = await client.call('kubernetes.export', { build, context, namespace, secretMode });
      setFiles(out.files);
      setWarnings(out.warnings);
      setContainsSecret(out.containsSecret);
      setError(null);
    } catch (err) {
      setError(toFailure(err));
    } finally {
      setBusy(false);
    }
  };

  const saveAll = () => {
    const archive = tarArchive(
      files.map((f) => ({ name: `${ARCHIVE_FOLDER}/${f.name}`, content: f.content })),
    );
    saveBlob(new Blob([archive as BlobPart], { type: 'application/x-tar' }), `${ARCHIVE_FOLDER}.tar`);
  };

  return (
    <section aria-labelledby="k8s-export-title">
      <h2 id="k8s-export-title">Export</h2>
      <fieldset>
        <legend>Registry Secret</legend>
        <label className="toggle">
          <input
            type="radio"
            name="secret-mode"
            checked={secretMode === 'placeholder'}
            onChange={() => setSecretMode('placeholder')}
          />
          Placeholder (create the real Secret with kubectl)
        </label>
        <label className="toggle">
          <input
            type="radio"
            name="secret-mode"
            checked={secretMode === 'credentials'}
            onChange={() => setSecretMode('credentials')}
          />
          Saved credentials (the file will contain them)
        </label>
      </fieldset>
      <div className="form-actions">
        <button
          type="button"
          className="button primary"
          onClick={() => void generate()}
          disabled={busy}
          aria-busy={busy}
        >
          Generate files
        </button>
        {files.length > 0 && (
          <button type="button" className="button" onClick={saveAll}>
            Save all (.tar)
          </button>
        )}
      </div>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {warnings.map((w) => (
        <p key={w} className="notice warning" role="note">
          <span>
            <LinkedText text={w} />
          </span>
        </p>
      ))}
      {containsSecret && (
        <p className="notice warning" role="status">
          secret.yaml contains a registry credential: keep it out of version control.
        </p>
      )}
      <div className="k8s-files">
        {files.map((f) => (
          <article key={f.name} aria-label={f.name} className="k8s-file">
            <header>
              <h3>{f.name}</h3>
              <button
                type="button"
                className="small"
                aria-label={`Copy ${f.name}`}
                onClick={() => void copyText(f.content)}
              >
                Copy
              </button>
              <button
                type="button"
                className="small"
                aria-label={`Save ${f.name}`}
                onClick={() => saveText(f.content, f.name)}
              >
                Save
              </button>
            </header>
            <pre tabIndex={0} aria-label={`Contents of ${f.name}`}>
              {f.content}
            </pre>
          </article>
        ))}
      </div>
    </section>
  );
}
