// The EV side for the samples:
// - SLAC (ISO 15118-3:2015 Annex A, HomePlug Green PHY 1.1): CM_SLAC_PARM, CM_START_ATTEN_CHAR, CM_MNBC_SOUND,
//   CM_ATTEN_CHAR, CM_SLAC_MATCH as HomePlug AV 1.1 MMEs (MMV 1, FMI/FMSN 0) on ethertype 0x88E1;
// - SDP (ISO 15118-2 §7.10.1): SECCDiscoveryReq to ff02::1 port 15118, the SECC's unicast response;
// - V2GTP (ISO 15118-2 §7.8.3) carrying EXI documents that the project's own encoder (parsers/exi) writes
//   from JSON in the form of ../shared/vectors/exi/README.md; each stream is decoded again and must give
//   back the same JSON, or the generator stops.

import { deepStrictEqual } from 'node:assert';
import { ethernet, ip6 } from '../../parsers/capture/packets';
import { exiDecode, exiEncode, type ExiSchema } from '../../parsers/exi';
import { encodeV2gtp as v2gtp } from '../../parsers/protocols/v2gtp';
import { ETH_HOMEPLUG, TcpConnection, ipv6MulticastMac, type Host, type Rng, type SampleCapture } from './net';

type Json = Record<string, unknown>;

// ---------- SLAC ----------

export const MMTYPE = {
  SLAC_PARM_REQ: 0x6064, SLAC_PARM_CNF: 0x6065, START_ATTEN_CHAR_IND: 0x606a, ATTEN_CHAR_IND: 0x606e,
  ATTEN_CHAR_RSP: 0x606f, MNBC_SOUND_IND: 0x6076, SLAC_MATCH_REQ: 0x607c, SLAC_MATCH_CNF: 0x607d,
} as const;

const BROADCAST = 'ff:ff:ff:ff:ff:ff';

function macBytes(m: string): number[] {
  return m.split(':').map((x) => parseInt(x, 16));
}

/** HomePlug AV 1.1 MME: MMV 1, MMTYPE (little-endian), FMI 0, FMSN 0, body. */
export function mme(mmtype: number, body: readonly number[]): Uint8Array {
  return Uint8Array.of(0x01, mmtype & 0xff, mmtype >> 8, 0, 0, ...body);
}

/** Runs the SLAC exchange between the EV (PEV) host and the EVSE host from `t`; returns its end time. */
export function slac(cap: SampleCapture, iface: number, t: number, ev: Host, evse: Host, rng: Rng, nid: Uint8Array, nmk: Uint8Array): number {
  const runId = [...rng.bytes(8)];
  const app = [0x00, 0x00]; // APPLICATION_TYPE 0 (PEV-EVSE association), SECURITY_TYPE 0 (none)
  const pevId = new Array(17).fill(0);
  const evseId = new Array(17).fill(0);
  const numSounds = 10;
  const timeOut = 6; // ×100 ms
  const send = (at: number, from: Host, to: string, mmtype: number, body: number[]): void =>
    cap.frame(iface, at, ethernet(ETH_HOMEPLUG, mme(mmtype, body), { src: from.mac, dst: to }));

  send(t, ev, BROADCAST, MMTYPE.SLAC_PARM_REQ, [...app, ...runId]);
  let at = t + 18_000;
  send(at, evse, ev.mac, MMTYPE.SLAC_PARM_CNF, [...macBytes(BROADCAST), numSounds, timeOut, 0x01, ...macBytes(ev.mac), ...app, ...runId]);
  at += 25_000;
  for (let i = 0; i < 3; i++) {
    send(at, ev, BROADCAST, MMTYPE.START_ATTEN_CHAR_IND, [...app, numSounds, timeOut, 0x01, ...macBytes(ev.mac), ...runId]);
    at += 20_000;
  }
  for (let i = 0; i < numSounds; i++) {
    send(at, ev, BROADCAST, MMTYPE.MNBC_SOUND_IND, [...app, ...pevId, numSounds - 1 - i, ...runId, ...new Array(8).fill(0), ...rng.bytes(16)]);
    at += 20_000;
  }
  // the EVSE averages the attenuation it measured over the sounds (58 carrier groups, dB)
  const aag = Array.from({ length: 58 }, (_, g) => 22 + Math.round(6 * Math.sin(g / 9)) + rng.int(0, 2));
  at = t + 43_000 + timeOut * 100_000;
  send(at, evse, ev.mac, MMTYPE.ATTEN_CHAR_IND, [...app, ...macBytes(ev.mac), ...runId, ...pevId, ...evseId, numSounds, aag.length, ...aag]);
  at += 9_000;
  send(at, ev, evse.mac, MMTYPE.ATTEN_CHAR_RSP, [...app, ...macBytes(ev.mac), ...runId, ...pevId, ...evseId, 0x00]);
  at += 35_000;
  const matchCommon = (len: number): number[] => [...app, len & 0xff, len >> 8, ...pevId, ...macBytes(ev.mac), ...evseId, ...macBytes(evse.mac), ...runId, ...new Array(8).fill(0)];
  send(at, ev, evse.mac, MMTYPE.SLAC_MATCH_REQ, matchCommon(0x3e));
  at += 16_000;
  send(at, evse, ev.mac, MMTYPE.SLAC_MATCH_CNF, [...matchCommon(0x56), ...nid, 0x00, ...nmk]);
  return at;
}

// ---------- SDP ----------

export const SDP_PORT = 15118;

