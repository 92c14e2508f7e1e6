// Hostile and malformed WebSocket input, with frames built by hand from RFC 6455 §5.2 and compressed
// payloads made by Node's zlib: every case must decode without throwing, with the stated diagnostics.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../parsers/core/diagnostics';
import { createWebSocketStream, looksLikeWebSocketFrames } from '../../../parsers/protocols/websocket';
import type { WebSocketLimits, WebSocketMessage } from '../../../parsers/protocols/websocket';
import { frameRef } from '../../fixtures/http/replay';
import { deflateMessage, wsFrame } from '../../fixtures/http/wsFrames';

const MASK: [number, number, number, number] = [0x37, 0xfa, 0x21, 0x3d];

function decoder(opts: { fromClient?: boolean; extensions?: string; limits?: Partial<WebSocketLimits>; resync?: boolean } = {}) {
  const messages: WebSocketMessage[] = [];
  const diags: Diagnostic[] = [];
  let frame = 1;
  const s = createWebSocketStream({
    fromClient: opts.fromClient ?? false,
    extensions: 'extensions' in opts ? opts.extensions : '',
    limits: opts.limits,
    resync: opts.resync,
    onMessage: (m) => messages.push({ ...m, payload: m.payload.slice() }),
    onDiagnostic: (d) => diags.push(d),
  });
  return {
    messages,
    diags,
    push: (...parts: Uint8Array[]) => { for (const p of parts) s.push(Uint8Array.from(p), frameRef(frame++)); },
    gap: (n: number) => s.gap(n, frameRef(frame++)),
    end: () => s.end(frameRef(frame++)),
    codes: () => [...diags, ...messages.flatMap((m) => m.diagnostics)].map((d) => d.code),
  };
}

const text = (m: WebSocketMessage): string => Buffer.from(m.payload).toString('utf8');

describe('WebSocket frame lengths', () => {
  it('64-bit length with the top bit set: a diagnostic, no allocation, frame sync recovered', () => {
    const d = decoder();
    d.push(wsFrame({ opcode: 2, rawLength64: 0x8000000000000000n }), wsFrame({ opcode: 1, payload: 'ok' }));
    expect(d.codes()).toContain('websocket.bad_frame');
    expect(d.codes()).toContain('websocket.resync');
    expect(d.messages.map((m) => m.text)).toEqual(['ok']);
  });

  it('a 2^40-byte frame is a diagnostic and is skipped, not allocated', () => {
    const d = decoder();
    const before = process.memoryUsage().arrayBuffers;
    d.push(wsFrame({ opcode: 2, rawLength64: 1n << 40n }));
    for (let i = 0; i < 16; i++) d.push(new Uint8Array(65536));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
    expect(d.codes()).toEqual(['websocket.frame_too_large']);
    expect(d.messages).toEqual([]);
  });

  it('a frame over the message limit is skipped by its length; the next frame decodes', () => {
    const d = decoder({ limits: { maxMessageBytes: 1000 } });
    d.push(wsFrame({ opcode: 2, payload: new Uint8Array(5000).fill(7) }), wsFrame({ opcode: 1, payload: 'after' }));
    expect(d.messages.map((m) => [m.opcode, m.payload.length])).toEqual([[2, 0], [1, 5]]);
    expect(d.messages[0].diagnostics.map((x) => x.code)).toEqual(['websocket.message_too_large']);
    expect(d.messages[1].text).toBe('after');
    expect(d.diags.map((x) => x.code)).toEqual(['websocket.frame_too_large']);
  });

  it('fragments adding up past the limit: one message without payload and a diagnostic', () => {
    const d = decoder({ limits: { maxMessageBytes: 1000 } });
    d.push(
      wsFrame({ opcode: 2, fin: false, payload: new Uint8Array(600) }),
      wsFrame({ opcode: 0, fin: false, payload: new Uint8Array(600) }),
      wsFrame({ opcode: 0, fin: true, payload: new Uint8Array(600) }),
      wsFrame({ opcode: 1, payload: 'next' }),
    );
    expect(d.messages.map((m) => [m.opcode, m.payload.length, m.frames])).toEqual([[2, 0, 3], [1, 4, 1]]);
    expect(d.messages[0].diagnostics.map((x) => x.code)).toEqual(['websocket.message_too_large']);
  });

  it('non-minimal length encodings are noted but decoded (RFC 6455 §5.2)', () => {
    const d = decoder();
    d.push(wsFrame({ opcode: 1, payload: 'short', lengthForm: 16 }), wsFrame({ opcode: 1, payload: 'also', lengthForm: 64 }));
    expect(d.messages.map((m) => m.text)).toEqual(['short', 'also']);
    expect(d.codes()).toEqual(['websocket.non_minimal_length', 'websocket.non_minimal_length']);
  });
});

