import { z } from 'zod';
import { event, request } from './define';
import { Id } from './limits';

/** What can differ between two versions of one path in a layer. */
export const FileAttribute = z.enum(['type', 'size', 'mode', 'owner', 'mtime', 'content', 'link']);
export type FileAttribute = z.infer<typeof FileAttribute>;

/** One tar entry of a layer, as the comparison sees it. */
export const FileFacts = z.object({
  /** tar entry type: file, directory, symlink, link (hard link), … */
  type: z.string(),
  size: z.number(),
  /** Permission bits (with set-id and sticky bits). */
  mode: z.number().int(),
  uid: z.number().int(),
  gid: z.number().int(),
  /** Seconds since the epoch. */
  mtime: z.number(),
  /** sha256 hex of a regular file's content; null for anything else. */
  sha256: z.string().nullable(),
  /** Target of a symlink or hard link. */
  linkname: z.string().nullable(),
});
export type FileFacts = z.infer<typeof FileFacts>;

/** A path that differs between the same layer of the two builds. */
export const FileDifference = z.object({
  path: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  /** For 'changed': which attributes differ (empty for added/removed). */
  differences: z.array(FileAttribute),
  /** The file in the first build (null: only in the second). */
  a: FileFacts.nullable(),
  /** The file in the second build (null: only in the first). */
  b: FileFacts.nullable(),
});
export type FileDifference = z.infer<typeof FileDifference>;

/** The layers at one position of the two images. */
export const LayerComparison = z.object({
  /** 0-based position in the manifest. */
  index: z.number().int(),
  /** null: the image has no layer at this position. */
  digestA: z.string().nullable(),
  digestB: z.string().nullable(),
  same: z.boolean(),
  /** The differing files (at most a few dozen, by path). */
  files: z.array(FileDifference),
  /** Differing files left out of `files`. */
  moreFiles: z.number().int(),
});
export type LayerComparison = z.infer<typeof LayerComparison>;

/** Two `--reproducible` rebuilds of one build, compared. */
export const ReproducibilityReport = z.object({
  checkedAt: z.number(),
  executorImage: z.string(),
  /** Image (manifest) digests of the two rebuilds. */
  digestA: z.string(),
  digestB: z.string(),
  reproducible: z.boolean(),
  /** Image config fields that differ (`created`, `config.Env`, `rootfs`, …). */
  configDifferences: z.array(z.string()),
  layers: z.array(LayerComparison),
});
export type ReproducibilityReport = z.infer<typeof ReproducibilityReport>;

export const reproducibilityRequests = {
  /**
   * "Rebuild and compare" a build that succeeded (from the history): builds it twice with --reproducible
   * as one task (kind 'build.compare'), then diffs the two images. The report comes with
   * 'build.compared' and is kept with the history entry.
   */
  'build.compare': request(z.object({ buildId: Id }), z.object({ taskId: z.string() })),
};

export const reproducibilityEvents = {
  'build.compared': event(z.object({ buildId: z.string(), report: ReproducibilityReport })),
};