/** SECCDiscoveryReq (no TLS, TCP) multicast from the EV and the SECC's response naming its TCP port. */
export function sdp(cap: SampleCapture, iface: number, t: number, ev: Host, evPort: number, secc: Host, seccTcpPort: number): number {
  const req = v2gtp(0x9000, Uint8Array.of(0x10, 0x00));
  const all = { name: 'all-nodes', mac: ipv6MulticastMac('ff02::1'), ip: 'ff02::1' };
  cap.udp(iface, t, ev, evPort, all, SDP_PORT, req, { hopLimit: 1 });
  const res = v2gtp(0x9001, Uint8Array.of(...ip6(secc.ip), seccTcpPort >> 8, seccTcpPort & 0xff, 0x10, 0x00));
  const at = t + 2_400;
  cap.udp(iface, at, secc, SDP_PORT, ev, evPort, res);
  return at;
}

// ---------- V2GTP + EXI ----------

/** EXI-encodes `value` with the project's encoder and checks that decoding gives it back. */
export function exi(schema: ExiSchema, value: Json): Uint8Array {
  const r = exiEncode(schema, value);
  if (!r.ok || !r.bytes) throw new Error(`EXI ${schema} encoding failed: ${JSON.stringify(r.error)} for ${JSON.stringify(value)}`);
  const d = exiDecode(schema, r.bytes);
  if (!d.ok) throw new Error(`EXI ${schema} stream does not decode: ${JSON.stringify(d.error)}`);
  deepStrictEqual(d.value, value, `EXI ${schema} round trip changed the message`);
  return r.bytes;
}

export type Family = 'din' | 'iso2' | 'iso20';

const PT_BY_SCHEMA: Partial<Record<ExiSchema, number>> = { 'iso20-common': 0x8002, 'iso20-ac': 0x8003, 'iso20-dc': 0x8004 };

/** One V2G TCP connection: EV (EVCC) = client, direction 0. */
export class V2gLink {
  sessionId = '00';

  constructor(readonly conn: TcpConnection, readonly family: Family) {
    if (family === 'iso20') this.sessionId = '0000000000000000';
  }

  private send(dir: 0 | 1, t: number, schema: ExiSchema, value: Json, comment?: string): number {
    return this.conn.send(dir, t, v2gtp(PT_BY_SCHEMA[schema] ?? 0x8001, exi(schema, value)), comment);
  }

  /** supportedAppProtocolReq / Res. */
  handshake(t: number, offers: Json[], chosenSchemaId: number): number {
    const got = this.send(0, t, 'apphand', { supportedAppProtocolReq: { AppProtocol: offers } });
    return this.send(1, got + 4_000, 'apphand', { supportedAppProtocolRes: { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: chosenSchemaId } });
  }

  /** The JSON document of a message in this family. */
  doc(name: string, body: Json, tUs: number): Json {
    if (this.family === 'iso20') {
      return { [name]: { Header: { SessionID: this.sessionId, TimeStamp: Math.floor(tUs / 1_000_000) }, ...body } };
    }
    return { V2G_Message: { Header: { SessionID: this.sessionId }, Body: { [name]: body } } };
  }

  /**
   * Request from the EV at `t`, response from the SECC `seccUs` after the request arrived. `schema` picks
   * the ISO 15118-20 document (common, dc); DIN and ISO 15118-2 use their single schema. Returns when the
   * EV has the response.
   */
  exchange(t: number, name: string, req: Json, res: Json, seccUs: number, o: { schema?: ExiSchema; comment?: string; resComment?: string; assignSession?: string } = {}): number {
    const schema: ExiSchema = o.schema ?? (this.family === 'iso20' ? 'iso20-common' : this.family);
    const got = this.send(0, t, schema, this.doc(`${name}Req`, req, t), o.comment);
    const tr = got + seccUs;
    if (o.assignSession !== undefined) this.sessionId = o.assignSession;
    return this.send(1, tr, schema, this.doc(`${name}Res`, res, tr), o.resComment);
  }
}

/** ISO 15118-2 / DIN physical value. */
export function pv(value: number, unit: string, multiplier = 0): Json {
  return { Multiplier: multiplier, Unit: unit, Value: value };
}

/** ISO 15118-20 rational number. */
export function rn(value: number, exponent = 0): Json {
  return { Exponent: exponent, Value: value };
}

export interface V2gSetup {
  conn: TcpConnection;
  /** When the EV may send its first V2GTP message. */
  t: number;
}

/**
 * Everything before the first V2G message: optional SLAC on the PLC link, then (after the logical network
 * is up) SDP and the TCP handshake to the port the SECC announced.
 */
export function v2gSetup(cap: SampleCapture, iface: number, t: number, rng: Rng, ev: Host, secc: Host, o: { slac: boolean }): V2gSetup {
  let at = t;
  if (o.slac) {
    at = slac(cap, iface, at, ev, secc, rng, rng.bytes(7), rng.bytes(16));
    at += 1_350_000; // the modems join the new AVLN; the EV brings up its IPv6 link-local address
  }
  const seccPort = rng.int(49152, 65535);
  at = sdp(cap, iface, at, ev, rng.int(49152, 65535), secc, seccPort);
  const conn = new TcpConnection(cap, iface, { host: ev, port: rng.int(49152, 65535) }, { host: secc, port: seccPort }, rng, { rttUs: 1_400 });
  at = conn.open(at + 3_100);
  return { conn, t: at + 600 };
}
