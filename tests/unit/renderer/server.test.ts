// Web mode (host/serve/server.ts): serves the built app with a strict CSP on loopback only, offers the
// capture it was started with (the same bytes as the file), refuses traversal, other hosts and methods.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../host/serve/server';

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web-mode server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vgi-serve-'));
  const root = join(dir, 'renderer');
  const capture = join(dir, 'sample.pcapng');
  const secret = join(dir, 'secret.txt');
  let s: RunningServer;

  beforeAll(async () => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(root, 'assets', 'a.js'), 'console.log(1)');
    writeFileSync(capture, Buffer.from([0x0a, 0x0d, 0x0d, 0x0a, 1, 2, 3, 4, 5]));
    writeFileSync(secret, 'do not serve');
    s = await startServer({ port: 0, file: capture, root });
  });
  afterAll(async () => {
    await s.close();
  });

  it('listens on 127.0.0.1 and serves the app with a strict CSP', async () => {
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/`);
    const r = await get(s.port, '/', { host: `127.0.0.1:${s.port}` });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const js = await get(s.port, '/assets/a.js', { host: `localhost:${s.port}` });
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('offers the capture it was started with, byte for byte', async () => {
    const meta = await get(s.port, '/api/initial-capture', { host: `127.0.0.1:${s.port}` });
    const j = JSON.parse(meta.body.toString()) as { name: string; size: number; url: string };
    expect(j).toEqual({ name: 'sample.pcapng', size: 9, url: 'api/initial-capture/data' });
    const data = await get(s.port, '/' + j.url, { host: `127.0.0.1:${s.port}` });
    expect(data.body.equals(readFileSync(capture))).toBe(true);
  });

  it('refuses traversal, foreign Host headers and other methods', async () => {
    const h = { host: `127.0.0.1:${s.port}` };
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await get(s.port, p, h);
      expect([403, 404], p).toContain(r.status);
      expect(r.body.toString()).not.toContain('do not serve');
    }
    expect((await get(s.port, '/', { host: 'evil.example:80' })).status).toBe(421);
    expect((await get(s.port, '/', h, 'POST')).status).toBe(405);
  });

  it('without a file there is no initial capture, and an unbuilt app is reported', async () => {
    const bare = await startServer({ port: 0, root });
    try {
      const r = await get(bare.port, '/api/initial-capture', { host: `127.0.0.1:${bare.port}` });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body.toString())).toBeNull();
      expect((await get(bare.port, '/api/initial-capture/data', { host: `127.0.0.1:${bare.port}` })).status).toBe(404);
    } finally {
      await bare.close();
    }
    await expect(startServer({ port: 0, root: join(dir, 'nothing') })).rejects.toThrow(/build:renderer/);
    await expect(startServer({ port: 0, root, file: join(dir, 'missing.pcap') })).rejects.toThrow(/no such file/);
  });
});
