// Hostile and malformed HTTP/1.x input written by hand from RFC 9112, plus bodies compressed by Node's
// zlib: no throw, the stated diagnostics, and recovery at the next message.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createHttpConnection, looksLikeHttp } from '../../../parsers/protocols/http';
import type { HttpLimits } from '../../../parsers/protocols/http';
import { collector } from '../../fixtures/http/collect';
import { frameRef } from '../../fixtures/http/replay';
import { wsFrame } from '../../fixtures/http/wsFrames';

function conn(limits?: Partial<HttpLimits>) {
  const sink = collector();
  const c = createHttpConnection(sink, limits);
  let frame = 1;
  return {
    sink,
    push: (dir: 0 | 1, data: string | Uint8Array) => c.push(dir, typeof data === 'string' ? Buffer.from(data, 'latin1') : Uint8Array.from(data), frameRef(frame++)),
    gap: (dir: 0 | 1, n: number) => c.gap(dir, n, frameRef(frame++)),
    end: (dir: 0 | 1) => c.end(dir, frameRef(frame++)),
    codes: () => sink.allDiagnostics().map((d) => d.code),
    msgs: (dir: 0 | 1) => sink.http_.filter((x) => x.dir === dir).map((x) => x.msg),
  };
}

const body = (m: { body: Uint8Array }): string => Buffer.from(m.body).toString('latin1');

