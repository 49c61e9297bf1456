import type { Encryptor } from '../../app/adapters';
import type { Redactor } from '../../core/redactor';
import {
  MIN_SECRET_LENGTH,
  SHORT_SECRET_MESSAGE,
  type CredentialList,
  type EnvImportStatus,
  type VerifyOutcome,
} from '../../shared/contract/credentials';
import { AppError } from '../../shared/errors';
import { CredentialFile, type Credential } from './credential-file';
import { dockerConfigJsonFor } from './docker-config';
import { FileKeyEncryptor } from './file-key-encryptor';
import { DOCKER_HUB, normalizeRegistry } from './registry-host';
import { verifyCredentials, type VerifyResult } from './verify';
import { maskedHint } from './masked-hint';

export const ENV_USERNAME = 'DOCKER_HUB_USERNAME';
export const ENV_TOKEN = 'DOCKER_HUB_KANIKO_PAT';

export interface CredentialsServiceOptions {
  /** Folder of credentials.json (and the key file in encrypted-file mode). */
  dir: string;
  /** The OS keychain (Electron safeStorage); null where there is none (browser mode). */
  encryptor: Encryptor | null;
  /** Without an encryptor: keep credentials in the key-file mode from the start (desktop), with this warning. */
  noKeychain?: { fallback: 'encrypted-file'; warning: string | null } | undefined;
  redactor: Redactor;
  env: NodeJS.ProcessEnv;
  now?: () => number;
  /** For verify: a stand-in fetch in tests. */
  fetchImpl?: typeof fetch;
  /** For verify: where a registry's API answers, when not derived from the host (tests). */
  apiBaseFor?: (registry: string) => string | undefined;
}

interface VerifyParams {
  registry: string;
  username?: string | undefined;
  secret?: string | undefined;
  repository?: string | undefined;
}

/**
 * Registry credentials: plain secrets only in this object's memory, encrypted on disk (keychain or key
 * file) or nowhere (memory mode). Every secret is handed to the Redactor the moment it is loaded or
 * entered; what leaves this service for the renderer is a masked hint.
 */
