// Plots of metered values over time, on OCPP traffic made by the project's generator (two chargers, 1.6 and
// 2.0.1, MeterValues and TransactionEvent with power, current, voltage, SoC): one chart per unit, one series
// per quantity and charger; clicking a point selects its message.
import { existsSync, readFileSync } from 'node:fs';
import { expect, screenshot, test, TRAFFIC_CAPTURE, TRAFFIC_UNAVAILABLE } from './fixtures';

test('plots show the metered values of generated OCPP traffic, per unit and charger', async ({ page, server, errors }) => {
  test.skip(!existsSync(TRAFFIC_CAPTURE), `no generated capture: ${existsSync(TRAFFIC_UNAVAILABLE) ? readFileSync(TRAFFIC_UNAVAILABLE, 'utf8') : 'globalSetup did not run'}`);
  await page.goto(server.url);
  await page.getByTestId('file-input').setInputFiles(TRAFFIC_CAPTURE);
  await expect(page.getByTestId('progress')).toHaveAttribute('data-done', 'true');
  await page.getByRole('tab', { name: 'Plots' }).click();
  const plots = page.getByTestId('plots');
  await expect(plots.locator('.chart').first()).toBeVisible();
  for (const unit of ['W', 'A', 'V']) await expect(plots.locator('.u-title', { hasText: new RegExp(`^${unit}$`) })).toHaveCount(1);
  await expect(plots.locator('.u-legend')).toContainText(['Power.Active.Import']);
  // Two chargers: their series are kept apart.
  await expect(plots.locator('.u-legend').first()).toContainText('@');
  await screenshot(page, '09-plots');
  // Clicking on the power chart selects a message that carries a power value.
  const over = plots.locator('.chart').first().locator('.u-over');
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('detail')).toHaveAttribute('data-seq', /\d+/);
  await expect(page.getByTestId('detail')).toContainText(/MeterValues|TransactionEvent|SetChargingProfile|StartTransaction|StopTransaction/);
  expect(errors).toEqual([]);
});
