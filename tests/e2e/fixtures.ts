// Shared fixtures of the web-mode e2e tests: a `vgi-inspect serve` server on a free loopback port (one per
// worker), the corpus capture, screenshots under test-results/screenshots/, and a check that the page
// logged no errors (CSP violations included).
import { test as base, expect, type Page } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../host/serve/server';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const shared = resolve(root, '../shared');
export const OCPP_CAPTURE = join(shared, 'corpus/captures/ocpp/michael0710_CheckOCPP/capt.pcapng');
export const hasShared = existsSync(OCPP_CAPTURE);
/** Made by globalSetup.ts from the project's own traffic generator (or a note saying why not). */
export const TRAFFIC_CAPTURE = join(root, 'test-results/fixtures/e2e-ocpp.pcapng');
export const TRAFFIC_UNAVAILABLE = join(root, 'test-results/fixtures/e2e-ocpp.unavailable');
const shots = join(root, 'test-results/screenshots');

export const test = base.extend<{ errors: string[] }, { server: RunningServer }>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const s = await startServer({ port: 0 });
      await use(s);
      await s.close();
    },
    { scope: 'worker' },
  ],
  errors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await use(errors);
  },
});

export { expect };

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

/** Opens a capture through the file input, as a user would. */
export async function openCapture(page: Page, file: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(file);
}
