import { useState } from 'react';
import type { BuildRequestInput } from '../../../electron/shared/contract/build-request';
import { useApi } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { copyText, saveText } from '../../components/log-viewer/export-log';
import { useAppInfo } from '../../shell/FirstRun';
import { toFailure, type Failure } from './failure';

interface Props {
  build: BuildRequestInput;
  context: { kind: 'archive' } | { kind: 'git'; url: string };
  namespace: string;
}

/**
 * Generates the manifests, GitLab files and README for the current build, with copy and save per file.
 * The Secret shown here always holds a placeholder: a real credential is only ever written by the app
 * itself, into a folder chosen in the desktop's native dialog.
 */
export function KubernetesExport({ build, context, namespace }: Props) {
  const client = useApi();
  const info = useAppInfo();
  const [files, setFiles] = useState<{ name: string; content: string }[]>([]);
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
    run(async () => setFiles((await client.call('kubernetes.export', { build, context, namespace })).files));
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

  return (
    <section aria-labelledby="k8s-export-title">
      <h2 id="k8s-export-title">Export</h2>
      <p className="muted">
        secret.yaml holds a placeholder; the README gives the kubectl command that creates the real Secret.
      </p>
      <button type="button" onClick={() => void generate()} disabled={busy} aria-busy={busy}>
        Generate files
      </button>
      {info?.canPickFolder && (
        <button type="button" onClick={() => void saveWithCredentials()} disabled={busy}>
          Save all files with the saved credentials…
        </button>
      )}
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {saved && (
        <p className="notice warning" role="status">
          Saved in {saved}. secret.yaml there contains a registry credential: keep it out of version control.
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
