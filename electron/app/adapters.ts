import type { Confirm } from './confirm';

/**
 * The few things only the host (Electron, or the browser-mode server) can provide. Services receive
 * these instead of importing Electron, so the same services run in both transports and in tests.
 */
export interface Encryptor {
  /** Where the key lives, in words for the UI (e.g. "OS keychain", "key file in ~/.config"). */
  readonly description: string;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

export interface PlatformAdapters {
  transport: 'desktop' | 'browser';
  /** Folder for settings, history and other app data. */
  userDataDir: string;
  /** Encrypts secrets at rest; null where this mode has none (browser mode keeps secrets in memory). */
  encryptor: Encryptor | null;
  /**
   * Desktop without a usable keychain (e.g. Linux safeStorage on its fixed-key `basic_text` backend):
   * credentials use the key-file mode, and the warning tells the user why.
   */
  noKeychain?: { fallback: 'encrypted-file'; warning: string | null };
  /**
   * Opens an already-vetted URL in the user's browser. Returns false where the host cannot (browser mode:
   * the page opens it itself, since the server may be a remote build box).
   */
  openExternal(url: string): Promise<boolean>;
  /** A native file chooser (desktop only), e.g. for a kubeconfig. */
  pickFile?(opts: { title: string }): Promise<string | null>;
  /** A native folder chooser (desktop only; in browser mode the path is typed, since the page may be remote). */
  pickFolder?(opts: { title: string; defaultPath?: string }): Promise<string | null>;
  /**
   * Asks the user a question in main's own UI (desktop: a native dialog). Without it (browser mode) the
   * app asks through CodeConfirmations: the page shows the question, the code is printed by the server.
   */
  confirm?: Confirm;
  /** A native notification (desktop only; browser mode shows it in the page instead). */
  notify?(title: string, body: string): void;
}
