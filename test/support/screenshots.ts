import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOTS = path.resolve('test-results/screenshots');

/** The window sizes the pages are checked at: a laptop, a small window, a desktop monitor. */
export const VIEWPORTS = {
  laptop: { width: 1366, height: 860 },
  small: { width: 1024, height: 700 },
  desktop: { width: 1920, height: 1080 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** Resizes the page and switches the OS colour scheme the app follows ("system" theme). */
export async function showAs(page: Page, size: ViewportName, scheme: 'light' | 'dark' = 'light') {
  await page.setViewportSize(VIEWPORTS[size]);
  await page.emulateMedia({ colorScheme: scheme });
}

/** Saves test-results/screenshots/<name>.png of the viewport (what a user sees). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Whether an element lies fully inside the viewport (it can be seen and reached without scrolling). */
export async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  }, selector);
}
