// Web mode: serves the built renderer (dist/renderer) on 127.0.0.1 with a strict Content-Security-Policy,
// for `vgi-inspect serve [--port N] [FILE]` and for `npm start` where the Electron binary is missing.
// FILE is offered to the page at /api/initial-capture ({name, size, url}, or null) and streamed from
// /api/initial-capture/data; nothing else of the file system is reachable.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { basename, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP } from './csp';

export interface ServeOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** A capture to open when the page loads. */
  file?: string;
  /** Folder of the built renderer; found next to the bundle or in dist/renderer by default. */
  root?: string;
  /** Only loopback addresses are accepted (127.0.0.1 by default). */
  host?: '127.0.0.1' | 'localhost' | '::1';
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
  server: Server;
}

export { CSP };

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The built renderer: next to a bundle in dist/, or dist/renderer of the project from the sources. */
export function findRendererRoot(): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, 'renderer'), join(here, '..', 'renderer'), join(here, '..', '..', 'dist', 'renderer'), join(process.cwd(), 'dist', 'renderer')];
  return candidates.find((c) => existsSync(join(c, 'index.html')));
}

export async function startServer(opts: ServeOptions = {}): Promise<RunningServer> {
  const root = opts.root ? resolve(opts.root) : findRendererRoot();
  if (!root || !existsSync(join(root, 'index.html'))) {
    throw new Error('the app is not built (dist/renderer/index.html missing): run `npm run build:renderer`');
  }
  let file: { path: string; name: string; size: number } | undefined;
  if (opts.file !== undefined) {
    const path = resolve(opts.file);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st || !st.isFile()) throw new Error(`cannot read ${opts.file}: no such file`);
    file = { path, name: basename(path), size: st.size };
  }
  const host = opts.host ?? '127.0.0.1';
  let port = opts.port ?? 0;

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      send(res, 500, 'internal error');
    }
  });

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

  function handle(req: IncomingMessage, res: ServerResponse): void {
    // DNS rebinding: only our own loopback names.
    if (!allowedHosts().has(String(req.headers.host ?? ''))) return send(res, 421, 'misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, 'method not allowed');
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'bad path');
    }
    if (pathname === '/api/initial-capture') {
      // null when the server was started without a file (not an error: the page shows its welcome).
      return sendJson(res, file ? { name: file.name, size: file.size, url: 'api/initial-capture/data' } : null);
    }
    if (pathname === '/api/initial-capture/data') {
      if (!file) return send(res, 404, 'no initial capture');
      return sendFile(req, res, file.path, 'application/octet-stream', 'no-store');
    }
    if (pathname.startsWith('/api/')) return send(res, 404, 'not found');
    const rel = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const full = resolve(root!, rel);
    if (full !== root && !full.startsWith(root + sep)) return send(res, 403, 'forbidden');
    const st = statSync(full, { throwIfNoEntry: false });
    if (!st || !st.isFile()) return send(res, 404, 'not found');
    const type = TYPES[extname(full).toLowerCase()] ?? 'application/octet-stream';
    const cache = rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    sendFile(req, res, full, type, cache);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : port;
  const shownHost = host === '::1' ? '[::1]' : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    server,
    close: () => new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}

function headers(res: ServerResponse, type: string, length?: number, cache = 'no-cache'): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  res.setHeader('content-type', type);
  res.setHeader('cache-control', cache);
  if (length !== undefined) res.setHeader('content-length', String(length));
}

function send(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  headers(res, 'text/plain; charset=utf-8', Buffer.byteLength(text));
  res.end(text);
}

function sendJson(res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.statusCode = 200;
  headers(res, 'application/json; charset=utf-8', Buffer.byteLength(body));
  res.end(body);
}

function sendFile(req: IncomingMessage, res: ServerResponse, path: string, type: string, cache: string): void {
  const st = statSync(path);
  res.statusCode = 200;
  headers(res, type, st.size, cache);
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
