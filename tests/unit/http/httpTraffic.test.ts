// Real HTTP/1.1 traffic (Node's http server and client, a raw pipelining socket, an HTTP/1.0 client)
// through the recording proxy, decoded by createHttpConnection from the bytes on the wire. Truth: the
// server's view of each request (rawHeaders, body), the client's view of each response (rawHeaders,
// rawTrailers) and each route's original content (bodies the server compressed with Node's zlib).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHttpConnection, looksLikeHttp } from '../../../parsers/protocols/http';
import type { HttpHeader, HttpMessage } from '../../../parsers/protocols/http';
import { collector } from '../../fixtures/http/collect';
import { CONTENT, echoContent, runKeepAlive, runRaw } from '../../fixtures/http/httpScenario';
import type { ClientRequest, HttpRun } from '../../fixtures/http/httpScenario';
import { replay } from '../../fixtures/http/replay';
import type { Split } from '../../fixtures/http/replay';

const SPLITS: Split[] = ['asis', 1, 2, 3, 'bytes'];
const splitName = (s: Split): string => (s === 'asis' ? 'chunks as recorded' : s === 'bytes' ? 'one byte per push' : `random cuts, seed ${s}`);

const pairs = (raw: string[]): HttpHeader[] => {
  const out: HttpHeader[] = [];
  for (let i = 0; i < raw.length; i += 2) out.push({ name: raw[i], value: raw[i + 1] });
  return out;
};

function decode(run: HttpRun, split: Split): ReturnType<typeof collector> {
  const sink = collector();
  replay(run.rec, createHttpConnection(sink), split);
  return sink;
}

const postBody = randomBytes(5000);
const chunkedBody = [Buffer.from('first piece;'), randomBytes(3000), Buffer.from(';last')];

const KEEPALIVE: ClientRequest[] = [
  { method: 'GET', path: '/plain' },
  { method: 'GET', path: '/chunked' },
  { method: 'GET', path: '/trailers' },
  { method: 'GET', path: '/gzip', headers: { 'Accept-Encoding': 'gzip' } },
  { method: 'GET', path: '/x-gzip' },
  { method: 'GET', path: '/deflate' },
  { method: 'GET', path: '/deflate-raw' },
  { method: 'GET', path: '/gzip-chunked' },
  { method: 'HEAD', path: '/head' },
  { method: 'GET', path: '/nocontent' },
  { method: 'GET', path: '/notmodified', headers: { 'If-None-Match': '"v1"' } },
  { method: 'POST', path: '/echo', headers: { 'Content-Length': String(postBody.length), 'Content-Type': 'application/octet-stream' }, body: [postBody] },
  { method: 'POST', path: '/echo', body: chunkedBody },
  { method: 'POST', path: '/continue', headers: { 'Content-Length': '11' }, body: [Buffer.from('hello world')], expectContinue: true },
  { method: 'GET', path: '/big' },
  { method: 'GET', path: '/missing' },
];

function expectedBody(path: string, req: { body: Buffer }): Buffer {
  if (path === '/echo' || path === '/continue') return echoContent(req.body);
  if (path === '/missing') return Buffer.from('not found');
  return CONTENT[path];
}

describe('HTTP/1.1 keep-alive connection: real Node client and server', () => {
  let run: HttpRun;
  it('records the exchanges', async () => {
    run = await runKeepAlive(KEEPALIVE);
    expect(run.requests).toHaveLength(KEEPALIVE.length);
    expect(run.responses).toHaveLength(KEEPALIVE.length);
    // The client got the original content (after undoing what Node's zlib did on the server).
    expect(run.responses[3].rawBody.equals(CONTENT['/gzip'])).toBe(false);
  });

  for (const split of SPLITS) {
    it(`decodes every request and response (${splitName(split)})`, () => {
      const sink = decode(run, split);
      expect(sink.allDiagnostics()).toEqual([]);
      const reqs = sink.http_.filter((x) => x.dir === 0).map((x) => x.msg);
      const all = sink.http_.filter((x) => x.dir === 1).map((x) => x.msg);
      const interim = all.filter((m) => m.status! < 200);
      const resps = all.filter((m) => m.status! >= 200);
      expect(reqs).toHaveLength(KEEPALIVE.length);
      expect(resps).toHaveLength(KEEPALIVE.length);
      // Expect: 100-continue got an interim 100 Continue with the request's exchange number.
      const contIdx = KEEPALIVE.findIndex((r) => r.expectContinue);
      expect(interim.map((m) => [m.status, m.exchange])).toEqual([[100, contIdx + 1]]);
      for (let i = 0; i < KEEPALIVE.length; i++) {
        const saw = run.requests[i];
        const q = reqs[i];
        expect(q.kind).toBe('request');
        expect(q.exchange).toBe(i + 1);
        expect(q.method).toBe(saw.method);
        expect(q.target).toBe(saw.url);
        expect(q.version).toBe(`HTTP/${saw.httpVersion}`);
        expect(q.headers).toEqual(pairs(saw.rawHeaders));
        expect(Buffer.from(q.body).equals(saw.body), `request ${i} body`).toBe(true);
        expect(q.header('x-test-id')).toBe(`${saw.method} ${saw.url}`);

        const got = run.responses[i];
        const r = resps[i];
        expect(r.exchange).toBe(i + 1);
        expect(r.status).toBe(got.status);
        expect(r.reason).toBe(got.statusMessage);
        expect(r.headers).toEqual(pairs(got.rawHeaders));
        expect(r.trailers ?? []).toEqual(pairs(got.rawTrailers));
        expect(Buffer.from(r.body).equals(expectedBody(run.paths[i], saw)), `response ${i} (${run.paths[i]}) body`).toBe(true);
        const cl = r.header('content-length');
        if (cl !== undefined && q.method !== 'HEAD') expect(r.rawBodyLength).toBe(Number(cl));
        if (r.header('transfer-encoding') === 'chunked') expect(r.rawBodyLength).toBeGreaterThan(got.rawBody.length);
        if (!r.header('content-encoding')) expect(Buffer.from(r.body).equals(got.rawBody)).toBe(true);
        expect(r.at.frame).toBeGreaterThanOrEqual(r.startFrame);
        expect(r.startFrame).toBeGreaterThanOrEqual(q.startFrame);
      }
      expect(resps.find((m) => m.status === 200 && m.header('content-length') === '1234')!.body.length).toBe(0);
    });
  }
});

