// Binds the EV-side protocols: HomePlug Green PHY management messages (ethertype 0x88E1: SLAC, ISO 15118-3),
// SDP on UDP 15118, and V2GTP/TCP connections (supportedAppProtocol, DIN SPEC 70121, ISO 15118-2, -20).
// Default actors (domain.md): the EVCC / PEV side is `ev`, the SECC / EVSE side is `evse`.

import { formatEndpoint, type Endpoint } from '../../core/endpoint';
import type { FrameRef } from '../../core/frame';
import type { TcpConnection } from '../../core/pipeline';
import { exiDecode, type ExiSchema } from '../../exi';
import { decodeHomePlug } from '../../protocols/homeplug';
import { createV2gConnection, type V2gMessage } from '../../protocols/iso15118';
import { decodeSdp, SDP_PORT } from '../../protocols/sdp';
import type { Actor } from '../../annotate/actors';
import { registerBodyDecoder } from '../bodyDecoders';
import type { EmitMessage } from '../decoded';
import type { TcpApp } from './tcpApp';

for (const schema of ['apphand', 'din', 'iso2', 'iso20-common', 'iso20-ac', 'iso20-dc', 'iso20-wpt', 'iso20-acdp'] as ExiSchema[]) {
  registerBodyDecoder(`exi:${schema}`, (raw) => {
    const r = exiDecode(schema, raw);
    return r.ok ? r.value : { exi_hex: [...raw].map((b) => b.toString(16).padStart(2, '0')).join('') };
  });
}

/** V2GTP over TCP: the TCP client is the EV (EVCC), the server the charger (SECC). */
export function createV2gApp(conn: TcpConnection, emit: EmitMessage): TcpApp {
  const ev = formatEndpoint(conn.client);
  const evse = formatEndpoint(conn.server);
  return createV2gConnection({
    emit(m: V2gMessage) {
      const fromEv = m.dir === 0;
      emit({
        at: m.at,
        startFrame: m.startFrame,
        protocol: m.protocol === 'v2gtp' ? 'v2gtp' : m.protocol,
        version: m.version,
        src: fromEv ? ev : evse,
        dst: fromEv ? evse : ev,
        defaultFrom: fromEv ? 'ev' : 'evse',
        defaultTo: fromEv ? 'evse' : 'ev',
        name: m.name,
        kind: m.kind,
        id: m.id,
        body: m.body,
        diagnostics: m.diagnostics,
        raw: m.exi,
        rawFormat: m.exi && m.schema ? `exi:${m.schema}` : undefined,
      });
    },
  });
}

export function isSdpDatagram(src: Endpoint, dst: Endpoint): boolean {
  return src.port === SDP_PORT || dst.port === SDP_PORT;
}

/** SECC endpoints announced by SDP responses, so that the TCP or TLS connection that follows is expected. */
export class SdpAnnouncements {
  private readonly byEndpoint = new Map<string, { frame: number; tls: boolean }>();
  add(ip: string, port: number, tls: boolean, frame: number): void {
    if (this.byEndpoint.size < 4096) this.byEndpoint.set(formatEndpoint({ ip, port }), { frame, tls });
  }
  get(server: Endpoint): { frame: number; tls: boolean } | undefined {
    return this.byEndpoint.get(formatEndpoint(server));
  }
}

/** SDP (ISO 15118-2 §7.10.1): the request comes from the EV, the response from the SECC. */
export function emitSdp(src: Endpoint, dst: Endpoint, payload: Uint8Array, at: FrameRef, emit: EmitMessage, announced: SdpAnnouncements): void {
  const m = decodeSdp(payload);
  if (m.announce) announced.add(m.announce.ip, m.announce.port, m.announce.tls, at.frame);
  const fromEv = m.name.endsWith('Req') || (m.name === '?' && dst.port === SDP_PORT);
  emit({
    at, protocol: 'sdp', version: '', src: formatEndpoint(src), dst: formatEndpoint(dst),
    defaultFrom: fromEv ? 'ev' : 'evse', defaultTo: fromEv ? 'evse' : 'ev',
    name: m.name, kind: m.kind, id: '', body: m.body, diagnostics: m.diagnostics, raw: payload,
  });
}

