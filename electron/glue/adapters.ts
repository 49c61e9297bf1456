import { app, BrowserWindow, dialog, Notification, safeStorage, shell } from 'electron';
import type { Encryptor, PlatformAdapters } from '../app/adapters';
import { chooseKeychain } from '../app/keychain';
import { isLocalWebUrl } from '../shared/local-url';

/** The Electron-backed adapters: OS keychain encryption, the default browser, native notifications. */
export function electronAdapters(): PlatformAdapters {
  const keychain = chooseKeychain(
    {
      platform: process.platform,
      available: safeStorage.isEncryptionAvailable(),
      backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
    },
    keychainEncryptor,
  );
  return {
    transport: 'desktop',
    userDataDir: app.getPath('userData'),
    encryptor: keychain.encryptor,
    ...(keychain.encryptor ? {} : { noKeychain: { fallback: keychain.fallback, warning: keychain.warning } }),
    openExternal: async (url) => {
      // Checked again here: this is the last stop before the OS opens anything.
      if (!isLocalWebUrl(url)) return false;
      await shell.openExternal(url);
      return true;
    },
    pickFolder: async ({ title, defaultPath }) => {
      const parent = BrowserWindow.getFocusedWindow();
      const options: Electron.OpenDialogOptions = {
        title,
        properties: ['openDirectory'],
        ...(defaultPath ? { defaultPath } : {}),
      };
      const result = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    confirm: async ({ title, message, detail, confirmLabel }) => {
      const parent = BrowserWindow.getFocusedWindow();
      const options: Electron.MessageBoxOptions = {
        type: 'warning',
        title,
        message: title,
        detail: `${message}\n\n${detail}`,
        buttons: ['Cancel', confirmLabel],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const { response } = parent
        ? await dialog.showMessageBox(parent, options)
        : await dialog.showMessageBox(options);
      return response === 1;
    },
    pickFile: async ({ title }) => {
      const parent = BrowserWindow.getFocusedWindow();
      const options: Electron.OpenDialogOptions = { title, properties: ['openFile', 'showHiddenFiles'] };
      const result = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    notify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
  };
}

function keychainEncryptor(): Encryptor {
  return {
    description: 'OS keychain (Electron safeStorage)',
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  };
}
