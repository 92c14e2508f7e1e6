// Where the renderer runs: inside Electron (the preload's window.vgi) or as a web page served by
// `vgi-inspect serve` (same-origin /api endpoints). Everything host-specific goes through here.

import type { VgiBridge } from '../../electron/common/ipc';

declare global {
  interface Window {
    vgi?: VgiBridge;
  }
}

export function bridge(): VgiBridge | undefined {
  return typeof window !== 'undefined' && window.vgi?.platform === 'electron' ? window.vgi : undefined;
}

export interface InitialCapture {
  name: string;
  size: number;
  url: string;
}

/** Web mode: the capture the server was started with (`vgi-inspect serve FILE`), if any. */
export async function readInitialWebCapture(): Promise<InitialCapture | null> {
  try {
    const res = await fetch('api/initial-capture', { headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    const j = (await res.json()) as Partial<InitialCapture> | null;
    if (!j || typeof j.name !== 'string' || typeof j.url !== 'string') return null;
    return { name: j.name, size: Number(j.size ?? 0), url: j.url };
  } catch {
    return null;
  }
}
