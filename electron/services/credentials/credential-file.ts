import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Encryptor } from '../../app/adapters';

export const CREDENTIALS_FILE_NAME = 'credentials.json';

/** A credential in memory: the only place the plain secret lives. */
export interface Credential {
  registry: string;
  username: string;
  secret: string;
  savedAt: number;
  source: 'user' | 'env';
}

/** How the file says its secrets were encrypted (a keychain file cannot be read with a key file). */
export type Encryption = 'keychain' | 'key-file';

const StoredFile = z.object({
  version: z.literal(1),
  encryptedWith: z.enum(['keychain', 'key-file']),
  entries: z.array(
    z.object({
      registry: z.string(),
      username: z.string(),
      /** base64 of the encryptor's output; never the secret itself. */
      secret: z.string(),
      savedAt: z.number(),
      source: z.enum(['user', 'env']).default('user'),
    }),
  ),
});

export interface LoadResult {
  credentials: Credential[];
  /** Registries whose secret could not be decrypted (another machine's keychain, a lost key file). */
  unreadable: string[];
}

/** credentials.json: usernames in clear, each secret encrypted on its own, written atomically with mode 0600. */
export class CredentialFile {
  readonly path: string;

  constructor(
    dir: string,
    private readonly encryptor: Encryptor,
    private readonly encryption: Encryption,
  ) {
    this.path = path.join(dir, CREDENTIALS_FILE_NAME);
  }

  /** Which encryption an existing file uses, or null when there is no (readable) file. */
  static encryptionOf(dir: string): Encryption | null {
    try {
      const parsed = StoredFile.safeParse(
        JSON.parse(readFileSync(path.join(dir, CREDENTIALS_FILE_NAME), 'utf8')),
      );
      return parsed.success ? parsed.data.encryptedWith : null;
    } catch {
      return null;
    }
  }

  load(): LoadResult {
    if (!existsSync(this.path)) return { credentials: [], unreadable: [] };
    const parsed = StoredFile.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
    if (!parsed.success || parsed.data.encryptedWith !== this.encryption) {
      return { credentials: [], unreadable: ['(the whole credentials file)'] };
    }
    const out: LoadResult = { credentials: [], unreadable: [] };
    for (const e of parsed.data.entries) {
      try {
        const secret = this.encryptor.decrypt(Buffer.from(e.secret, 'base64'));
        out.credentials.push({
          registry: e.registry,
          username: e.username,
          secret,
          savedAt: e.savedAt,
          source: e.source,
        });
      } catch {
        out.unreadable.push(e.registry);
      }
    }
    return out;
  }

  save(credentials: readonly Credential[]): void {
    const doc: z.input<typeof StoredFile> = {
      version: 1,
      encryptedWith: this.encryption,
      entries: credentials.map((c) => ({
        registry: c.registry,
        username: c.username,
        secret: this.encryptor.encrypt(c.secret).toString('base64'),
        savedAt: c.savedAt,
        source: c.source,
      })),
    };
    mkdirSync(path.dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(doc, null, 2), { mode: 0o600 });
    renameSync(tmp, this.path);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