/** Who sends each SLAC message (ISO 15118-3 Annex A): the PEV (EV) or the EVSE. */
const SLAC_SENDER: Record<string, Actor> = {
  'CM_SLAC_PARAM.REQ': 'ev', 'CM_SLAC_PARAM.CNF': 'evse', 'CM_START_ATTEN_CHAR.IND': 'ev', 'CM_MNBC_SOUND.IND': 'ev',
  'CM_ATTEN_CHAR.IND': 'evse', 'CM_ATTEN_CHAR.RSP': 'ev', 'CM_ATTEN_PROFILE.IND': 'evse', 'CM_VALIDATE.REQ': 'ev',
  'CM_VALIDATE.CNF': 'evse', 'CM_SLAC_MATCH.REQ': 'ev', 'CM_SLAC_MATCH.CNF': 'evse', 'CM_AMP_MAP.REQ': 'ev', 'CM_AMP_MAP.CNF': 'evse',
};

const MAX_KNOWN_MACS = 4096;

/** HomePlug management messages, with the roles of MAC addresses learned from the SLAC exchange. */
export class SlacBinding {
  private readonly roles = new Map<string, Actor>();

  constructor(private readonly emit: EmitMessage) {}

  frame(srcMac: string, dstMac: string, payload: Uint8Array, at: FrameRef): void {
    const m = decodeHomePlug(payload);
    const known = SLAC_SENDER[m.name];
    if (known && this.roles.size < MAX_KNOWN_MACS) this.roles.set(srcMac, known);
    let from = known ?? this.roles.get(srcMac);
    if (!from) {
      const to = this.roles.get(dstMac);
      from = to ? (to === 'ev' ? 'evse' : 'ev') : m.kind === 'response' ? 'evse' : 'ev';
    }
    this.emit({
      at, protocol: 'slac', version: m.mmv === 0 ? 'AV1.0' : 'AV1.1',
      src: srcMac, dst: dstMac, defaultFrom: from, defaultTo: from === 'ev' ? 'evse' : 'ev',
      name: m.name, kind: m.kind, id: '', body: m.body, diagnostics: m.diagnostics, raw: payload,
    });
  }
}

/** TLS record header (RFC 8446 §5.1): content type handshake (22), legacy version 3.x. */
export function looksLikeTlsHandshake(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0x16 && head[1] === 0x03 && head[2] <= 0x04;
}

/**
 * A TLS connection to a SECC that SDP announced (Plug & Charge, ISO 15118-20): shown as one record with a
 * diagnostic until TLS decryption with a key log exists; its V2G messages cannot be read without keys.
 */
export function createTlsNoticeApp(conn: TcpConnection, emit: EmitMessage, sdpFrame: number): TcpApp {
  let shown = false;
  return {
    push(dir, data, at) {
      if (shown) return;
      shown = true;
      const fromEv = dir === 0;
      emit({
        at, protocol: 'tls', version: '', src: formatEndpoint(fromEv ? conn.client : conn.server),
        dst: formatEndpoint(fromEv ? conn.server : conn.client), defaultFrom: fromEv ? 'ev' : 'evse', defaultTo: fromEv ? 'evse' : 'ev',
        name: 'TLS connection', kind: 'notification', id: '',
        body: { server: formatEndpoint(conn.server), announcedInFrame: sdpFrame, handshakeSeen: conn.handshakeSeen },
        diagnostics: [{ severity: 'warning', code: 'tls.no_keys', message: `V2G connection secured with TLS (SDP of frame ${sdpFrame}); its messages cannot be decoded without the session keys (TLS decryption from a key log is not available yet)` }],
      });
    },
    gap() {},
    end() {},
  };
}
