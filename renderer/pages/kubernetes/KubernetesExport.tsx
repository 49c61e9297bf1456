import { useState } from 'react';
import type { BuildRequestInput } from '../../../electron/shared/contract/build-request';
import { useApi } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { LinkedText } from '../../components/LinkedText';
import { copyText, saveText } from '../../components/log-viewer/export-log';
import { saveBlob } from '../../components/save-file';
import { useAppInfo } from '../../shell/FirstRun';
import { toFailure, type Failure } from './failure';
import { tarArchive } from './tar-archive';

interface Props {
  build: BuildRequestInput;
  context: { kind: 'archive' } | { kind: 'git'; url: string };
  namespace: string;
}

const ARCHIVE_FOLDER = 'kaniko-kubernetes';

/**
 * Generates the manifests, GitLab files and README for the current build, with copy and save per file.
 * The Secret shown here always holds a placeholder: a real credential is only ever written by the app
 * itself, into a folder chosen in the desktop's native dialog.
 */
export function KubernetesExport({ build, context, namespace }: Props) {
  const client = useApi();
  const info = useAppInfo();
  const [files, setFiles] = useState<{ name: string; content: string }[]>([]);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      setError(null);
    } catch (err) {
      setError(toFailure(err));
    } finally {
      setBusy(false);
    }
  };
  const generate = () =>
    run(async () => {
      const out = await client.call('kubernetes.export', { build, context, namespace });
      setFiles(out.files);
      setWarnings(out.warnings);
    });
  const saveWithCredentials = () =>
    run(async () => {
      const out = await client.call('kubernetes.saveBundle', {
        build,
        context,
        namespace,
        secretMode: 'credentials',
      });
      setSaved(out.folder);
    });
  const saveAll = () => {
    const archive = tarArchive(
      files.map((f) => ({ name: `${ARCHIVE_FOLDER}/${f.name}`, content: f.content })),
    );
    saveBlob(new Blob([archive as BlobPart], { type: 'application/x-tar' }), `${ARCHIVE_FOLDER}.tar`);
  };

  return (
    <section aria-labelledby="k8s-export-title">
      <h2 id="k8s-export-title">Export</h2>
      <p className="muted">
        secret.yaml holds a placeholder; the README gives the kubectl command that creates the real Secret.
      </p>
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
        {info?.canPickFolder && (
          <button type="button" className="button" onClick={() => void saveWithCredentials()} disabled={busy}>
            Save all files with the saved credentials…
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
      {saved && (
        <p className="notice warning" role="status">
          Saved in {saved}. secret.yaml there contains a registry credential: keep it out of version control.
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
