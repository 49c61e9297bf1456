import type { BuildStageItem } from '../../../shared/contract/build';

/**
 * The phases the Build page lists (prepare, pull, unpack, instruction, snapshot, push, load, done): each
 * new phase closes the previous one, and a phase that continues (step after step) only updates its
 * label, so the list stays a handful of items however long the Dockerfile. The steps themselves live
 * in the Dockerfile stage model (kaniko-stages).
 */
export class StageTracker {
  private readonly items: BuildStageItem[] = [];
  private fraction = 0;

  enter(key: BuildStageItem['key'], label: string): void {
    const last = this.items[this.items.length - 1];
    if (last && last.state === 'active') {
      // A snapshot after each step belongs to that step's phase.
      if (last.key === key || (key === 'snapshot' && last.key === 'instruction')) {
        if (key === 'snapshot') return;
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
