// The desktop shell with Playwright's _electron: the window opens with the secure defaults, the preload
// exposes named functions only, a capture given on the command line is read through the bridge and its
// rows appear. Skipped, with the reason, where the Electron binary is not installed (it is downloaded by
// electron's install script, which needs internet access).
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, OCPP_CAPTURE, root, screenshot } from './fixtures';

const electronDir = join(root, 'node_modules/electron');
const pathTxt = join(electronDir, 'path.txt');
const binary = existsSync(pathTxt) ? join(electronDir, 'dist', readFileSync(pathTxt, 'utf8').trim()) : '';
const hasElectron = binary !== '' && existsSync(binary);

test.skip(!hasElectron, `the Electron binary is missing (${join(electronDir, 'dist')}); run \`node node_modules/electron/install.js\` where there is internet access`);
test.skip(!hasShared, 'the corpus (../shared) is not present next to the project');

test('the desktop app opens a capture from the command line with secure defaults', async () => {
  const app = await electron.launch({
    executablePath: binary,
    args: [join(root, 'dist/electron/main.cjs'), '--no-sandbox', OCPP_CAPTURE],
    env: { ...process.env, ELECTRON_DISABLE_SECURITY_WARNINGS: 'false' },
  });
  try {
    const page = await app.firstWindow();
    // The page has no Node (nodeIntegration off, context isolated) and sees only the bridge's named functions.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    // The CSP of the app scheme is in force: inline script does not run.
    expect(await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.head.append(s);
      return (window as unknown as { __inline?: number }).__inline;
    })).toBeUndefined();
    expect(await page.evaluate(() => Object.keys((window as unknown as { vgi: object }).vgi).sort())).toEqual(
      ['initialFile', 'noteDropped', 'onCommand', 'onOpenFile', 'openFileDialog', 'platform', 'readFileSlice', 'recentFiles', 'saveFile'],
    );
    // A file the user did not open cannot be read through the bridge.
    const denied = await page.evaluate(() =>
      (window as unknown as { vgi: { readFileSlice(p: string, o: number, l: number): Promise<Uint8Array> } }).vgi
        .readFileSlice('/etc/passwd', 0, 10).then(() => 'read', () => 'denied'));
    expect(denied).toBe('denied');
    await expect(page.getByTestId('status-count')).toHaveText('34 messages');
    await expect(page.getByRole('grid', { name: 'Messages' }).getByRole('row').nth(1)).toContainText('BootNotification');
    await screenshot(page, '10-electron');
  } finally {
    await app.close();
  }
});