const PIPELINE = [
  'GET /plain HTTP/1.1\r\nHost: 127.0.0.1\r\nX-N: 1\r\n\r\n',
  'HEAD /head HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'GET /chunked HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello',
  'POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Trailer: yes\r\n\r\n',
  'GET /nocontent HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  'GET /gzip HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
];
const PIPELINE_PATHS = ['/plain', '/head', '/chunked', '/echo', '/echo', '/nocontent', '/gzip'];

describe('HTTP/1.1 pipelining: requests written at once on a raw socket', () => {
  let run: HttpRun;
  it('records the exchange', async () => {
    run = await runRaw(PIPELINE.join(''), PIPELINE_PATHS);
    expect(run.requests.map((r) => r.url)).toEqual(PIPELINE_PATHS);
    expect(looksLikeHttp(run.rec.chunks[0].data)).toBe(true);
    expect(looksLikeHttp(run.rec.chunks.find((c) => c.dir === 1)!.data)).toBe(true);
  });

  for (const split of SPLITS) {
    it(`pairs responses with requests in order (${splitName(split)})`, () => {
      const sink = decode(run, split);
      expect(sink.allDiagnostics()).toEqual([]);
      const reqs = sink.http_.filter((x) => x.dir === 0).map((x) => x.msg);
      const resps = sink.http_.filter((x) => x.dir === 1).map((x) => x.msg);
      expect(reqs.map((m) => [m.exchange, m.method, m.target])).toEqual(run.requests.map((r, i) => [i + 1, r.method, r.url]));
      expect(resps.map((m) => m.exchange)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(resps.map((m) => m.status)).toEqual([200, 200, 200, 200, 200, 204, 200]);
      for (let i = 0; i < reqs.length; i++) {
        expect(reqs[i].headers).toEqual(pairs(run.requests[i].rawHeaders));
        expect(Buffer.from(reqs[i].body).equals(run.requests[i].body)).toBe(true);
        expect(Buffer.from(resps[i].body).equals(expectedBody(PIPELINE_PATHS[i], run.requests[i])), `response ${i}`).toBe(true);
      }
      // The chunked request: extensions ignored, trailer kept, wire length = the bytes after the head.
      const chunked = reqs[4] as HttpMessage;
      expect(chunked.trailers).toEqual([{ name: 'X-Trailer', value: 'yes' }]);
      expect(chunked.rawBodyLength).toBe('3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Trailer: yes\r\n\r\n'.length);
      // HEAD: Content-Length 1234 announced, no body on the wire.
      expect(resps[1].header('Content-Length')).toBe('1234');
      expect(resps[1].rawBodyLength).toBe(0);
    });
  }
});

describe('HTTP/1.0 response delimited by the end of the connection', () => {
  let run: HttpRun;
  it('records the exchange', async () => {
    run = await runRaw('GET /close HTTP/1.0\r\n\r\n', ['/close']);
  });
  for (const split of ['asis', 'bytes', 5] as Split[]) {
    it(`reads the body until the server closes (${splitName(split)})`, () => {
      const sink = decode(run, split);
      expect(sink.allDiagnostics()).toEqual([]);
      const resps = sink.http_.filter((x) => x.dir === 1).map((x) => x.msg);
      expect(resps).toHaveLength(1);
      expect(resps[0].header('content-length')).toBeUndefined();
      expect(resps[0].header('transfer-encoding')).toBeUndefined();
      expect(Buffer.from(resps[0].body).toString()).toBe(CONTENT['/close'].toString());
      expect(resps[0].rawBodyLength).toBe(CONTENT['/close'].length);
      expect(resps[0].exchange).toBe(1);
    });
  }
});
