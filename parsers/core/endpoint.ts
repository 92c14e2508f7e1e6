// Transport endpoints and their printable forms (the contract's `src`/`dst`).

export interface Endpoint {
  /** Printable address: dotted IPv4, RFC 5952 compressed IPv6 (no brackets). */
  ip: string;
  port: number;
}

export function formatEndpoint(e: Endpoint): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

/** 0 = from the connection's client (the side that opened it), 1 = from its server. */
export type Direction = 0 | 1;
