import type { Client } from '../../api/client';

/**
 * Opens a preview URL in the user's browser: through the main side in the desktop app (it allows only
 * localhost pages), or as a new tab when the app itself runs in a browser.
 */
export async function openInBrowser(client: Client, url: string): Promise<void> {
  if (client.kind === 'browser') {
    window.open(url, '_blank', 'noopener,noreferrer');
    return;
  }
  await client.call('app.openExternal', { url });
}
