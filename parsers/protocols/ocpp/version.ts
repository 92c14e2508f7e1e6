// OCPP version of a WebSocket connection from its negotiated subprotocol (Sec-WebSocket-Protocol, RFC 6455
// section 1.9 / 11.3.4; OCPP-J 1.6 section 3.1.2, OCPP 2.0.1 and 2.1 Part 4 section 3.1.2).
// 'ocpp2.0' (OCPP 2.0, 2018) is decoded as 2.0.1: 2.0.1 replaced it (same message set plus 3 actions that 2.0.1
// dropped: NotifyCentralChargingNeeds, Renegotiate15118Schedule, Update15118EVCertificate; see
// tests/unit/ocpp/schemas.test.ts); those and the 2.0 schema differences then show up as diagnostics.
// A trailing 'j' ('ocpp1.6j', 'ocpp2.0.1J') and upper case are tolerated; a comma list takes its first known entry.

export type OcppVersion = '1.6' | '2.0.1' | '2.1';

export const OCPP_VERSIONS: readonly OcppVersion[] = ['1.6', '2.0.1', '2.1'];

const SUBPROTOCOL = /^ocpp\s*(1\.6|2\.0\.1|2\.0|2\.1)j?$/i;

export function ocppVersionFromSubprotocol(p: string | undefined): OcppVersion | undefined {
  if (typeof p !== 'string' || p.length > 256) return undefined;
  for (const part of p.split(',')) {
    const m = SUBPROTOCOL.exec(part.trim());
    if (!m) continue;
    const v = m[1];
    if (v === '1.6') return '1.6';
    if (v === '2.1') return '2.1';
    return '2.0.1'; // '2.0.1' and '2.0'
  }
  return undefined;
}
