import type { BuildStageItem, DockerfileStage } from '../../../electron/shared/contract/build';
import { ProgressBar } from '../../components/ProgressBar';
import { DockerfileStages } from './stages/DockerfileStages';

const ICON: Record<BuildStageItem['state'], string> = { active: '●', done: '✓', failed: '✕' };

interface Props {
  stages: BuildStageItem[];
  dockerfileStages: DockerfileStage[];
  progress: number | null;
  running: boolean;
}

/** The progress bar, the phases so far (a handful), and the Dockerfile stages with their steps. */
export function BuildStages({ stages, dockerfileStages, progress, running }: Props) {
  return (
    <section className="build-stages" aria-label="Build progress">
      <ProgressBar value={progress} label="Build progress" />
      <ol className="build-stage-list">
        {stages.map((s, i) => (
          <li
            key={i}
            className={`build-stage ${s.state}`}
            data-stage={s.key}
            aria-current={s.state === 'active' ? 'step' : undefined}
          >
            <span aria-hidden="true">{ICON[s.state]}</span> {s.label}
            <span className="visually-hidden"> ({s.state})</span>
          </li>
        ))}
      </ol>
      <DockerfileStages stages={dockerfileStages} running={running} />
    </section>
  );
}
