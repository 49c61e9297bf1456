import { z } from 'zod';
import { request } from './define';
import { RegistryHost } from './settings';

/**
 * Where saved secrets live: the OS keychain (Electron safeStorage), a file encrypted with a key file in the
 * config folder (browser mode, opted in), or nowhere but memory (browser mode default; gone on restart).
 */
export const CredentialStorage = z.enum(['keychain', 'encrypted-file', 'memory']);
export type CredentialStorage = z.infer<typeof CredentialStorage>;

/** What the renderer may know about a saved credential: never any part of the secret. */
export const MaskedCredential = z.object({
  registry: z.string(),
  username: z.string(),
  /** e.g. "•••• saved 2026-05-01 14:02" (same length for every secret). */
  hint: z.string(),
  savedAt: z.number(),
  /** Last successful Verify in this session, if any. */
  verifiedAt: z.number().nullable(),
  source: z.enum(['user', 'env']),
});
export type MaskedCredential = z.infer<typeof MaskedCredential>;

export const CredentialList = z.object({
  storage: CredentialStorage,
  /** In words for the UI, e.g. "OS keychain" or "memory only: forgotten when the app stops". */
  storageDescription: z.string(),
  /** Whether the user may switch between memory and encrypted file (browser mode without a keychain). */
  canChangeStorage: z.boolean(),
  entries: z.array(MaskedCredential),
  /** Something the user should know, e.g. a saved entry that could not be decrypted. */
  notice: z.string().nullable(),
});
export type CredentialList = z.infer<typeof CredentialList>;

const username = z
  .string()
  .trim()
  .min(1, 'enter a username')
  .max(255)
  .regex(/^\S+$/, 'no spaces in a username');
/** Shorter secrets cannot be found in every encoding they travel in without also matching ordinary text. */
export const MIN_SECRET_LENGTH = 8;
export const SHORT_SECRET_MESSAGE = `at least ${MIN_SECRET_LENGTH} characters: a shorter secret cannot be kept out of logs`;

const secret = z
  .string()
  .min(1, 'enter a token or password')
  .min(MIN_SECRET_LENGTH, SHORT_SECRET_MESSAGE)
  .max(4096);

export const VerifyOutcome = z.object({
  ok: z.boolean(),
  registry: z.string(),
  /** What happened, for the user (also on failure). */
  message: z.string(),
  hint: z.string().optional(),
  /** AUTH_FAILED, UNAVAILABLE, TIMEOUT… when ok is false. */
  code: z.string().optional(),
  /** true = the push check passed; null = no repository was checked (or the registry has no auth). */
  canPush: z.boolean().nullable(),
  checkedAt: z.number(),
});
export type VerifyOutcome = z.infer<typeof VerifyOutcome>;

export const EnvImportStatus = z.object({
  /** DOCKER_HUB_USERNAME and DOCKER_HUB_KANIKO_PAT are both set. */
  available: z.boolean(),
  /** The username from the environment (not a secret), null when unset. */
  username: z.string().nullable(),
  imported: z.boolean(),
});
export type EnvImportStatus = z.infer<typeof EnvImportStatus>;

export const credentialsRequests = {
  'credentials.list': request(z.object({}), CredentialList),
  /**
   * Saves (or replaces) the credential for one registry; answers with the masked list. Without `secret`
   * the token already saved for that registry is kept (editing only the username).
   */
  'credentials.save': request(
    z.object({ registry: RegistryHost, username, secret: secret.optional() }),
    CredentialList,
  ),
  'credentials.remove': request(z.object({ registry: RegistryHost }), CredentialList),
  /**
   * Checks a username + secret against the registry (login, and push rights when a repository is given).
   * Without username/secret the saved credential is checked. Failures come back as ok:false with a message.
   */
  'credentials.verify': request(
    z.object({
      registry: RegistryHost,
      username: username.optional(),
      secret: secret.optional(),
      repository: z.string().trim().min(1).max(255).optional(),
    }),
    VerifyOutcome,
  ),
  /** DOCKER_HUB_USERNAME / DOCKER_HUB_KANIKO_PAT: reports whether they are set; with apply:true saves them for docker.io. */
  'credentials.envImport': request(z.object({ apply: z.boolean().default(false) }), EnvImportStatus),
  /** Browser mode: keep secrets in memory only, or in a file encrypted with a key file (0600) in the config folder. */
  'credentials.setStorage': request(
    z.object({ storage: z.enum(['memory', 'encrypted-file']) }),
    CredentialList,
  ),
};
