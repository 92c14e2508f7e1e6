// HomePlug AV / Green PHY management messages (Ethernet type 0x88E1): the MME header of HomePlug AV 1.1
// §11.1 (MMV 1 byte; MMTYPE 2 bytes little-endian, whose two low bits are REQ/CNF/IND/RSP; for MMV >= 1 the
// fragmentation fields FMI (fragment count / index nibbles) and FMSN), the OUI that follows in vendor-specific
// (0xA000-0xBFFF) and manufacturer-specific (0x8000-0x9FFF) MMEs, then the body (bodies.ts). Joins the
// `ethertype` table (0x88E1). Never throws; truncated fields become a diagnostic.

import { diag, type Diagnostic } from '../../core/diagnostics';
import {
  DSPACE_MMTYPES,
  MMTYPE_KIND,
  MMTYPE_SUFFIX,
  OUI_DSPACE,
  OUI_QUALCOMM,
  OUI_ST_IOTECHA,
  PUBLIC_MMTYPES,
  QUALCOMM_MMTYPES,
  ST_MMTYPES,
  VENDOR_NAMES,
  type HomePlugKind,
} from './constants';
import { DSPACE_BODIES, PUBLIC_BODIES, QUALCOMM_BODIES, ST_BODIES, rawBody, type Body, type BodyDecoder } from './bodies';
import { FieldReader } from './reader';

export interface HomePlugFragment {
  /** Number of fragments minus one (FMI high nibble); 0 = not fragmented. */
  count: number;
  /** Fragment index (FMI low nibble). */
  index: number;
  /** Fragment sequence number (FMSN). */
  seq: number;
}

export interface HomePlugMessage {
  /** Base name + '.REQ' | '.CNF' | '.IND' | '.RSP' (e.g. 'CM_SLAC_PARAM.REQ'); unknown types 'MME_0x6123.IND' / 'VS_0xA123.CNF'. */
  name: string;
  mmtype: number;
  /** Management message version: 0 = HomePlug AV 1.0 header, 1 = 1.1 (with FMI/FMSN). */
  mmv: number;
  kind: HomePlugKind;
  /** OUI of vendor / manufacturer MMEs ('00:b0:52'), when present. */
  oui?: string;
  vendor?: string;
  fragment?: HomePlugFragment;
  body: Body;
  diagnostics: Diagnostic[];
}

function hex4(v: number): string {
  return '0x' + v.toString(16).toUpperCase().padStart(4, '0');
}

function baseName(mmtype: number, oui: string | undefined): string {
  const base = mmtype & 0xfffc;
  if (mmtype < 0x8000) return PUBLIC_MMTYPES.get(base) ?? `MME_${hex4(base)}`;
  if (oui === OUI_QUALCOMM || (oui === '00:00:00' && base === 0xa14c)) {
    const n = QUALCOMM_MMTYPES.get(base);
    if (n) return n;
  }
  if (oui === OUI_ST_IOTECHA) {
    const n = ST_MMTYPES.get(base);
    if (n) return n;
  }
  if (oui === OUI_DSPACE) {
    const n = DSPACE_MMTYPES.get(base);
    if (n) return n;
  }
  return mmtype < 0xa000 ? `MS_${hex4(base)}` : `VS_${hex4(base)}`;
}

function bodyDecoder(mmtype: number, oui: string | undefined): BodyDecoder | undefined {
  if (mmtype < 0x8000) return PUBLIC_BODIES.get(mmtype);
  if (oui === OUI_QUALCOMM || (oui === '00:00:00' && mmtype === 0xa14e)) return QUALCOMM_BODIES.get(mmtype);
  if (oui === OUI_ST_IOTECHA) return ST_BODIES.get(mmtype);
  if (oui === OUI_DSPACE) return DSPACE_BODIES.get(mmtype);
  return undefined;
}

/** Decodes one HomePlug AV MME; `payload` starts right after the Ethernet type field. */
export function decodeHomePlug(payload: Uint8Array): HomePlugMessage {
  const ds: Diagnostic[] = [];
  const msg: HomePlugMessage = { name: '?', mmtype: 0, mmv: 0, kind: 'notification', body: {}, diagnostics: ds };
  try {
    if (payload.length < 3) {
      ds.push(diag('error', 'homeplug.truncated', `HomePlug AV frame of ${payload.length} bytes has no complete MME header`));
      return msg;
    }
    const mmv = payload[0];
    const mmtype = payload[1] | (payload[2] << 8);
    msg.mmv = mmv;
    msg.mmtype = mmtype;
    msg.kind = MMTYPE_KIND[mmtype & 3];
    if (mmv > 2) ds.push(diag('warning', 'homeplug.mmv', `unknown management message version ${mmv}`));
    const r = new FieldReader(payload, 3);
    if (mmv >= 1) {
      const fmi = r.u8('FMI');
      const fmsn = r.u8('FMSN');
      if (fmi !== undefined && fmsn !== undefined) {
        msg.fragment = { count: fmi >> 4, index: fmi & 0x0f, seq: fmsn };
        if (fmi >> 4 !== 0) {
          ds.push(diag('info', 'homeplug.fragment', `MME fragment ${(fmi & 0x0f) + 1} of ${(fmi >> 4) + 1} (sequence ${fmsn}); body not reassembled`));
        }
      }
    }
    let oui: string | undefined;
    if (mmtype >= 0x8000 && mmtype < 0xc000) {
      const o = r.bytes(3, 'OUI');
      if (o !== undefined) {
        oui = `${o[0].toString(16).padStart(2, '0')}:${o[1].toString(16).padStart(2, '0')}:${o[2].toString(16).padStart(2, '0')}`;
        msg.oui = oui;
        const v = VENDOR_NAMES.get(oui);
        if (v) msg.vendor = v;
      }
    }
    msg.name = baseName(mmtype, oui) + MMTYPE_SUFFIX[mmtype & 3];
    if (r.missing !== undefined) {
      ds.push(diag('error', 'homeplug.truncated', `MME header truncated at ${r.missing}`));
      return msg;
    }
    const fragmented = msg.fragment !== undefined && msg.fragment.count !== 0;
    const dec = fragmented ? undefined : bodyDecoder(mmtype, oui);
    if (dec) dec(r, msg.body, { mmv });
    else rawBody(r, msg.body);
    if (r.missing !== undefined) {
      ds.push(diag('warning', 'homeplug.truncated', `${msg.name} ends before field ${r.missing}`, `/${r.missing}`));
    }
  } catch (e) {
    ds.push(diag('error', 'homeplug.internal', `HomePlug decoding failed: ${String(e)}`));
  }
  return msg;
}


