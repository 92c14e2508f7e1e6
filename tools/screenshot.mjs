// Regenerates docs/images/app.png, the README's screenshot: the app in web mode on the bundled
// demand-mitigation sample, a message selected. Usage: node tools/screenshot.mjs [URL]
// (without URL it starts `vgi-inspect serve samples/demand-mitigation.pcapng` itself).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = fileURLToPath(new URL('..', import.meta.url));
let url = process.argv[2];
let server;
if (!url) {
  server = spawn(process.execPath, [root + 'bin/vgi-inspect.mjs', 'serve', '--port', '0', root + 'samples/demand-mitigation.pcapng']);
  url = await new Promise((resolve) => server.stdout.on('data', (d) => {
    const m = /(http:\/\/\S+)/.exec(String(d));
    if (m) resolve(m[1]);
  }));
}
const browser = await chromium.launch({
  executablePath: process.env.VGI_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(url);
await page.getByRole('row').nth(5).waitFor();
// the story across protocols: the grid event, the charger's profile, the renegotiation with the car
const filter = page.getByPlaceholder(/ocpp\.action/);
await filter.fill('ocpp || openadr || ieee2030.5 || name matches "PowerDelivery|ChargeParameterDiscovery"');
await filter.press('Enter');
await page.waitForTimeout(800);
const target = page.getByRole('row').filter({ hasText: 'SetChargingProfile' }).first();
if (await target.count()) await target.click();
await page.waitForTimeout(1500);
await page.screenshot({ path: root + 'docs/images/app.png' });
await browser.close();
server?.kill();
console.log('wrote docs/images/app.png');
