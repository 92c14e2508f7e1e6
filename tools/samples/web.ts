// HTTP/1.1 (RFC 9112) messages and WebSocket (RFC 6455) for the samples: request and response heads with
// Content-Length, the opening handshake with a real Sec-WebSocket-Accept (SHA-1 of key + GUID, §4.2.2),
// and data frames (client frames masked with a fresh key, §5.3; 7/16/64-bit lengths).

import { createHash } from 'node:crypto';
import type { Rng, TcpConnection } from './net';

const enc = new TextEncoder();

export function httpRequest(method: string, target: string, headers: [string, string][], body?: string): Uint8Array {
  const b = body === undefined ? new Uint8Array(0) : enc.encode(body);
  const lines = [`${method} ${target} HTTP/1.1`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  if (body !== undefined) lines.push(`Content-Length: ${b.length}`);
  return join(enc.encode(lines.join('\r\n') + '\r\n\r\n'), b);
}

export function httpResponse(status: number, reason: string, headers: [string, string][], body?: string): Uint8Array {
  const b = body === undefined ? new Uint8Array(0) : enc.encode(body);
  const lines = [`HTTP/1.1 ${status} ${reason}`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  // RFC 9110 §8.6: no Content-Length in a 204 (or 1xx) response
  if (status !== 204 && status >= 200) lines.push(`Content-Length: ${b.length}`);
  return join(enc.encode(lines.join('\r\n') + '\r\n\r\n'), b);
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** RFC 7231 IMF-fixdate of a time in µs. */
export function httpDate(tUs: number): string {
  return new Date(Math.floor(tUs / 1000)).toUTCString();
}

/** An HTTP/1.1 client on a TCP connection: one exchange at a time (keep-alive). */
export class HttpLink {
  constructor(readonly conn: TcpConnection, readonly host: string) {}

  /**
   * Sends a request at `t`; the server answers `serverUs` after it has the request. Returns the time the
   * client has the whole response.
   */
  exchange(t: number, req: { method: string; target: string; headers?: [string, string][]; body?: string; comment?: string },
    res: { status: number; reason?: string; headers?: [string, string][]; body?: string; comment?: string }, serverUs: number): number {
    const reqBytes = httpRequest(req.method, req.target, [['Host', this.host], ...(req.headers ?? [])], req.body);
    const got = this.conn.send(0, t, reqBytes, req.comment);
    const tr = got + serverUs;
    const resBytes = httpResponse(res.status, res.reason ?? REASONS[res.status] ?? 'OK', [['Date', httpDate(tr)], ...(res.headers ?? [])], res.body);
    return this.conn.send(1, tr, resBytes, res.comment);
  }
}

const REASONS: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 101: 'Switching Protocols' };

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function websocketAccept(key: string): string {
  return createHash('sha1').update(key + WS_GUID).digest('base64');
}

/** One WebSocket frame (FIN set). */
export function wsFrame(opcode: number, payload: Uint8Array, maskKey?: Uint8Array): Uint8Array {
  const n = payload.length;
  const head: number[] = [0x80 | opcode];
  const m = maskKey ? 0x80 : 0;
  if (n < 126) head.push(m | n);
  else if (n < 65536) head.push(m | 126, n >> 8, n & 0xff);
  else {
    head.push(m | 127, 0, 0, 0, 0);
    head.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  }
  if (maskKey) head.push(...maskKey);
  const out = new Uint8Array(head.length + n);
  out.set(head);
  for (let i = 0; i < n; i++) out[head.length + i] = maskKey ? payload[i] ^ maskKey[i & 3] : payload[i];
  return out;
}

/** A WebSocket connection over a TCP connection whose client (direction 0) is the WebSocket client. */
export class WebSocketLink {
  constructor(readonly conn: TcpConnection, private readonly rng: Rng) {}

  /** Opening handshake at `t`; returns when the client has the 101 response. */
  open(t: number, host: string, path: string, subprotocols: string[], chosen: string, extraHeaders: [string, string][] = []): number {
    const key = Buffer.from(this.rng.bytes(16)).toString('base64');
    const req = httpRequest('GET', path, [
      ['Host', host], ['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Key', key],
      ['Sec-WebSocket-Version', '13'], ['Sec-WebSocket-Protocol', subprotocols.join(', ')], ...extraHeaders,
    ]);
    const got = this.conn.send(0, t, req);
    const res = enc.encode(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade',
      `Sec-WebSocket-Accept: ${websocketAccept(key)}`, `Sec-WebSocket-Protocol: ${chosen}`].join('\r\n') + '\r\n\r\n');
    return this.conn.send(1, got + 1_500, res);
  }

  /** A text message from the client (`fromClient`) or the server at `t`; returns its arrival time. */
  text(fromClient: boolean, t: number, text: string, comment?: string): number {
    const frame = wsFrame(1, enc.encode(text), fromClient ? this.rng.bytes(4) : undefined);
    return this.conn.send(fromClient ? 0 : 1, t, frame, comment);
  }

  /** Ping from `fromClient`'s side answered by a pong; returns when the pong arrived. */
  ping(fromClient: boolean, t: number, serverUs = 200): number {
    const data = this.rng.bytes(4);
    const got = this.conn.send(fromClient ? 0 : 1, t, wsFrame(9, data, fromClient ? this.rng.bytes(4) : undefined));
    return this.conn.send(fromClient ? 1 : 0, got + serverUs, wsFrame(10, data, fromClient ? undefined : this.rng.bytes(4)));
  }
}
