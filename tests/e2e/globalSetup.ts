// Builds what the e2e run needs: the renderer (when missing or older than its sources) and the Electron
// bundles (fast, esbuild), through the same steps as `npm start`.
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildElectron, buildRenderer } from '../../host/start/build.mjs';

export default async function globalSetup(): Promise<void> {
  (buildRenderer as (o: { force?: boolean }) => boolean)({ force: !!process.env.VGI_REBUILD });
  await (buildElectron as () => Promise<string>)();
}
