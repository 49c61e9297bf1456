import { useEffect, useRef, useState } from 'react';
import { ErrorNotice } from '../components/ErrorNotice';
import { LogViewer } from '../components/log-viewer';
import { useShortcutAction } from '../shell/shortcut-actions';
import { BuildActionBar } from './build/BuildActionBar';
import { BuildFormFields } from './build/BuildFormFields';
import { BuildResultPanel } from './build/BuildResultPanel';
import { BuildStages } from './build/BuildStages';
import { CapabilityTable } from './build/CapabilityTable';
import { ExecutorImageCheck } from './build/ExecutorImageCheck';
import { initialForm, type BuildForm } from './build/form-state';
import { useBuild } from './build/use-build';
import { useFolderPicker } from './build/use-folder-picker';
import './build/build.css';

/** Build a Dockerfile: the request, what will run and why, then live stages, log and result. */
export default function BuildPage() {
  const [form, setForm] = useState<BuildForm>(initialForm);
  const b = useBuild(form);
  const fields = b.startError?.fields ?? b.planError?.fields;
  const busy = b.running !== null;
  const pickFolder = useFolderPicker();
  const browseContext = pickFolder
    ? () =>
        void pickFolder(form.contextDir).then(
          (dir) => dir && setForm((f) => ({ ...f, contextDir: dir })),
          () => undefined,
        )
    : undefined;
  const outputRef = useRef<HTMLDivElement>(null);
  const startErrorRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const showOutcome = () => {
    const target = b.startError && !b.startError.fields ? startErrorRef.current : outputRef.current;
    target?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };
  // The outcome comes into view by itself: the output column when a build starts, the error when one
  // stops it (a failed build's explanation, or a start refused before any container).
  useEffect(() => {
    if (b.running) outputRef.current?.scrollIntoView({ block: 'nearest' });
  }, [b.running]);
  useEffect(() => {
    if (b.result?.result === 'failed') outputRef.current?.scrollIntoView({ block: 'nearest' });
  }, [b.result]);
  useEffect(() => {
    if (b.startError && !b.startError.fields) startErrorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [b.startError]);
  useShortcutAction('build', () => {
    if (!busy) formRef.current?.requestSubmit();
  });
  return (
    <div className="build-page">
      <form
        ref={formRef}
        className="build-request"
        aria-label="Build request"
        onSubmit={(e) => {
          e.preventDefault();
          void b.start();
        }}
      >
        <ExecutorImageCheck recheck={b.result} />
        <BuildFormFields
          form={form}
          fields={fields}
          disabled={busy}
          onChange={setForm}
          onBrowseContext={browseContext}
          imageName={b.plan?.destinations[0]}
        />
        {b.planError && !b.planError.fields && <ErrorNotice error={b.planError} />}
        {b.plan && <CapabilityTable plan={b.plan} />}
        <div ref={startErrorRef}>
          <ErrorNotice error={b.startError && !b.startError.fields ? b.startError : null} />
        </div>
        <BuildActionBar
          taskId={b.running?.taskId ?? null}
          result={b.result}
          startError={b.startError}
          onShowOutcome={showOutcome}
          onCancel={() => void b.cancel()}
        />
      </form>
      <div className="build-output" ref={outputRef}>
        {(busy || b.stages.length > 0) && (
          <BuildStages
            stages={b.stages}
            dockerfileStages={b.dockerfileStages}
            progress={b.progress}
            running={busy}
          />
        )}
        {b.result && <BuildResultPanel result={b.result} />}
        <LogViewer
          buffer={b.log}
          label="Build log"
          fileName="build.log"
          emptyText="The build log appears here."
        />
      </div>
    </div>
  );
}
