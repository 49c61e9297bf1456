import { useSticky } from '../../api/hooks';
import { useRunPreview } from './use-run-preview';
import { RunErrorNotice } from './RunErrorNotice';

interface Props {
  /** Fully qualified or short image name, e.g. the image a build just produced. */
  image: string;
  /** Defaults to the preview port from Settings (8080). */
  hostPort?: number;
  /** Called once the page answers (it is also opened in the browser). */
  onReady?: (url: string) => void;
}

/**
 * "Run on localhost" for other pages (after a build, on a history entry): one click runs the image on
 * 8080 (or the given port), opens it when it answers, and offers the way out of a busy port.
 */
export function RunPreviewButton({ image, hostPort: explicitPort, onReady }: Props) {
  const settings = useSticky('settings.changed');
  const hostPort = explicitPort ?? settings?.preview.hostPort ?? 8080;
  const { state, run, dismiss } = useRunPreview({
    openWhenReady: true,
    onReady: onReady ? (r) => onReady(r.url) : undefined,
  });
  const last = state.last ?? { image, hostPort };
  return (
    <div className="preview-run-button">
      <button
        type="button"
        className="primary"
        disabled={state.running}
        onClick={() => void run({ image, hostPort })}
        aria-label={state.running ? undefined : `Run on localhost:${hostPort}: ${image}`}
      >
        {state.running ? 'Starting…' : `Run on localhost:${hostPort}`}
      </button>
      {state.result && (
        <a href={state.result.url} target="_blank" rel="noopener noreferrer">
          {state.result.url}
        </a>
      )}
      {state.error && (
        <RunErrorNotice
          error={state.error}
          conflict={state.conflict}
          busy={state.running}
          onDismiss={dismiss}
          onUsePort={(port) => void run({ ...last, hostPort: port, replace: false })}
          onReplace={() => void run({ ...last, replace: true })}
        />
      )}
    </div>
  );
}