export class CredentialsService {
  private readonly entries = new Map<string, Credential>();
  private readonly verified = new Map<string, number>();
  /** The last entered (not yet saved) credential that passed Verify: saving exactly it keeps "verified". */
  private verifiedUnsaved: { registry: string; username: string; secret: string; at: number } | null = null;
  private file: CredentialFile | null = null;
  private notice: string | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: CredentialsServiceOptions) {
    this.now = opts.now ?? Date.now;
    const envToken = opts.env[ENV_TOKEN];
    if (envToken && envToken.length >= MIN_SECRET_LENGTH)
      opts.redactor.add(envToken, { username: opts.env[ENV_USERNAME] ?? '' });
    const existing = CredentialFile.encryptionOf(opts.dir);
    if (opts.encryptor) {
      this.file = new CredentialFile(opts.dir, opts.encryptor, 'keychain');
    } else if (existing === 'key-file' || opts.noKeychain?.fallback === 'encrypted-file') {
      this.file = new CredentialFile(opts.dir, new FileKeyEncryptor(opts.dir), 'key-file');
      this.notice = opts.noKeychain?.warning ?? null;
    } else if (existing === 'keychain') {
      this.notice =
        'Credentials saved by the desktop app are in its OS keychain and cannot be read in this mode.';
    }
    this.load();
  }

  list(): CredentialList {
    return {
      storage: this.storage(),
      storageDescription: this.storageDescription(),
      canChangeStorage: this.opts.encryptor === null,
      entries: [...this.entries.values()]
        .sort((a, b) => a.registry.localeCompare(b.registry))
        .map((c) => ({
          registry: c.registry,
          username: c.username,
          hint: maskedHint(c.savedAt),
          savedAt: c.savedAt,
          verifiedAt: this.verified.get(c.registry) ?? null,
          source: c.source,
        })),
      notice: this.notice,
    };
  }

  save(
    input: { registry: string; username: string; secret?: string | undefined },
    source: Credential['source'] = 'user',
  ): CredentialList {
    const registry = normalizeRegistry(input.registry);
    const username = input.username.trim();
    const previous = this.entries.get(registry);
    const secret = input.secret ?? previous?.secret;
    if (secret === undefined) {
      throw new AppError('VALIDATION', `No token is saved for ${registry} yet: enter one.`, {
        fields: { secret: 'Enter a token or password.' },
      });
    }
    if (input.secret !== undefined) refuseShortSecret(input.secret);
    this.opts.redactor.add(secret, { username });
    if (registry === DOCKER_HUB && username.includes('@')) {
      throw new AppError(
        'VALIDATION',
        'Docker Hub needs your Docker ID as the username, not your e-mail address.',
        {
          fields: { username: 'use your Docker ID, not your e-mail address' },
        },
      );
    }
    this.entries.set(registry, { registry, username, secret, savedAt: this.now(), source });
    const v = this.verifiedUnsaved;
    const unchanged = previous && previous.username === username && previous.secret === secret;
    if (v && v.registry === registry && v.username === username && v.secret === secret)
      this.verified.set(registry, v.at);
    else if (!unchanged) this.verified.delete(registry);
    this.verifiedUnsaved = null;
    this.persist();
    return this.list();
  }

  remove(registryInput: string): CredentialList {
    const registry = normalizeRegistry(registryInput);
    if (!this.entries.delete(registry)) {
      throw new AppError('NOT_FOUND', `No credentials are saved for ${registry}.`);
    }
    this.verified.delete(registry);
    this.persist();
    return this.list();
  }

  /** For the build service: the saved username + secret for one registry, or null. */
  getAuth(registryInput: string): { username: string; secret: string } | null {
    const c = this.entries.get(normalizeRegistry(registryInput));
    return c ? { username: c.username, secret: c.secret } : null;
  }

  /** For the build service: config.json with only this registry's credentials (empty `auths` if none). */
  dockerConfigJson(registryInput: string): Buffer {
    return dockerConfigJsonFor(registryInput, this.getAuth(registryInput));
  }

  /**
   * For the build service, before a push build: checks the saved credential (login + push rights on the
   * repository). Throws AppError (AUTH_FAILED, UNAVAILABLE, TIMEOUT…) so the build stops before it starts.
   */
  async verifySaved(registryInput: string, repository: string | null): Promise<VerifyResult> {
    const registry = normalizeRegistry(registryInput);
    const saved = this.entries.get(registry);
    if (!saved) {
      throw new AppError(
        'AUTH_FAILED',
        `No credentials are saved for ${registry}; a push there needs a login.`,
        {
          hint: 'Add them on the Registries page (username and access token), then build again.',
        },
      );
    }
    const result = await this.runVerify(registry, saved.username, saved.secret, repository);
    this.verified.set(registry, this.now());
    return result;
  }

  /** The Verify button: entered or saved credentials; failures come back as ok:false with the message. */
  async verify(params: VerifyParams): Promise<VerifyOutcome> {
    const checkedAt = this.now();
    let registry = params.registry;
    try {
      registry = normalizeRegistry(params.registry);
      const saved = this.entries.get(registry);
      const username = params.username?.trim() || saved?.username;
      const secret = params.secret ?? (saved && saved.username === username ? saved.secret : undefined);
      if (!username || !secret) {
        throw new AppError('NOT_FOUND', `No credentials to check for ${registry}.`, {
          hint: 'Enter a username and token, or save them first.',
        });
      }
      refuseShortSecret(secret);
      this.opts.redactor.add(secret, { username });
      const r = await this.runVerify(registry, username, secret, params.repository ?? null);
      if (saved && saved.username === username && saved.secret === secret)
        this.verified.set(registry, checkedAt);
      else this.verifiedUnsaved = { registry, username, secret, at: checkedAt };
      return { ok: true, registry, message: r.message, canPush: r.canPush, checkedAt };
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', 'The check failed unexpectedly.');
      return {
        ok: false,
        registry,
        message: e.message,
        ...(e.hint ? { hint: e.hint } : {}),
        code: e.code,
        canPush: null,
        checkedAt,
      };
    }
  }

  envStatus(): EnvImportStatus {
    const username = this.opts.env[ENV_USERNAME]?.trim() || null;
    const token = this.opts.env[ENV_TOKEN] || null;
    const saved = this.entries.get(DOCKER_HUB);
    return {
      available: username !== null && token !== null,
      username,
      imported: saved !== undefined && saved.username === username && saved.secret === token,
    };
  }

  /** Saves DOCKER_HUB_USERNAME / DOCKER_HUB_KANIKO_PAT as the docker.io credential. */
  envImport(): EnvImportStatus {
    const status = this.envStatus();
    if (!status.available || status.username === null) {
      throw new AppError(
        'NOT_FOUND',
        `${ENV_USERNAME} and ${ENV_TOKEN} are not both set in the environment.`,
        {
          hint: 'Set both variables before starting the app, or enter the credentials in the form.',
        },
      );
    }
    this.save(
      { registry: DOCKER_HUB, username: status.username, secret: this.opts.env[ENV_TOKEN] ?? '' },
      'env',
    );
    return this.envStatus();
  }

  /** Memory only, or a file encrypted with a key file (only where there is no keychain). */
  setStorage(storage: 'memory' | 'encrypted-file'): CredentialList {
    if (this.opts.encryptor) {
      throw new AppError(
        'CONFLICT',
        'Credentials are kept in the OS keychain here; there is nothing to switch.',
      );
    }
    if (storage === 'encrypted-file' && this.storage() !== 'encrypted-file') {
      this.file = new CredentialFile(this.opts.dir, new FileKeyEncryptor(this.opts.dir), 'key-file');
      this.notice = null;
      this.persist();
    } else if (storage === 'memory' && this.file) {
      this.file.remove();
      this.file = null;
    }
    return this.list();
  }

  private runVerify(registry: string, username: string, secret: string, repository: string | null) {
    const apiBase = this.opts.apiBaseFor?.(registry);
    return verifyCredentials({
      registry,
      username,
      secret,
      repository,
      ...(this.opts.fetchImpl ? { fetchImpl: this.opts.fetchImpl } : {}),
      ...(apiBase ? { apiBase } : {}),
    });
  }

  private storage(): CredentialList['storage'] {
    if (this.opts.encryptor) return 'keychain';
    return this.file ? 'encrypted-file' : 'memory';
  }

  private storageDescription(): string {
    if (this.opts.encryptor) return `Encrypted with the ${this.opts.encryptor.description}.`;
    if (this.file) return `Encrypted file ${this.file.path} (key in a separate file readable only by you).`;
    return 'Memory only: saved credentials are forgotten when the app stops.';
  }

  private load(): void {
    if (!this.file) return;
    let loaded;
    try {
      loaded = this.file.load();
    } catch {
      this.notice = `The credentials file ${this.file.path} could not be read; save your credentials again.`;
      return;
    }
    const tooShort: string[] = [];
    for (const c of loaded.credentials) {
      if (c.secret.length < MIN_SECRET_LENGTH) {
        tooShort.push(c.registry);
        continue;
      }
      this.opts.redactor.add(c.secret, { username: c.username });
      this.entries.set(c.registry, c);
    }
    if (loaded.unreadable.length > 0) {
      this.notice = `Could not decrypt the saved credentials for ${loaded.unreadable.join(', ')}; save them again.`;
    } else if (tooShort.length > 0) {
      this.notice = `The saved secrets for ${tooShort.join(', ')} are shorter than ${MIN_SECRET_LENGTH} characters and were not loaded; save a longer token.`;
    }
  }

  private persist(): void {
    if (!this.file) return;
    try {
      this.file.save([...this.entries.values()]);
    } catch (err) {
      throw new AppError('INTERNAL', `Could not write ${this.file.path}.`, {
        hint: 'Check that the folder is writable; the credential is kept in memory until the app stops.',
        cause: err,
      });
    }
  }
}

/** A secret shorter than MIN_SECRET_LENGTH could not be redacted reliably, so it is never accepted. */
function refuseShortSecret(secret: string): void {
  if (secret.length >= MIN_SECRET_LENGTH) return;
  throw new AppError('VALIDATION', `A token or password needs at least ${MIN_SECRET_LENGTH} characters.`, {
    hint: 'Shorter secrets cannot be kept out of logs and errors; create a longer access token.',
    fields: { secret: SHORT_SECRET_MESSAGE },
  });
}
