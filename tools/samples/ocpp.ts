// OCPP-J over WebSocket for the samples (OCPP-J 1.6 §4, OCPP 2.0.1 / 2.1 Part 4 §4): CALL [2, id, action,
// payload] and CALLRESULT [3, id, payload] as text frames; the charging station is the WebSocket client.
// Every payload is checked against the OCA JSON schema of its version with the engine's generated
// validators (parsers/protocols/ocpp/validators.ts) before it is written: an invalid payload stops the
// generator.

import { ocppValidator, type OcppVersion } from '../../parsers/protocols/ocpp';
import type { Rng, TcpConnection } from './net';
import { WebSocketLink } from './web';

export type Json = Record<string, unknown>;

export function checkOcpp(version: OcppVersion, action: string, half: 'request' | 'response', payload: Json): void {
  const v = ocppValidator(version, action, half);
  if (!v) throw new Error(`OCPP ${version} has no ${action} ${half} schema`);
  if (!v(payload)) throw new Error(`OCPP ${version} ${action} ${half} is not schema-valid: ${JSON.stringify(v.errors)}`);
}

/** RFC 4122 version 4 UUID text from the sample's random stream. */
export function uuid(rng: Rng): string {
  const b = rng.bytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** ISO 8601 UTC with milliseconds of a time in µs. */
export function isoTime(tUs: number): string {
  return new Date(Math.floor(tUs / 1000)).toISOString();
}

/** ISO 8601 UTC, whole seconds. */
export function isoSeconds(tUs: number): string {
  return new Date(Math.floor(tUs / 1_000_000) * 1000).toISOString().replace('.000Z', 'Z');
}

export class OcppLink {
  readonly ws: WebSocketLink;
  private counter = 0;

  constructor(readonly conn: TcpConnection, readonly version: OcppVersion, private readonly rng: Rng) {
    this.ws = new WebSocketLink(conn, rng);
  }

  get subprotocol(): string {
    return `ocpp${this.version}`;
  }

  /** WebSocket upgrade to the station's URL (…/<stationId>) with the version's subprotocol. */
  open(t: number, host: string, stationId: string): number {
    const offered = this.version === '1.6' ? ['ocpp1.6'] : this.version === '2.0.1' ? ['ocpp2.0.1', 'ocpp1.6'] : ['ocpp2.1', 'ocpp2.0.1'];
    return this.ws.open(t, host, `/ocpp/${stationId}`, offered, this.subprotocol);
  }

  private nextId(): string {
    // 1.6 stations commonly number their calls; 2.x ones use UUIDs
    return this.version === '1.6' ? String(++this.counter) : uuid(this.rng);
  }

  /**
   * A CALL sent at `t` by the station (`fromStation`) or the CSMS, answered `answerUs` after it arrived.
   * Returns the arrival time of the CALLRESULT.
   */
  call(t: number, fromStation: boolean, action: string, request: Json, response: Json, answerUs: number, comment?: string): number {
    checkOcpp(this.version, action, 'request', request);
    checkOcpp(this.version, action, 'response', response);
    const id = this.nextId();
    const got = this.ws.text(fromStation, t, JSON.stringify([2, id, action, request]), comment);
    return this.ws.text(!fromStation, got + answerUs, JSON.stringify([3, id, response]));
  }
}
