// The Content-Security-Policy of the app's page, the same in web mode (host/serve/server.ts) and in the
// Electron window (electron/main/main.ts).

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Monaco sets element styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
