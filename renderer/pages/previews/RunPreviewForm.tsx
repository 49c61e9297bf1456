import { useId, useState, type FormEvent } from 'react';
import type { PreviewRunResult } from '../../../electron/shared/contract/preview';
import { useApi, useSticky } from '../../api/hooks';
import { FieldError } from '../../components/FieldError';
import { ProgressBar } from '../../components/ProgressBar';
import { useTasks } from '../../shell/tasks-context';
import { RunErrorNotice } from './RunErrorNotice';
import { useRunPreview } from './use-run-preview';

interface Props {
  /** Prefills the image field (e.g. the image just built). */
  initialImage?: string;
  onReady?: (result: PreviewRunResult) => void;
}

function portOrUndefined(text: string): number | undefined {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) ? n : undefined;
}

/** Image, host port and container port, with the busy-port way out and the run's progress. */
export function RunPreviewForm({ initialImage = '', onReady }: Props) {
  const client = useApi();
  const id = useId();
  const [image, setImage] = useState(initialImage);
  const settings = useSticky('settings.changed');
  // Until the user types a port, the form follows the default from Settings.
  const [typedHostPort, setHostPort] = useState<string | null>(null);
  const hostPort = typedHostPort ?? String(settings?.preview.hostPort ?? 8080);
  const [containerPort, setContainerPort] = useState('');
  const [openWhenReady, setOpenWhenReady] = useState(true);
  const { state, run, dismiss } = useRunPreview({ openWhenReady, onReady });
  const task = useTasks().find((t) => t.kind === 'preview.run' && t.state === 'running');

  const start = (overrides: { hostPort?: number; replace?: boolean } = {}) => {
    const host = overrides.hostPort ?? portOrUndefined(hostPort) ?? 8080;
    if (overrides.hostPort !== undefined) setHostPort(String(overrides.hostPort));
    void run({
      image: image.trim(),
      hostPort: host,
      containerPort: portOrUndefined(containerPort),
      replace: overrides.replace ?? false,
    });
  };

  const fields = state.error?.fields ?? {};
  const hostPortError = fields.hostPort;
  return (
    <section className="preview-run" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Run an image</h2>
      <form
        className="preview-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          start();
        }}
        aria-label="Run an image as a preview"
      >
        <label htmlFor={`${id}-image`}>Image</label>
        <div>
          <input
            id={`${id}-image`}
            type="text"
            value={image}
            required
            placeholder="localhost/kaniko-nginx:latest"
            spellCheck={false}
            aria-describedby={`${id}-image-error`}
            aria-invalid={fields.image ? true : undefined}
            onChange={(e) => setImage(e.target.value)}
          />
          <FieldError id={`${id}-image-error`} message={fields.image} />
        </div>
        <label htmlFor={`${id}-host`}>Host port</label>
        <div>
          <input
            id={`${id}-host`}
            type="number"
            min={1}
            max={65535}
            value={hostPort}
            aria-describedby={`${id}-host-error`}
            aria-invalid={hostPortError ? true : undefined}
            onChange={(e) => setHostPort(e.target.value)}
          />
          <FieldError id={`${id}-host-error`} message={hostPortError} />
        </div>
        <label htmlFor={`${id}-container`}>Container port</label>
        <div>
          <input
            id={`${id}-container`}
            type="number"
            min={1}
            max={65535}
            value={containerPort}
            placeholder="from the image (8080)"
            aria-describedby={`${id}-container-help`}
            onChange={(e) => setContainerPort(e.target.value)}
          />
          <p id={`${id}-container-help`} className="muted preview-help">
            Empty: the port the image EXPOSEs, else 8080.
          </p>
        </div>
        <span />
        <div className="row">
          <label className="toggle">
            <input
              type="checkbox"
              checked={openWhenReady}
              onChange={(e) => setOpenWhenReady(e.target.checked)}
            />
            Open in browser when ready
          </label>
          <span className="spacer" />
          <button type="submit" className="primary" disabled={state.running || image.trim() === ''}>
            {state.running ? 'Running…' : 'Run'}
          </button>
        </div>
      </form>

      {state.running && task && (
        <div className="row preview-progress">
          <ProgressBar value={task.progress} label={task.step ?? 'Starting the preview'} />
          <span className="muted">{task.step}</span>
          <button
            type="button"
            className="small"
            onClick={() => void client.call('tasks.cancel', { taskId: task.id })}
          >
            Cancel
          </button>
        </div>
      )}
      {state.error && (
        <RunErrorNotice
          error={state.error}
          conflict={state.conflict}
          busy={state.running}
          onDismiss={dismiss}
          onUsePort={(port) => start({ hostPort: port })}
          onReplace={() => start({ replace: true })}
        />
      )}
      {state.result && (
        <p className="notice info" role="status">
          <span>
            Serving {state.result.image} on{' '}
            <a href={state.result.url} target="_blank" rel="noopener noreferrer">
              {state.result.url}
            </a>
          </span>
        </p>
      )}
    </section>
  );
}
