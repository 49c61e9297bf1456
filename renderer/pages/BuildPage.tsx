import { useState } from 'react';
import { ErrorNotice } from '../components/ErrorNotice';
import { LogViewer } from '../components/log-viewer';
import { BuildFormFields } from './build/BuildFormFields';
import { BuildResultPanel } from './build/BuildResultPanel';
import { BuildStages } from './build/BuildStages';
import { CapabilityTable } from './build/CapabilityTable';
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
  return (
    <div className="build-page">
      <form
        className="build-request"
        aria-label="Build request"
        onSubmit={(e) => {
          e.preventDefault();
          void b.start();
        }}
      >
        <BuildFormFields
          form={form}
          fields={fields}
          disabled={busy}
          onChange={setForm}
          onBrowseContext={browseContext}
        />
        {b.planError && !b.planError.fields && <ErrorNotice error={b.planError} />}
        {b.plan && <CapabilityTable plan={b.plan} />}
        <ErrorNotice error={b.startError && !b.startError.fields ? b.startError : null} />
        <div className="row">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Building…' : 'Build'}
          </button>
          <button type="button" className="button danger" disabled={!busy} onClick={() => void b.cancel()}>
            Cancel
          </button>
        </div>
      </form>
      <div className="build-output">
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