describe('permessage-deflate', () => {
  it('a decompression bomb stops at the limit: diagnostic, payload left compressed, next message fine', () => {
    const d = decoder({ extensions: 'permessage-deflate; server_no_context_takeover', limits: { maxMessageBytes: 1 << 20 } });
    const bomb = deflateMessage(new Uint8Array(20 << 20));
    expect(bomb.length).toBeLessThan(100_000);
    d.push(wsFrame({ opcode: 2, rsv: 4, payload: bomb }), wsFrame({ opcode: 1, rsv: 4, payload: deflateMessage('{"still":"alive"}') }));
    expect(d.messages).toHaveLength(2);
    expect(d.messages[0].diagnostics.map((x) => x.code)).toEqual(['websocket.inflate_limit']);
    expect(d.messages[0].compressed).toBe(true);
    expect(Buffer.from(d.messages[0].payload).equals(bomb)).toBe(true);
    expect(d.messages[1].text).toBe('{"still":"alive"}');
    expect(d.messages[1].diagnostics).toEqual([]);
  });

  it('context takeover: a message referring to the previous one inflates only with the kept context', () => {
    // One deflate stream for two messages, split at a sync flush (RFC 7692 §7.2.3.2 example shape).
    const def = zlib.createDeflateRaw();
    const chunks: Buffer[] = [];
    def.on('data', (c: Buffer) => chunks.push(c));
    const msg = '[2,"1","Heartbeat",{}]';
    const parts: Buffer[] = [];
    return new Promise<void>((resolve) => {
      def.write(msg);
      def.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        parts.push(Buffer.concat(chunks.splice(0)));
        def.write(msg);
        def.flush(zlib.constants.Z_SYNC_FLUSH, () => {
          parts.push(Buffer.concat(chunks.splice(0)));
          const payloads = parts.map((p) => p.subarray(0, p.length - 4));
          expect(payloads[1].length).toBeLessThan(payloads[0].length); // it back-references message 1
          const keep = decoder({ extensions: 'permessage-deflate' });
          keep.push(...payloads.map((p) => wsFrame({ opcode: 1, rsv: 4, payload: p })));
          expect(keep.messages.map((m) => m.text)).toEqual([msg, msg]);
          expect(keep.codes()).toEqual([]);
          // The same bytes under server_no_context_takeover cannot be inflated: the decoder says so.
          const reset = decoder({ extensions: 'permessage-deflate; server_no_context_takeover' });
          reset.push(...payloads.map((p) => wsFrame({ opcode: 1, rsv: 4, payload: p })));
          expect(reset.messages[0].text).toBe(msg);
          expect(reset.messages[1].diagnostics.map((x) => x.code)).toEqual(['websocket.inflate_error']);
          resolve();
        });
      });
    });
  });

  it('corrupt compressed data is a diagnostic and the raw payload is kept', () => {
    const d = decoder({ extensions: 'permessage-deflate' });
    const junk = Uint8Array.from([0xff, 0xff, 0xff, 0x12, 0x34]);
    d.push(wsFrame({ opcode: 1, rsv: 4, payload: junk }));
    expect(d.messages[0].diagnostics.map((x) => x.code)).toEqual(['websocket.inflate_error']);
    expect(d.messages[0].text).toBeUndefined();
    expect(Array.from(d.messages[0].payload)).toEqual(Array.from(junk));
  });

  it('RSV1 without a negotiated extension is flagged and the payload left as is', () => {
    const d = decoder({ extensions: '' });
    d.push(wsFrame({ opcode: 1, rsv: 4, payload: 'plain' }));
    expect(d.messages[0].text).toBe('plain');
    expect(d.messages[0].compressed).toBe(false);
    expect(d.codes()).toEqual(['websocket.rsv_bits']);
  });

  it('handshake unknown (extensions undefined): RSV1 frames are inflated', () => {
    const d = decoder({ extensions: undefined });
    d.push(wsFrame({ opcode: 1, rsv: 4, payload: deflateMessage('mid-stream') }));
    expect(d.messages[0].text).toBe('mid-stream');
  });
});

