import type { BuildStageItem } from '../../../electron/shared/contract/build';
import { ProgressBar } from '../../components/ProgressBar';

const ICON: Record<BuildStageItem['state'], string> = { active: '●', done: '✓', failed: '✕' };

/** The progress bar and the stages seen so far (each Dockerfile step is one). */
export function BuildStages({ stages, progress }: { stages: BuildStageItem[]; progress: number | null }) {
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
    </section>
  );
}