describe('garbage and resynchronisation', () => {
  it('garbage before a request: diagnostic, then the request', () => {
    const c = conn();
    c.push(0, '\x00\x01\x02garbage\r\nmore junk\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(c.msgs(0).map((m) => m.target)).toEqual(['/x']);
    expect(c.codes()).toEqual(['http.garbage', 'http.resync']);
  });

  it('a long binary run without line ends, then a request after a newline', () => {
    const c = conn();
    const junk = Buffer.alloc(100_000, 0x8f);
    c.push(0, junk);
    c.push(0, '\r\nPOST /after HTTP/1.1\r\nContent-Length: 2\r\n\r\nok');
    expect(c.msgs(0).map((m) => [m.target, body(m)])).toEqual([['/after', 'ok']]);
    expect(c.sink.diags.map((d) => d.d.code)).toEqual(['http.garbage', 'http.resync']);
    expect(c.sink.diags[1].d.message).toContain('100002 bytes');
  });

  it('a line that starts like a request but is not one is garbage', () => {
    const c = conn();
    c.push(0, 'GET /a b c HTTP/1.1\r\nHost: a\r\n\r\nGET /ok HTTP/1.1\r\n\r\n');
    expect(c.msgs(0).map((m) => m.target)).toEqual(['/ok']);
    expect(c.codes()).toContain('http.garbage');
  });

  it('status line garbage on the server side', () => {
    const c = conn();
    c.push(0, 'GET / HTTP/1.1\r\n\r\n');
    c.push(1, 'SSH-2.0-OpenSSH\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx');
    expect(c.msgs(1).map((m) => [m.status, body(m), m.exchange])).toEqual([[200, 'x', 1]]);
    expect(c.codes()).toEqual(['http.garbage', 'http.resync']);
  });

  it('a head beyond maxHeadBytes is dropped; the next message is found', () => {
    const c = conn({ maxHeadBytes: 1000 });
    c.push(0, 'GET /huge HTTP/1.1\r\n' + 'X-Pad: aaaaaaaaaaaaaaaaaaaa\r\n'.repeat(100));
    c.push(0, '\r\nGET /next HTTP/1.1\r\n\r\n');
    expect(c.msgs(0).map((m) => m.target)).toEqual(['/next']);
    expect(c.codes()[0]).toBe('http.garbage');
    expect(c.sink.diags[0].d.message).toContain('longer than 1000');
  });

  it('HTTP/2 preface: decoded as an odd request with a version diagnostic, binary after it skipped', () => {
    const c = conn();
    c.push(0, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04\x00\x00\x00\x00\x00');
    c.end(0);
    expect(c.msgs(0).map((m) => [m.method, m.version])).toEqual([['PRI', 'HTTP/2.0']]);
    expect(c.codes()).toContain('http.version');
  });
});

describe('framing conflicts and limits', () => {
  it('Transfer-Encoding and Content-Length: chunked wins, with a diagnostic', () => {
    const c = conn();
    c.push(0, 'GET / HTTP/1.1\r\n\r\n');
    c.push(1, 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n');
    expect(c.msgs(1).map((m) => [m.status, body(m)])).toEqual([[200, 'hello'], [204, '']]);
    expect(c.codes()).toContain('http.te_and_cl');
    expect(c.msgs(1)[1].diagnostics.map((d) => d.code)).toEqual(['http.response_without_request']);
  });

  it('conflicting Content-Length values', () => {
    const c = conn();
    c.push(0, 'GET / HTTP/1.1\r\n\r\n');
    c.push(1, 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!');
    c.end(1);
    expect(c.codes()).toContain('http.bad_content_length');
    expect(body(c.msgs(1)[0])).toBe('hello!'); // read until close
  });

  it('header count and line length limits', () => {
    const c = conn({ maxHeaderCount: 10, maxLineBytes: 100 });
    const many = Array.from({ length: 30 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
    c.push(0, `GET /many HTTP/1.1\r\n${many}X-Long: ${'l'.repeat(200)}\r\n\r\n`);
    const m = c.msgs(0)[0];
    expect(m.headers).toHaveLength(10);
    expect(m.header('x-h9')).toBe('9');
    expect(m.diagnostics.map((d) => d.code).sort()).toEqual(['http.line_too_long', 'http.too_many_headers']);
  });

  it('obsolete line folding is unfolded and flagged; bad header lines flagged', () => {
    const c = conn();
    c.push(0, 'GET / HTTP/1.1\r\nX-Folded: one\r\n  two\r\nno colon here\r\nBad Name: x\r\n\r\n');
    const m = c.msgs(0)[0];
    expect(m.header('x-folded')).toBe('one two');
    expect(m.diagnostics.map((d) => d.code)).toEqual(['http.obs_fold', 'http.bad_header', 'http.bad_header']);
  });

  it('broken chunked framing: diagnostic, message ends, the next response is found', () => {
    const c = conn();
    c.push(0, 'GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n');
    c.push(1, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nbroken\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    expect(c.msgs(1).map((m) => [m.exchange, body(m)])).toEqual([[1, ''], [2, 'ok']]);
    expect(c.codes()).toContain('http.bad_chunked');
  });

  it('a body longer than maxBodyBytes is cut and counted', () => {
    const c = conn({ maxBodyBytes: 10 });
    c.push(0, 'POST / HTTP/1.1\r\nContent-Length: 25\r\n\r\n' + 'b'.repeat(25) + 'GET /next HTTP/1.1\r\n\r\n');
    const [m, n] = c.msgs(0);
    expect([m.body.length, m.rawBodyLength, n.target]).toEqual([10, 25, '/next']);
    expect(m.diagnostics.map((d) => d.code)).toEqual(['http.body_too_large']);
  });
});

describe('content codings under attack', () => {
  it('a gzip bomb stops at maxInflatedBytes: diagnostic, body kept as received', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(30 << 20));
    const c = conn({ maxInflatedBytes: 1 << 20 });
    c.push(0, 'GET / HTTP/1.1\r\n\r\n');
    c.push(1, Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${bomb.length}\r\n\r\n`), bomb]));
    const m = c.msgs(1)[0];
    expect(m.diagnostics.map((d) => d.code)).toEqual(['http.inflate_limit']);
    expect(Buffer.from(m.body).equals(bomb)).toBe(true);
  });

  it('corrupt and truncated gzip', () => {
    const good = zlib.gzipSync(Buffer.from('x'.repeat(5000)));
    const corrupt = Buffer.from(good);
    corrupt.fill(0xff, 12, 20);
    const cut = good.subarray(0, good.length - 10);
    for (const [bytes, code] of [[corrupt, 'http.inflate_error'], [cut, 'http.inflate_truncated']] as const) {
      const c = conn();
      c.push(0, 'GET / HTTP/1.1\r\n\r\n');
      c.push(1, Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${bytes.length}\r\n\r\n`), bytes]));
      expect(c.msgs(1)[0].diagnostics.map((d) => d.code)).toEqual([code]);
    }
  });

  it('unsupported codings are left alone with a note; stacked codings are undone in reverse order', () => {
    const c = conn();
    c.push(0, 'GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n');
    c.push(1, 'HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 3\r\n\r\nabc');
    const stacked = zlib.gzipSync(zlib.deflateSync(Buffer.from('twice encoded')));
    c.push(1, Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: deflate, gzip\r\nContent-Length: ${stacked.length}\r\n\r\n`), stacked]));
    const [br, two] = c.msgs(1);
    expect([body(br), br.diagnostics.map((d) => d.code)]).toEqual(['abc', ['http.unsupported_encoding']]);
    expect([body(two), two.diagnostics]).toEqual(['twice encoded', []]);
  });
});

describe('gaps', () => {
  it('a gap inside a Content-Length body: zero-filled, marked, the next response decodes', () => {
    const c = conn();
    c.push(0, 'GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n');
    c.push(1, 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' + 'a'.repeat(100));
    c.gap(1, 300);
    c.push(1, 'a'.repeat(600) + 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext');
    const [first, second] = c.msgs(1);
    expect(first.body.length).toBe(1000);
    expect(body(first)).toBe('a'.repeat(100) + '\0'.repeat(300) + 'a'.repeat(600));
    expect(first.diagnostics.map((d) => d.code)).toEqual(['http.gap_in_body']);
    expect([second.exchange, body(second)]).toEqual([2, 'next']);
  });

  it('a gap running past the end of a body: resync on the next status line', () => {
    const c = conn();
    c.push(0, 'GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\n\r\n');
    c.push(1, 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345');
    c.gap(1, 5 + 20); // rest of body 1 and the start of response 2
    c.push(1, 'ength: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nthird');
    const got = c.msgs(1);
    expect(got[0].diagnostics.map((d) => d.code)).toEqual(['http.gap_in_body']);
    expect(body(got[got.length - 1])).toBe('third');
    expect(c.codes()).toContain('http.gap');
  });

  it('a gap inside chunk data keeps the chunked framing', () => {
    const c = conn();
    c.push(0, 'GET / HTTP/1.1\r\n\r\n');
    c.push(1, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n14\r\n0123');
    c.gap(1, 10);
    c.push(1, 'EFGHIJ\r\n0\r\n\r\n');
    const m = c.msgs(1)[0];
    expect(body(m)).toBe('0123' + '\0'.repeat(10) + 'EFGHIJ');
    expect(m.diagnostics.map((d) => d.code)).toEqual(['http.gap_in_body']);
  });

  it('connection end inside a body: truncated message with a diagnostic', () => {
    const c = conn();
    c.push(0, 'POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc');
    c.end(0);
    expect(c.msgs(0).map((m) => [body(m), m.diagnostics.map((d) => d.code)])).toEqual([['abc', ['http.truncated']]]);
  });
});

describe('upgrades', () => {
  const upgradeReq = 'GET /ocpp/CP1 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp2.0.1, ocpp1.6\r\n\r\n';

  it('refused upgrade: client bytes held until the response, then parsed as HTTP again', () => {
    const c = conn();
    c.push(0, upgradeReq + 'GET /after HTTP/1.1\r\n\r\n');
    expect(c.msgs(0).map((m) => m.target)).toEqual(['/ocpp/CP1']);
    c.push(1, 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    expect(c.msgs(0).map((m) => [m.exchange, m.target])).toEqual([[1, '/ocpp/CP1'], [2, '/after']]);
    expect(c.msgs(1).map((m) => [m.exchange, m.status])).toEqual([[1, 400], [2, 200]]);
    expect(c.sink.opens).toEqual([]);
    expect(c.codes()).toEqual([]);
  });

  it('101 with frames in the same segment; client frames pushed before the 101 are held and decoded', () => {
    const c = conn();
    c.push(0, upgradeReq);
    c.push(0, wsFrame({ opcode: 1, payload: '[2,"1","BootNotification",{}]', mask: [1, 2, 3, 4] }));
    c.push(1, Buffer.concat([
      Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n'),
      wsFrame({ opcode: 1, payload: '[3,"1",{}]' }),
    ]));
    expect(c.sink.opens.map((o) => [o.info.subprotocol, o.info.offeredSubprotocols, o.info.target])).toEqual([['ocpp1.6', ['ocpp2.0.1', 'ocpp1.6'], '/ocpp/CP1']]);
    expect(c.sink.ws_.map((x) => [x.dir, x.msg.text])).toEqual([[0, '[2,"1","BootNotification",{}]'], [1, '[3,"1",{}]']]);
    expect(c.codes()).toEqual([]);
  });

  it('101 whose request was not captured: placeholder request, frames decoded', () => {
    const c = conn();
    c.push(1, Buffer.concat([
      Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'),
      wsFrame({ opcode: 1, payload: 'hi' }),
    ]));
    c.push(0, wsFrame({ opcode: 1, payload: 'there', mask: [9, 9, 9, 9] }));
    expect(c.sink.opens).toHaveLength(1);
    expect(c.sink.opens[0].info.request.diagnostics.map((d) => d.code)).toEqual(['http.missing_request']);
    expect(c.sink.ws_.map((x) => x.msg.text)).toEqual(['hi', 'there']);
  });

  it('101 to another protocol and CONNECT tunnels: not decoded further, with a note', () => {
    const c = conn();
    c.push(0, 'GET / HTTP/1.1\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n');
    c.push(1, 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n\x00\x00\x00\x04');
    c.push(0, '\x00\x00\x00\x04\x01');
    expect(c.codes()).toEqual(['http.not_decoded']);
    const t = conn();
    t.push(0, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    t.push(1, 'HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x01\x00\x05hello');
    t.push(0, '\x16\x03\x01\x02\x00');
    expect(t.msgs(1).map((m) => m.status)).toEqual([200]);
    expect(t.codes()).toEqual(['http.not_decoded']);
  });
});

describe('looksLikeHttp', () => {
  it('recognises request and status lines, rejects other protocols', () => {
    const yes = ['GET / HTTP/1.1\r\n', 'POST /ocpp HTTP/1.1\r\nHost: x\r\n', 'HTTP/1.1 200 OK\r\n', 'HTTP/1.0 404 Not Found\r\n', 'GET /partial-no-line-end', 'HTTP/1.', 'OPTIONS * HTTP/1.1\r\n', '\r\nGET / HTTP/1.1\r\n'];
    const no = ['', 'GE', 'HELLO world\r\n', 'FOO /x SMTP/1.0\r\n', 'SSH-2.0-OpenSSH_9.6\r\n', 'HTTP/2 200\r\n', '\x16\x03\x01\x02\x00\x01', '\x01\xfe\x80\x01\x00\x00\x00\x10', 'GET  HTTP/1.1\r\n'];
    for (const s of yes) expect([s, looksLikeHttp(Buffer.from(s, 'latin1'))]).toEqual([s, true]);
    for (const s of no) expect([s, looksLikeHttp(Buffer.from(s, 'latin1'))]).toEqual([s, false]);
  });
});
