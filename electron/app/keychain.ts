import type { Encryptor } from './adapters';

/** What the host reports about its secret storage (Electron safeStorage on the desktop). */
export interface KeychainProbe {
  platform: NodeJS.Platform;
  /** safeStorage.isEncryptionAvailable() */
  available: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux; null elsewhere. */
  backend: string | null;
}

export interface KeychainChoice {
  encryptor: Encryptor | null;
  /** Where credentials go without a keychain: the key-file mode, so the desktop still remembers them. */
  fallback: 'encrypted-file';
  /** Why there is no keychain, for the Registries page; null when there is one. */
  warning: string | null;
}

/** Linux backends that keep the key in a real keychain; `basic_text` encrypts with a key built into Chromium. */
const LINUX_KEYCHAINS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/**
 * Decides whether safeStorage is worth its name here. On Linux without a secret service it falls back to
 * `basic_text` (a fixed, public key): that is treated as no keychain at all.
 */
export function chooseKeychain(probe: KeychainProbe, keychain: () => Encryptor): KeychainChoice {
  const fixedKey = probe.platform === 'linux' && !LINUX_KEYCHAINS.has(probe.backend ?? '');
  if (probe.available && !fixedKey)
    return { encryptor: keychain(), fallback: 'encrypted-file', warning: null };
  const why = fixedKey
    ? 'No OS keychain was found (no Secret Service or KWallet is running), and the fallback would encrypt with a fixed key.'
    : 'The OS keychain is not available.';
  return {
    encryptor: null,
    fallback: 'encrypted-file',
    warning: `${why} Credentials are encrypted with a key file in the app's config folder instead: anyone who can read that folder can read them.`,
  };
}
