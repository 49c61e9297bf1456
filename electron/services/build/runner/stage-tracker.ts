import type { BuildStageItem } from '../../../shared/contract/build';

/**
 * The stage list the Build page draws: each new stage closes the previous one. Instructions are one
 * item each, so the user sees the Dockerfile advance step by step.
 */
export class StageTracker {
  private readonly items: BuildStageItem[] = [];
  private fraction = 0;

  enter(key: BuildStageItem['key'], label: string): void {
    const last = this.items[this.items.length - 1];
    if (last && last.state === 'active') {
      if (last.key === key && key !== 'instruction') {
        last.label = label;
        return;
      }
      last.state = 'done';
    }
    this.items.push({ key, label, state: 'active' });
  }

  progress(fraction: number): void {
    this.fraction = Math.max(this.fraction, Math.min(1, Math.max(0, fraction)));
  }

  finish(ok: boolean): void {
    const last = this.items[this.items.length - 1];
    if (last && last.state === 'active') last.state = ok ? 'done' : 'failed';
    if (ok) this.fraction = 1;
  }

  snapshot(): { stages: BuildStageItem[]; progress: number } {
    return { stages: this.items.map((i) => ({ ...i })), progress: this.fraction };
  }
}
