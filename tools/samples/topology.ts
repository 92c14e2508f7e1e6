// Who talks to whom in the samples, with addresses from documentation ranges only: the utility side in
// 192.0.2.0/24 (RFC 5737 TEST-NET-1), the network service provider and the charger's uplink in
// 198.51.100.0/24 (TEST-NET-2), the V2G link on IPv6 link-local addresses derived from the MACs (modified
// EUI-64, RFC 4291 Appendix A), every MAC locally administered (02/06 first octet).

import type { Host, InterfaceSpec } from './net';

/** fe80:: address with the modified EUI-64 interface identifier of a MAC. */
export function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  b[0] ^= 0x02;
  const id = [b[0], b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]];
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push(((id[i] << 8) | id[i + 1]).toString(16));
  return `fe80::${groups.join(':')}`;
}

function host(name: string, mac: string, ip?: string): Host {
  return { name, mac, ip: ip ?? linkLocal(mac) };
}

/** Utility's OpenADR 2.0b VTN. */
export const VTN = host('vtn', '02:00:c0:00:02:0a', '192.0.2.10');
/** Utility's IEEE 2030.5 server. */
export const SEP_SERVER = host('sep-server', '02:00:c0:00:02:1e', '192.0.2.30');
/** NSP's OCPP CSMS. */
export const CSMS = host('csms', '02:00:c6:33:64:14', '198.51.100.20');
/** NSP's aggregator: OpenADR VEN and IEEE 2030.5 client. */
export const AGGREGATOR = host('aggregator', '02:00:c6:33:64:15', '198.51.100.21');
/** The charging station's uplink (OCPP client). */
export const CHARGER = host('charger', '02:00:c6:33:64:4d', '198.51.100.77');
/** The charging station's SECC on the PLC link. */
export const SECC = host('secc', '02:a0:5e:00:01:01');
/** The vehicle's EVCC on the PLC link. */
export const EV = host('ev', '06:1a:2b:3c:4d:5e');

export const UPLINK: InterfaceSpec = {
  name: 'uplink0',
  description: 'NSP side: OCPP between the charger and the CSMS, OpenADR and IEEE 2030.5 between the utility and the aggregator',
  tsresol: 6,
};

export const PLC: InterfaceSpec = {
  name: 'plc0',
  description: 'charger side: HomePlug Green PHY link to the vehicle (SLAC, SDP, V2GTP)',
  tsresol: 9,
};

/** The day of every sample: Tuesday 17 March 2026 (UTC), as µs since the epoch. */
export function at(hh: number, mm: number, ss = 0, ms = 0): number {
  return (Date.UTC(2026, 2, 17, hh, mm, ss) + ms) * 1000;
}

export const STATION_ID = 'CP-0001';
export const EVSE_ID_ISO = 'US*EXA*E0001*1';
