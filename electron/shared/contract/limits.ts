import { z } from 'zod';

/**
 * Upper bounds for what a page may send: generous for real use, small enough that no request carries
 * megabytes of "valid" input. Every string and array in a request schema has one (a unit test walks them).
 */
export const LIMITS = {
  /** A file or folder path (Linux PATH_MAX). */
  path: 4096,
  /** A URL typed by the user. */
  url: 2048,
  /** Names: repository paths, registry hosts, contexts, usernames. */
  name: 255,
  /** Ids the app handed out (tasks, builds, containers). */
  id: 128,
  /** A build argument's value. */
  buildArgValue: 8192,
  /** Entries in a list (tags, build args). */
  listItems: 64,
} as const;

/** An id the app handed out (task, build, container). */
export const Id = z.string().min(1).max(LIMITS.id);
/** A host path as the user typed or chose it. */
export const HostPath = z.string().max(LIMITS.path);
