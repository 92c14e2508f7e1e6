// Hex view of a raw payload, 16 bytes a line (offset, hex, text), with one byte range highlighted
// (the bytes of the field selected in the decoded tree).

import { useEffect, useRef } from 'react';
import type { Span } from '../lib/jsonPositions';

const MAX_BYTES = 64 * 1024;

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

export function HexView({ bytes, highlight }: { bytes: Uint8Array | undefined; highlight: Span | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!highlight || !ref.current) return;
    const el = ref.current.querySelector('.hl');
    el?.scrollIntoView({ block: 'nearest' });
  }, [highlight]);
  if (!bytes || bytes.length === 0) return <div className="empty-note">No raw payload for this message.</div>;
  const shown = bytes.subarray(0, MAX_BYTES);
  const lines = [];
  for (let off = 0; off < shown.length; off += 16) {
    const hexCells = [];
    const textCells = [];
    for (let k = off; k < Math.min(off + 16, shown.length); k++) {
      const b = shown[k];
      const hl = highlight !== null && k >= highlight.start && k < highlight.end;
      const cls = hl ? 'hl' : undefined;
      hexCells.push(<span key={k} className={cls}>{hex2(b)}</span>);
      textCells.push(<span key={k} className={cls}>{b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'}</span>);
    }
    lines.push(
      <div className="hex-line" key={off}>
        <span className="hex-off">{off.toString(16).padStart(6, '0')}</span>
        <span className="hex-bytes">{hexCells}</span>
        <span className="hex-text">{textCells}</span>
      </div>,
    );
  }
  return (
    <div className="hex" ref={ref} role="region" aria-label="Raw bytes (hex)" data-testid="hex-view">
      {lines}
      {bytes.length > MAX_BYTES ? <div className="empty-note">… {bytes.length - MAX_BYTES} more bytes not shown</div> : null}
    </div>
  );
}
