import { useId, useState, type FormEvent } from 'react';
import type { Settings, SettingsPatch } from '../../../electron/shared/contract/settings';
import { useApi } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FieldError } from '../../components/FieldError';
import { toFailure, type Failure } from './failure';

interface Props {
  initial: Settings;
  onSaved(next: Settings): void;
}

type Draft = Record<
  | 'executorImage'
  | 'cacheRegistryImage'
  | 'registry'
  | 'repository'
  | 'tag'
  | 'theme'
  | 'logLineLimit'
  | 'hostPort'
  | 'containerPort'
  | 'engineSocket'
  | 'machineName',
  string
>;

function toDraft(s: Settings): Draft {
  return {
    executorImage: s.executorImage,
    cacheRegistryImage: s.cacheRegistryImage,
    registry: s.defaults.registry,
    repository: s.defaults.repository,
    tag: s.defaults.tag,
    theme: s.theme,
    logLineLimit: String(s.logLineLimit),
    hostPort: String(s.preview.hostPort),
    containerPort: String(s.preview.containerPort),
    engineSocket: s.engineSocket ?? '',
    machineName: s.machineName ?? '',
  };
}

/** Text fields → a settings patch; the main side validates it (and answers with per-field messages). */
function toPatch(d: Draft): SettingsPatch {
  return {
    executorImage: d.executorImage,
    cacheRegistryImage: d.cacheRegistryImage,
    defaults: { registry: d.registry, repository: d.repository, tag: d.tag },
    theme: d.theme as Settings['theme'],
    logLineLimit: Number(d.logLineLimit),
    preview: { hostPort: Number(d.hostPort), containerPort: Number(d.containerPort) },
    engineSocket: d.engineSocket.trim() === '' ? null : d.engineSocket.trim(),
    machineName: d.machineName.trim() === '' ? null : d.machineName.trim(),
  };
}

/** Executor image, build defaults, appearance, log limit, preview ports and engine choice. */
export function SettingsForm({ initial, onSaved }: Props) {
  const client = useApi();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => toDraft(initial));
  const [error, setError] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const fields = error?.fields ?? {};

  const run = async (fn: () => Promise<Settings>) => {
    setBusy(true);
    setSaved(false);
    try {
      const next = await fn();
      setDraft(toDraft(next)); // shows the values as stored (trimmed, or the defaults after a reset)
      setError(null);
      setSaved(true);
      onSaved(next);
    } catch (e) {
      setError(toFailure(e));
    } finally {
      setBusy(false);
    }
  };

  const field = (
    name: keyof Draft,
    label: string,
    errorKey: string,
    opts: { type?: string; help?: string } = {},
  ) => (
    <>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <div>
        <input
          id={`${id}-${name}`}
          type={opts.type ?? 'text'}
          value={draft[name]}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
          spellCheck={false}
          aria-invalid={fields[errorKey] ? true : undefined}
          aria-describedby={`${id}-${name}-error${opts.help ? ` ${id}-${name}-help` : ''}`}
        />
        {opts.help && (
          <p id={`${id}-${name}-help`} className="muted form-help">
            {opts.help}
          </p>
        )}
        <FieldError id={`${id}-${name}-error`} message={fields[errorKey]} />
      </div>
    </>
  );

  return (
    <form
      className="settings-form"
      aria-label="Settings"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void run(() => client.call('settings.update', toPatch(draft)));
      }}
    >
      <fieldset>
        <legend>Builds</legend>
        {field('executorImage', 'Executor image', 'executorImage', {
          help: 'The Kaniko executor image builds run in (pinned release by default).',
        })}
        {field('cacheRegistryImage', 'Cache registry image', 'cacheRegistryImage', {
          help: 'The registry the app runs on 127.0.0.1 as the layer cache of builds with Cache.',
        })}
        {field('registry', 'Default registry', 'defaults.registry')}
        {field('repository', 'Default image name', 'defaults.repository')}
        {field('tag', 'Default tag', 'defaults.tag')}
      </fieldset>

      <fieldset>
        <legend>Preview</legend>
        {field('hostPort', 'Host port', 'preview.hostPort', { type: 'number' })}
        {field('containerPort', 'Container port', 'preview.containerPort', { type: 'number' })}
      </fieldset>

      <fieldset>
        <legend>Appearance and logs</legend>
        <label htmlFor={`${id}-theme`}>Theme</label>
        <div>
          <select
            id={`${id}-theme`}
            value={draft.theme}
            onChange={(e) => setDraft({ ...draft, theme: e.target.value })}
          >
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </div>
        {field('logLineLimit', 'Log line limit', 'logLineLimit', {
          type: 'number',
          help: 'Lines a log view keeps before dropping the oldest (1,000 – 10,000,000).',
        })}
      </fieldset>

      <fieldset>
        <legend>Engine</legend>
        {field('engineSocket', 'Podman socket', 'engineSocket', {
          help: 'Leave empty to find it automatically (environment, machine, usual places).',
        })}
        {field('machineName', 'Podman machine', 'machineName', {
          help: "Leave empty for Podman's default machine.",
        })}
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          Save settings
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void run(() => client.call('settings.reset', {}))}
        >
          Reset to defaults
        </button>
        {saved && (
          <span role="status" className="muted">
            Saved.
          </span>
        )}
      </div>
      <div className="form-result">
        <ErrorNotice error={error} onDismiss={() => setError(null)} />
      </div>
    </form>
  );
}
