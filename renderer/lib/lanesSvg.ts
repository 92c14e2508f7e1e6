// Export of the lanes in sight as a standalone SVG (actor names on top, the arrows drawn, colours inlined).

import { saveBytes, saveText, useApp } from '../state/store';
import { ACTORS, actorLabel } from './labels';

const NS = 'http://www.w3.org/2000/svg';

const CSS = `
.lifeline{stroke:#9aa5b1;stroke-dasharray:4 4}.lifeline.idle{stroke:#d5dbe1}
.arrow-line{stroke:currentColor;stroke-width:1.6}.arrow-label{font:11px sans-serif;fill:#1f2933}
.lane-time{font:10px monospace;fill:#7b8794}.hit{fill:transparent}.actor{font:bold 12px sans-serif;fill:#1f2933}
.p-ocpp{color:#2563eb}.p-openadr{color:#b45309}.p-ieee20305{color:#7c3aed}.p-din70121{color:#0f766e}
.p-iso151182{color:#059669}.p-iso1511820{color:#16a34a}.p-apphandshake{color:#0891b2}.p-sdp{color:#64748b}
.p-slac{color:#be185d}.p-other{color:#475569}.selected .arrow-line{stroke-width:3}
`;

/** The lanes in sight as a standalone SVG document, with its size. */
export function buildLanesSvg(): { text: string; width: number; height: number } | null {
  const svg = document.querySelector<SVGSVGElement>('.lanes-svg');
  const scroller = document.querySelector<HTMLElement>('.lanes-scroll');
  if (!svg || !scroller) return null;
  const w = Number(svg.getAttribute('width'));
  const top = scroller.scrollTop;
  const h = scroller.clientHeight;
  const out = document.createElementNS(NS, 'svg');
  out.setAttribute('xmlns', NS);
  out.setAttribute('width', String(w));
  out.setAttribute('height', String(h + 28));
  out.setAttribute('viewBox', `0 0 ${w} ${h + 28}`);
  const style = document.createElementNS(NS, 'style');
  style.textContent = CSS;
  out.append(style);
  const bg = document.createElementNS(NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  out.append(bg);
  const lifelines = [...svg.querySelectorAll<SVGLineElement>('.lifeline')];
  ACTORS.forEach((a, k) => {
    const x = lifelines[k]?.getAttribute('x1') ?? '0';
    const t = document.createElementNS(NS, 'text');
    t.setAttribute('x', x);
    t.setAttribute('y', '16');
    t.setAttribute('text-anchor', 'middle');
    t.setAttribute('class', 'actor');
    t.textContent = actorLabel(a);
    out.append(t);
  });
  const body = document.createElementNS(NS, 'g');
  body.setAttribute('transform', `translate(0 ${28 - top})`);
  for (const child of [...svg.children]) body.append(child.cloneNode(true));
  out.append(body);
  const text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(out);
  return { text, width: w, height: h + 28 };
}

function baseName(): string {
  return (useApp.getState().progress?.name ?? 'capture').replace(/\.(pcapng|pcap|gz)$/gi, '');
}

export async function exportLanesSvg(): Promise<void> {
  const svg = buildLanesSvg();
  if (svg) await saveText(`${baseName()}-lanes.svg`, svg.text, 'image/svg+xml');
}

/** The same picture as PNG (the SVG drawn on a canvas at twice the size). */
export async function exportLanesPng(): Promise<void> {
  const svg = buildLanesSvg();
  if (!svg) return;
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((ok, fail) => {
      img.onload = () => ok();
      img.onerror = () => fail(new Error('cannot draw the lanes'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = svg.width * 2;
    canvas.height = svg.height * 2;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
    if (blob) await saveBytes(`${baseName()}-lanes.png`, new Uint8Array(await blob.arrayBuffer()), 'image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
