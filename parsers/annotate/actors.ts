// Actors and pathways of docs/domain.md: stable ids, the canonical order used to build pathway ids, and the
// user's endpoint -> actor mapping (`--actors FILE`), which overrides every protocol default.

export const ACTORS = ['utility', 'nsp', 'bms', 'evse', 'ev', 'customer'] as const;
export type Actor = (typeof ACTORS)[number];

const ACTOR_RANK: Record<string, number> = Object.fromEntries(ACTORS.map((a, i) => [a, i]));

export function isActor(s: unknown): s is Actor {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(ACTOR_RANK, s);
}

/** Pathway id of two actors, always `a-b` in the order of ACTORS (`nsp-evse`, `evse-ev`, `utility-nsp`). */
export function pathwayOf(a: Actor, b: Actor): string {
  return ACTOR_RANK[a] <= ACTOR_RANK[b] ? `${a}-${b}` : `${b}-${a}`;
}

/**
 * Endpoint -> actor overrides. Keys are `ip:port`, `[v6]:port`, a bare IP (any port), or a MAC address.
 * Lookup tries the exact endpoint first, then the bare address.
 */
export class ActorMap {
  private readonly map = new Map<string, Actor>();

  constructor(entries: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(entries)) {
      if (!isActor(v)) throw new Error(`unknown actor "${v}" for "${k}" (expected one of ${ACTORS.join(', ')})`);
      this.map.set(k.toLowerCase(), v);
    }
  }

  get size(): number {
    return this.map.size;
  }

  lookup(endpoint: string): Actor | undefined {
    if (this.map.size === 0) return undefined;
    const key = endpoint.toLowerCase();
    const exact = this.map.get(key);
    if (exact) return exact;
    return this.map.get(bareAddress(key));
  }
}

function bareAddress(endpoint: string): string {
  if (endpoint.startsWith('[')) return endpoint.slice(1, endpoint.indexOf(']'));
  const colon = endpoint.lastIndexOf(':');
  // a MAC address or bare IPv6 has several colons and no port: keep it whole
  return colon > 0 && endpoint.indexOf(':') === colon ? endpoint.slice(0, colon) : endpoint;
}
