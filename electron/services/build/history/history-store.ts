import { randomUUID } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { HistoryEntry } from '../../../shared/contract/build';
import { AppError } from '../../../shared/errors';
import { BuildLogFile } from './build-log-file';

/** Something that scrubs secrets from text before it reaches the disk (the app's Redactor). */
export interface TextRedactor {
  redact(text: string): string;
  redactDeep<T>(value: T): T;
}

const IndexFile = z.object({ version: z.literal(1), entries: z.array(HistoryEntry) });
const MAX_ENTRIES = 500;

/**
 * Build history: one index JSON (newest first) plus one log file per build in `<dir>/`. Everything
 * passes through the redactor before it is written. The index is rewritten atomically (tmp + rename),
 * so a crash leaves either the old or the new index, never half of one.
 */
export class HistoryStore {
  private entries: HistoryEntry[];
  private readonly indexPath: string;

  constructor(
    private readonly dir: string,
    private readonly redactor: TextRedactor,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.indexPath = path.join(dir, 'index.json');
    this.entries = this.load();
  }

  list(): HistoryEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  find(buildId: string): HistoryEntry | undefined {
    return this.entries.find((e) => e.buildId === buildId);
  }

  get(buildId: string): HistoryEntry {
    const entry = this.find(buildId);
    if (!entry)
      throw new AppError('NOT_FOUND', 'That build is not in the history (it may have been deleted).');
    return { ...entry };
  }

  /** Adds or replaces an entry (by buildId) and saves the index. */
  put(entry: HistoryEntry): void {
    const clean = this.redactor.redactDeep(entry);
    const i = this.entries.findIndex((e) => e.buildId === entry.buildId);
    if (i >= 0) this.entries[i] = clean;
    else this.entries.unshift(clean);
    for (const old of this.entries.splice(MAX_ENTRIES)) this.removeLog(old.buildId);
    this.save();
  }

  update(buildId: string, patch: Partial<HistoryEntry>): void {
    const entry = this.find(buildId);
    if (entry) this.put({ ...entry, ...patch });
  }

  delete(buildId: string): boolean {
    const i = this.entries.findIndex((e) => e.buildId === buildId);
    if (i < 0) return false;
    if (this.entries[i]?.result === 'running') {
      throw new AppError('CONFLICT', 'That build is still running.', { hint: 'Cancel it first.' });
    }
    this.entries.splice(i, 1);
    this.removeLog(buildId);
    this.save();
    return true;
  }

  /** Opens the append-only log file of a build; lines are redacted as they are written. */
  openLog(buildId: string): BuildLogFile {
    return new BuildLogFile(this.logPath(buildId), this.redactor);
  }

  async readLog(buildId: string): Promise<string[]> {
    const file = this.logPath(buildId);
    if (!existsSync(file)) return [];
    const lines: string[] = [];
    const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    for await (const line of rl) lines.push(line);
    return lines;
  }

  /** Entries still 'running' belong to a previous process that ended without finishing them. */
  markUnfinishedInterrupted(isLive: (buildId: string) => boolean): string[] {
    const ids = this.entries
      .filter((e) => e.result === 'running' && !isLive(e.buildId))
      .map((e) => e.buildId);
    for (const id of ids) {
      const e = this.find(id);
      if (e) {
        this.put({
          ...e,
          result: 'interrupted',
          endedAt: e.endedAt ?? Date.now(),
          error: e.error ?? { code: 'CANCELLED', message: 'The app stopped during this build.' },
        });
      }
    }
    return ids;
  }

  logPath(buildId: string): string {
    // Ids are ours (UUIDs) but come back from the renderer: keep them to a safe file name.
    if (!/^[A-Za-z0-9-]{1,64}$/.test(buildId)) throw new AppError('BAD_REQUEST', 'Invalid build id.');
    return path.join(this.dir, `${buildId}.log`);
  }

  private removeLog(buildId: string): void {
    try {
      rmSync(this.logPath(buildId), { force: true });
    } catch {
      // an invalid id has no file
    }
  }

  private load(): HistoryEntry[] {
    if (!existsSync(this.indexPath)) return [];
    try {
      const parsed = IndexFile.safeParse(JSON.parse(readFileSync(this.indexPath, 'utf8')));
      if (parsed.success) return parsed.data.entries;
    } catch {
      // fall through: keep the unreadable file aside and start afresh
    }
    renameSync(this.indexPath, `${this.indexPath}.corrupt-${Date.now()}`);
    return [];
  }

  private save(): void {
    const tmp = `${this.indexPath}.${randomUUID()}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, entries: this.entries }), { mode: 0o600 });
    renameSync(tmp, this.indexPath);
  }
}