describe('text, masking, control frames', () => {
  it('invalid UTF-8: lossy text and a diagnostic; valid text containing U+FFFD and split code points are fine', () => {
    const d = decoder();
    d.push(
      wsFrame({ opcode: 1, payload: Uint8Array.from([0xc3, 0x28]) }),
      wsFrame({ opcode: 1, payload: 'real \uFFFD replacement char' }),
      wsFrame({ opcode: 1, fin: false, payload: Uint8Array.from([0xe2, 0x82]) }),
      wsFrame({ opcode: 0, fin: true, payload: Uint8Array.from([0xac]) }),
    );
    expect(d.messages.map((m) => m.text)).toEqual(['\uFFFD(', 'real \uFFFD replacement char', '€']);
    expect(d.messages.map((m) => m.diagnostics.map((x) => x.code))).toEqual([['websocket.invalid_utf8'], [], []]);
  });

  it('client frames must be masked, server frames must not be', () => {
    const c = decoder({ fromClient: true });
    c.push(wsFrame({ opcode: 1, payload: 'unmasked' }), wsFrame({ opcode: 1, payload: 'masked', mask: MASK }));
    expect(c.messages.map((m) => [m.text, m.diagnostics.map((x) => x.code)])).toEqual([
      ['unmasked', ['websocket.unmasked_client_frame']],
      ['masked', []],
    ]);
    const s = decoder({ fromClient: false });
    s.push(wsFrame({ opcode: 1, payload: 'masked by server', mask: MASK }));
    expect(s.messages.map((m) => [m.text, m.diagnostics.map((x) => x.code)])).toEqual([['masked by server', ['websocket.masked_server_frame']]]);
  });

  it('control frames between fragments; oversized and fragmented control frames flagged', () => {
    const d = decoder({ fromClient: true });
    d.push(
      wsFrame({ opcode: 1, fin: false, payload: 'Hel', mask: MASK }),
      wsFrame({ opcode: 9, payload: 'ping!', mask: MASK }),
      wsFrame({ opcode: 0, fin: true, payload: 'lo', mask: MASK }),
      wsFrame({ opcode: 10, payload: new Uint8Array(126), mask: MASK }),
      wsFrame({ opcode: 9, fin: false, payload: 'x', mask: MASK }),
    );
    expect(d.messages.map((m) => [m.opcode, m.opcode === 1 ? m.text : text(m).length, m.frames])).toEqual([
      [9, 5, 1], [1, 'Hello', 2], [10, 126, 1], [9, 1, 1],
    ]);
    expect(d.messages.map((m) => m.diagnostics.map((x) => x.code))).toEqual([[], [], ['websocket.bad_control_frame'], ['websocket.bad_control_frame']]);
  });

  it('close frames: code and reason; invalid codes, 1-byte bodies and data after close flagged', () => {
    const a = decoder();
    a.push(wsFrame({ opcode: 8, payload: Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('bye')]) }), wsFrame({ opcode: 1, payload: 'late' }));
    expect(a.messages.map((m) => [m.closeCode, m.closeReason])).toEqual([[1000, 'bye']]);
    expect(a.codes()).toEqual(['websocket.data_after_close']);
    const b = decoder();
    b.push(wsFrame({ opcode: 8, payload: Uint8Array.from([0x03, 0xed]) }));
    expect(b.messages[0].closeCode).toBe(1005);
    expect(b.codes()).toEqual(['websocket.bad_close_code']);
    const c = decoder();
    c.push(wsFrame({ opcode: 8, payload: Uint8Array.from([0x03]) }));
    expect(c.codes()).toEqual(['websocket.bad_close']);
    const e = decoder();
    e.push(wsFrame({ opcode: 8 }));
    expect(e.messages[0].closeCode).toBeUndefined();
    expect(e.codes()).toEqual([]);
  });

  it('reserved opcodes, RSV2/RSV3 and orphan continuations', () => {
    const d = decoder();
    d.push(wsFrame({ opcode: 0, payload: 'orphan' }), wsFrame({ opcode: 1, rsv: 2, payload: 'rsv2' }), wsFrame({ opcode: 3, payload: 'reserved' }), wsFrame({ opcode: 1, payload: 'fine' }));
    const codes = d.codes();
    expect(codes).toContain('websocket.orphan_continuation');
    expect(codes).toContain('websocket.rsv_bits');
    expect(codes).toContain('websocket.bad_frame');
    expect(d.messages.map((m) => m.text)).toEqual(['rsv2', 'fine']);
  });

  it('a new data message before the fragmented one ended: the unfinished one is reported lost', () => {
    const d = decoder();
    d.push(wsFrame({ opcode: 1, fin: false, payload: 'never' }), wsFrame({ opcode: 1, payload: 'finished' }));
    expect(d.messages.map((m) => m.text)).toEqual(['finished']);
    expect(d.codes()).toEqual(['websocket.message_lost']);
  });
});

