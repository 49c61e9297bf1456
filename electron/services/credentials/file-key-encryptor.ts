import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Encryptor } from '../../app/adapters';

export const KEY_FILE_NAME = 'credentials.key';
const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a random 32-byte key kept in a 0600 file next to the encrypted credentials.
 * Browser mode's opt-in at-rest encryption: it protects against the file being copied or synced
 * without the key, not against someone who can read the user's whole config folder.
 */
export class FileKeyEncryptor implements Encryptor {
  readonly description: string;
  private readonly key: Buffer;

  constructor(dir: string) {
    const keyPath = path.join(dir, KEY_FILE_NAME);
    this.key = loadOrCreateKey(keyPath);
    this.description = `file encrypted with the key in ${keyPath}`;
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(data: Buffer): string {
    if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== FORMAT) {
      throw new Error('not a credential encrypted by this app');
    }
    const iv = data.subarray(1, 1 + IV_BYTES);
    const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }
}

function loadOrCreateKey(keyPath: string): Buffer {
  mkdirSync(path.dirname(keyPath), { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails when the file exists, so two processes never overwrite each other's key.
    writeFileSync(keyPath, randomBytes(32), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if ((statSync(keyPath).mode & 0o077) !== 0) chmodSync(keyPath, 0o600);
  const key = readFileSync(keyPath);
  if (key.length !== 32) throw new Error(`${keyPath} is not a 32-byte key; delete it to start over`);
  return key;
}
