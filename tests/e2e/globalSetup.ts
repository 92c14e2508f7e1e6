// Builds what the e2e run needs: the renderer (when missing or older than its sources) and the Electron
// bundles (fast, esbuild), through the same steps as `npm start`; and a small OCPP capture with metered
// values (real ocpp-rpc traffic recorded by dumpcap on loopback, tests/fixtures/ocpp-traffic), for the
// plots. Where dumpcap cannot capture, the plot test skips and says why.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildElectron, buildRenderer } from '../../host/start/build.mjs';
import { generateBenchCapture } from '../fixtures/ocpp-traffic/benchCapture';

export const E2E_FIXTURES = fileURLToPath(new URL('../../test-results/fixtures', import.meta.url));

export default async function globalSetup(): Promise<void> {
  (buildRenderer as (o: { force?: boolean }) => boolean)({ force: !!process.env.VGI_REBUILD });
  await (buildElectron as () => Promise<string>)();
  mkdirSync(E2E_FIXTURES, { recursive: true });
  try {
    await generateBenchCapture({
      messages: 300, chargers: 2, meterValuesPerTransaction: 20, strict: false, outDir: E2E_FIXTURES, name: 'e2e-ocpp', log: () => {},
    });
  } catch (e) {
    writeFileSync(join(E2E_FIXTURES, 'e2e-ocpp.unavailable'), (e as Error).message);
  }
}