describe('gaps', () => {
  it('a gap inside a payload keeps the framing: zero-filled message, next frame intact', () => {
    const d = decoder();
    const payload = Buffer.alloc(1000, 0x61);
    const f = wsFrame({ opcode: 2, payload });
    d.push(f.subarray(0, 104));
    d.gap(300);
    d.push(Buffer.concat([f.subarray(404), wsFrame({ opcode: 1, payload: 'next' })]));
    expect(d.messages.map((m) => m.opcode)).toEqual([2, 1]);
    const p = d.messages[0].payload;
    expect(p.length).toBe(1000);
    expect(p.subarray(0, 100).every((b) => b === 0x61)).toBe(true);
    expect(p.subarray(100, 400).every((b) => b === 0)).toBe(true);
    expect(p.subarray(400).every((b) => b === 0x61)).toBe(true);
    expect(d.messages[0].diagnostics.map((x) => x.code)).toEqual(['websocket.gap_in_message']);
    expect(d.messages[1].text).toBe('next');
  });

  it('a gap across frame boundaries: resync on the next plausible header', () => {
    const d = decoder({ fromClient: true });
    const frames = Array.from({ length: 10 }, (_, i) => wsFrame({ opcode: 1, payload: `message ${i} ${'z'.repeat(i * 13)}`, mask: MASK }));
    d.push(frames[0], frames[1].subarray(0, 5));
    d.gap(frames[1].length - 5 + frames[2].length + 3);
    d.push(frames[3].subarray(3), ...frames.slice(4));
    const got = d.messages.map((m) => m.text);
    expect(got.slice(0, 1)).toEqual(['message 0 ']);
    expect(got.slice(-6)).toEqual(frames.slice(4).map((_, i) => `message ${i + 4} ${'z'.repeat((i + 4) * 13)}`));
    expect(d.codes()).toContain('websocket.gap');
    expect(d.codes()).toContain('websocket.resync');
  });

  it('starting mid-stream (resync option): garbage before the first frame is skipped', () => {
    const d = decoder({ resync: true });
    d.push(Buffer.from('tail of an earlier message'), wsFrame({ opcode: 1, payload: 'first' }), wsFrame({ opcode: 1, payload: 'second' }));
    expect(d.messages.map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('end inside a frame is reported', () => {
    const d = decoder();
    d.push(wsFrame({ opcode: 1, payload: 'cut short' }).subarray(0, 6));
    d.end();
    expect(d.codes()).toEqual(['websocket.truncated']);
  });
});

describe('looksLikeWebSocketFrames', () => {
  it('accepts frame chains in the right direction only and rejects other protocols', () => {
    const server = Buffer.concat([wsFrame({ opcode: 1, payload: '[3,"1",{}]' }), wsFrame({ opcode: 1, payload: '[2,"2","Heartbeat",{}]' })]);
    const client = Buffer.concat([wsFrame({ opcode: 1, payload: '[2,"1","Heartbeat",{}]', mask: MASK }), wsFrame({ opcode: 9, mask: MASK })]);
    expect(looksLikeWebSocketFrames(server, false)).toBe(true);
    expect(looksLikeWebSocketFrames(server, true)).toBe(false);
    expect(looksLikeWebSocketFrames(client, true)).toBe(true);
    expect(looksLikeWebSocketFrames(client, false)).toBe(false);
    expect(looksLikeWebSocketFrames(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), true)).toBe(false);
    expect(looksLikeWebSocketFrames(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'), false)).toBe(false);
    expect(looksLikeWebSocketFrames(Buffer.from('160301020001', 'hex'), false)).toBe(false); // TLS record
    expect(looksLikeWebSocketFrames(Buffer.from('01fe8001000000', 'hex'), false)).toBe(false); // V2GTP header
    expect(looksLikeWebSocketFrames(new Uint8Array(0), false)).toBe(false);
    // A chain whose second header is implausible is rejected.
    expect(looksLikeWebSocketFrames(Buffer.concat([wsFrame({ opcode: 1, payload: 'ok' }), Buffer.from([0x83, 0x00])]), false)).toBe(false);
  });
});
