// Field layouts of HomePlug AV / Green PHY management message bodies (what follows the MME header, and the
// OUI for vendor MMEs). Sources: HomePlug AV 1.1 §11.5 (CM_SET_KEY Table 11-87/88, CM_GET_KEY, CM_BRG_INFO,
// CM_NW_INFO Table 11-110), HomePlug Green PHY 1.1 / ISO 15118-3:2015 Annex A (Tables A.1-A.9: CM_SLAC_PARM,
// CM_START_ATTEN_CHAR, CM_ATTEN_CHAR, CM_MNBC_SOUND, CM_VALIDATE, CM_SLAC_MATCH, CM_ATTEN_PROFILE),
// Qualcomm Atheros vendor MMEs as implemented by open-plc-utils (VS_SW_VER, VS_NW_INFO for MMV 0 and 1,
// VS_HOST_ACTION, VS_PL_LINK_STATUS, VS_TONE_MAP_CHAR, VS_LNK_STATS, VS_FR_LBK, VS_RS_DEV), ST/IoTecha
// STP_CPSTATE.IND, and the attenuation MME 0xA14E and dSPACE SCS diagnostic MME described by dsV2Gshark.
// Field names are the specifications' names. Multi-byte integers are little-endian.

import { hex, type FieldReader } from './reader';
import { QUALCOMM_DEVICE_IDS } from './constants';

export type Body = Record<string, unknown>;
export type BodyDecoder = (r: FieldReader, body: Body, ctx: { mmv: number }) => void;

/** Sets `key` when the value was read. */
function put(body: Body, key: string, v: unknown): void {
  if (v !== undefined) body[key] = v;
}

const MAX_GROUPS = 255;
const MAX_LIST = 64;

function atten(r: FieldReader, body: Body, numKey: string, reservedAfterNum: number): void {
  const n = r.u8(numKey);
  if (n === undefined) return;
  const profile: Body = { NumGroups: n };
  if (reservedAfterNum > 0) r.skip(reservedAfterNum, 'RSVD');
  const aag: number[] = [];
  for (let i = 0; i < n && i < MAX_GROUPS; i++) {
    const v = r.u8(`AAG[${i}]`);
    if (v === undefined) break;
    aag.push(v);
  }
  profile.AAG = aag;
  if (aag.length > 0) profile.average = Math.round((aag.reduce((a, b) => a + b, 0) / aag.length) * 100) / 100;
  body.ATTEN_PROFILE = profile;
}

function appSec(r: FieldReader, body: Body): number | undefined {
  put(body, 'APPLICATION_TYPE', r.u8('APPLICATION_TYPE'));
  const sec = r.u8('SECURITY_TYPE');
  put(body, 'SECURITY_TYPE', sec);
  return sec;
}

// ---------- HomePlug AV public MMEs ----------

const cmSetKeyReq: BodyDecoder = (r, b) => {
  put(b, 'KeyType', r.u8('KeyType'));
  put(b, 'MyNonce', r.hex(4, 'MyNonce'));
  put(b, 'YourNonce', r.hex(4, 'YourNonce'));
  put(b, 'PID', r.u8('PID'));
  put(b, 'PRN', r.u16le('PRN'));
  put(b, 'PMN', r.u8('PMN'));
  put(b, 'CCoCapability', r.u8('CCoCapability'));
  put(b, 'NID', r.hex(7, 'NID'));
  put(b, 'NewEKS', r.u8('NewEKS'));
  // NewKey: 16 bytes for NMK/TEK keys (the frame may be padded to the Ethernet minimum after it).
  put(b, 'NewKey', r.hex(Math.min(16, r.remaining), 'NewKey'));
};

const cmSetKeyCnf: BodyDecoder = (r, b) => {
  put(b, 'Result', r.u8('Result'));
  put(b, 'MyNonce', r.hex(4, 'MyNonce'));
  put(b, 'YourNonce', r.hex(4, 'YourNonce'));
  put(b, 'PID', r.u8('PID'));
  put(b, 'PRN', r.u16le('PRN'));
  put(b, 'PMN', r.u8('PMN'));
  put(b, 'CCoCapability', r.u8('CCoCapability'));
};

const cmGetKeyReq: BodyDecoder = (r, b) => {
  put(b, 'RequestType', r.u8('RequestType'));
  put(b, 'RequestedKeyType', r.u8('RequestedKeyType'));
  put(b, 'NID', r.hex(7, 'NID'));
  put(b, 'MyNonce', r.hex(4, 'MyNonce'));
  put(b, 'PID', r.u8('PID'));
  put(b, 'PRN', r.u16le('PRN'));
  put(b, 'PMN', r.u8('PMN'));
};

const cmGetKeyCnf: BodyDecoder = (r, b) => {
  put(b, 'Result', r.u8('Result'));
  put(b, 'RequestedKeyType', r.u8('RequestedKeyType'));
  put(b, 'MyNonce', r.hex(4, 'MyNonce'));
  put(b, 'YourNonce', r.hex(4, 'YourNonce'));
  put(b, 'NID', r.hex(7, 'NID'));
  put(b, 'EKS', r.u8('EKS'));
  put(b, 'PID', r.u8('PID'));
  put(b, 'PRN', r.u16le('PRN'));
  put(b, 'PMN', r.u8('PMN'));
  put(b, 'Key', r.hex(Math.min(16, r.remaining), 'Key'));
};

const cmBrgInfoCnf: BodyDecoder = (r, b) => {
  put(b, 'BSF', r.u8('BSF'));
  put(b, 'BTEI', r.u8('BTEI'));
  const n = r.u8('NBDA');
  put(b, 'NBDA', n);
  if (n === undefined) return;
  const list: string[] = [];
  for (let i = 0; i < n && i < MAX_LIST; i++) {
    const m = r.mac(`BDA[${i}]`);
    if (m === undefined) break;
    list.push(m);
  }
  b.BDA = list;
};

const cmNwInfoCnf: BodyDecoder = (r, b) => {
  const n = r.u8('NumNWs');
  put(b, 'NumNWs', n);
  if (n === undefined) return;
  const nws: Body[] = [];
  for (let i = 0; i < n && i < MAX_LIST; i++) {
    const nw: Body = {};
    put(nw, 'NID', r.hex(7, 'NID'));
    put(nw, 'SNID', r.u8('SNID'));
    put(nw, 'TEI', r.u8('TEI'));
    put(nw, 'StationRole', r.u8('StationRole'));
    put(nw, 'CCo_MAC', r.mac('CCo_MAC'));
    put(nw, 'Access', r.u8('Access'));
    put(nw, 'NumCordNWs', r.u8('NumCordNWs'));
    nws.push(nw);
    if (r.missing !== undefined) break;
  }
  b.NWINFO = nws;
};

const ccDiscoverListCnf: BodyDecoder = (r, b) => {
  const ns = r.u8('NumStations');
  put(b, 'NumStations', ns);
  if (ns === undefined) return;
  const stas: Body[] = [];
  for (let i = 0; i < ns && i < MAX_LIST; i++) {
    const s: Body = {};
    put(s, 'MACAddress', r.mac('MACAddress'));
    put(s, 'TEI', r.u8('TEI'));
    put(s, 'SameNetwork', r.u8('SameNetwork'));
    put(s, 'SNID', r.u8('SNID'));
    put(s, 'CCoCapability', r.u8('CCoCapability'));
    put(s, 'SignalLevel', r.u8('SignalLevel'));
    put(s, 'AverageBLE', r.u8('AverageBLE'));
    stas.push(s);
    if (r.missing !== undefined) return;
  }
  b.StationInfo = stas;
  put(b, 'NumNetworks', r.u8('NumNetworks'));
};

// ---------- Green PHY / ISO 15118-3 SLAC ----------

const slacParamReq: BodyDecoder = (r, b) => {
  const sec = appSec(r, b);
  put(b, 'RunID', r.hex(8, 'RunID'));
  if (sec === 1) {
    const n = r.u8('CipherSuiteSetSize');
    put(b, 'CipherSuiteSetSize', n);
    if (n !== undefined) {
      const cs: number[] = [];
      for (let i = 0; i < n && i < MAX_LIST; i++) {
        const v = r.u16le(`CipherSuite[${i}]`);
        if (v === undefined) break;
        cs.push(v);
      }
      b.CipherSuite = cs;
    }
  }
};

const slacParamCnf: BodyDecoder = (r, b) => {
  put(b, 'MSOUND_TARGET', r.mac('M-SOUND_TARGET'));
  put(b, 'NUM_SOUNDS', r.u8('NUM_SOUNDS'));
  put(b, 'Time_Out', r.u8('Time_Out'));
  put(b, 'RESP_TYPE', r.u8('RESP_TYPE'));
  put(b, 'FORWARDING_STA', r.mac('FORWARDING_STA'));
  const sec = appSec(r, b);
  put(b, 'RunID', r.hex(8, 'RunID'));
  if (sec === 1) put(b, 'CipherSuite', r.u16le('CipherSuite'));
};

const startAttenCharInd: BodyDecoder = (r, b) => {
  appSec(r, b);
  put(b, 'NUM_SOUNDS', r.u8('NUM_SOUNDS'));
  put(b, 'Time_Out', r.u8('Time_Out'));
  put(b, 'RESP_TYPE', r.u8('RESP_TYPE'));
  put(b, 'FORWARDING_STA', r.mac('FORWARDING_STA'));
  put(b, 'RunID', r.hex(8, 'RunID'));
};

const attenCharInd: BodyDecoder = (r, b) => {
  appSec(r, b);
  put(b, 'SOURCE_ADDRESS', r.mac('SOURCE_ADDRESS'));
  put(b, 'RunID', r.hex(8, 'RunID'));
  put(b, 'SOURCE_ID', r.hex(17, 'SOURCE_ID'));
  put(b, 'RESP_ID', r.hex(17, 'RESP_ID'));
  put(b, 'NUM_SOUNDS', r.u8('NUM_SOUNDS'));
  atten(r, b, 'NumGroups', 0);
};

const attenCharRsp: BodyDecoder = (r, b) => {
  appSec(r, b);
  put(b, 'SOURCE_ADDRESS', r.mac('SOURCE_ADDRESS'));
  put(b, 'RunID', r.hex(8, 'RunID'));
  put(b, 'SOURCE_ID', r.hex(17, 'SOURCE_ID'));
  put(b, 'RESP_ID', r.hex(17, 'RESP_ID'));
  put(b, 'Result', r.u8('Result'));
};

const mnbcSoundInd: BodyDecoder = (r, b) => {
  appSec(r, b);
  put(b, 'SenderID', r.hex(17, 'SenderID'));
  put(b, 'Cnt', r.u8('Cnt'));
  put(b, 'RunID', r.hex(8, 'RunID'));
  r.skip(8, 'RSVD');
  put(b, 'Rnd', r.hex(16, 'Rnd'));
};

const validateReq: BodyDecoder = (r, b) => {
  put(b, 'SignalType', r.u8('SignalType'));
  put(b, 'Timer', r.u8('Timer'));
  put(b, 'Result', r.u8('Result'));
};

const validateCnf: BodyDecoder = (r, b) => {
  put(b, 'SignalType', r.u8('SignalType'));
  put(b, 'ToggleNum', r.u8('ToggleNum'));
  put(b, 'Result', r.u8('Result'));
};

function slacMatchCommon(r: FieldReader, b: Body): void {
  appSec(r, b);
  put(b, 'MVFLength', r.u16le('MVFLength'));
  put(b, 'PEV_ID', r.hex(17, 'PEV_ID'));
  put(b, 'PEV_MAC', r.mac('PEV_MAC'));
  put(b, 'EVSE_ID', r.hex(17, 'EVSE_ID'));
  put(b, 'EVSE_MAC', r.mac('EVSE_MAC'));
  put(b, 'RunID', r.hex(8, 'RunID'));
  r.skip(8, 'RSVD');
}

const slacMatchReq: BodyDecoder = (r, b) => slacMatchCommon(r, b);

const slacMatchCnf: BodyDecoder = (r, b) => {
  slacMatchCommon(r, b);
  put(b, 'NID', r.hex(7, 'NID'));
  r.skip(1, 'RSVD');
  put(b, 'NMK', r.hex(16, 'NMK'));
};

const attenProfileInd: BodyDecoder = (r, b) => {
  put(b, 'PEV_MAC', r.mac('PEV_MAC'));
  atten(r, b, 'NumGroups', 1);
};

export const PUBLIC_BODIES: ReadonlyMap<number, BodyDecoder> = new Map([
  [0x0015, ccDiscoverListCnf],
  [0x6008, cmSetKeyReq],
  [0x6009, cmSetKeyCnf],
  [0x600c, cmGetKeyReq],
  [0x600d, cmGetKeyCnf],
  [0x6021, cmBrgInfoCnf],
  [0x6039, cmNwInfoCnf],
  [0x6064, slacParamReq],
  [0x6065, slacParamCnf],
  [0x606a, startAttenCharInd],
  [0x606e, attenCharInd],
  [0x606f, attenCharRsp],
  [0x6076, mnbcSoundInd],
  [0x6078, validateReq],
  [0x6079, validateCnf],
  [0x607c, slacMatchReq],
  [0x607d, slacMatchCnf],
  [0x6086, attenProfileInd],
]);

// ---------- Qualcomm Atheros (after the OUI) ----------

const latin1 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length && b[i] !== 0; i++) s += String.fromCharCode(b[i]);
  return s;
};

const vsSwVerCnf: BodyDecoder = (r, b) => {
  put(b, 'MSTATUS', r.u8('MSTATUS'));
  const dev = r.u8('MDEVICEID');
  put(b, 'MDEVICEID', dev);
  if (dev !== undefined && QUALCOMM_DEVICE_IDS.has(dev)) b.device = QUALCOMM_DEVICE_IDS.get(dev);
  const len = r.u8('MVERLENGTH');
  put(b, 'MVERLENGTH', len);
  if (len !== undefined) {
    const v = r.bytes(Math.min(len, 254), 'MVERSION');
    if (v !== undefined) b.MVERSION = latin1(v);
  }
};

const vsNwInfoCnf: BodyDecoder = (r, b, ctx) => {
  if (ctx.mmv >= 1) {
    // QCA7x00 layout (open-plc-utils NetInfo2): SUB_VERSION, RSVD, DATA_LEN (2), RSVD, then NUM_NWKS.
    put(b, 'SUB_VERSION', r.u8('SUB_VERSION'));
    r.skip(1, 'RSVD');
    put(b, 'DATA_LEN', r.u16le('DATA_LEN'));
    r.skip(1, 'RSVD');
    const n = r.u8('NUM_NWKS');
    put(b, 'NUM_NWKS', n);
    if (n === undefined) return;
    const nws: Body[] = [];
    for (let i = 0; i < n && i < MAX_LIST && r.missing === undefined; i++) {
      const nw: Body = {};
      put(nw, 'NID', r.hex(7, 'NID'));
      r.skip(2, 'RSVD');
      put(nw, 'SNID', r.u8('SNID'));
      put(nw, 'TEI', r.u8('TEI'));
      r.skip(4, 'RSVD');
      put(nw, 'ROLE', r.u8('ROLE'));
      put(nw, 'CCO_MAC', r.mac('CCO_MAC'));
      put(nw, 'CCO_TEI', r.u8('CCO_TEI'));
      r.skip(3, 'RSVD');
      nws.push(nw);
    }
    b.NETWORKS = nws;
    if (r.missing !== undefined) return;
    const ns = r.u8('NUM_STAS');
    put(b, 'NUM_STAS', ns);
    if (ns === undefined) return;
    r.skip(5, 'RSVD');
    const stas: Body[] = [];
    for (let i = 0; i < ns && i < MAX_LIST && r.missing === undefined; i++) {
      const s: Body = {};
      put(s, 'MAC', r.mac('MAC'));
      put(s, 'TEI', r.u8('TEI'));
      r.skip(3, 'RSVD');
      put(s, 'BDA', r.mac('BDA'));
      put(s, 'AVGTX', r.u16le('AVGTX'));
      put(s, 'COUPLING', r.u8('COUPLING'));
      r.skip(1, 'RSVD');
      put(s, 'AVGRX', r.u16le('AVGRX'));
      r.skip(1, 'RSVD');
      stas.push(s);
    }
    b.STATIONS = stas;
    return;
  }
  // INT6x00 layout (open-plc-utils NetInfo1).
  const n = r.u8('NUM_NWKS');
  put(b, 'NUM_NWKS', n);
  if (n === undefined) return;
  const nws: Body[] = [];
  for (let i = 0; i < n && i < MAX_LIST && r.missing === undefined; i++) {
    const nw: Body = {};
    put(nw, 'NID', r.hex(7, 'NID'));
    put(nw, 'SNID', r.u8('SNID'));
    put(nw, 'TEI', r.u8('TEI'));
    put(nw, 'ROLE', r.u8('ROLE'));
    put(nw, 'CCO_MAC', r.mac('CCO_MAC'));
    put(nw, 'CCO_TEI', r.u8('CCO_TEI'));
    const ns = r.u8('NUM_STAS');
    put(nw, 'NUM_STAS', ns);
    const stas: Body[] = [];
    for (let j = 0; ns !== undefined && j < ns && j < MAX_LIST && r.missing === undefined; j++) {
      const s: Body = {};
      put(s, 'MAC', r.mac('MAC'));
      put(s, 'TEI', r.u8('TEI'));
      put(s, 'BDA', r.mac('BDA'));
      put(s, 'AVGTX', r.u8('AVGTX'));
      put(s, 'AVGRX', r.u8('AVGRX'));
      stas.push(s);
    }
    nw.STATIONS = stas;
    nws.push(nw);
  }
  b.NETWORKS = nws;
};

const vsHostActionInd: BodyDecoder = (r, b) => {
  put(b, 'MACTION', r.u8('MACTION'));
  put(b, 'MAJOR_VERSION', r.u8('MAJOR_VERSION'));
  put(b, 'MINOR_VERSION', r.u8('MINOR_VERSION'));
};

const statusOnly: BodyDecoder = (r, b) => {
  put(b, 'MSTATUS', r.u8('MSTATUS'));
};

const vsPlLinkStatusCnf: BodyDecoder = (r, b) => {
  put(b, 'MSTATUS', r.u8('MSTATUS'));
  put(b, 'LINK_STATUS', r.u8('LINK_STATUS'));
};

const vsToneMapReq: BodyDecoder = (r, b) => {
  put(b, 'MACADDRESS', r.mac('MACADDRESS'));
  put(b, 'TMSLOT', r.u8('TMSLOT'));
};

const vsLnkStatsReq: BodyDecoder = (r, b) => {
  put(b, 'MCONTROL', r.u8('MCONTROL'));
  put(b, 'DIRECTION', r.u8('DIRECTION'));
  put(b, 'LID', r.u8('LID'));
  put(b, 'MACADDRESS', r.mac('MACADDRESS'));
};

const vsFrLbkReq: BodyDecoder = (r, b) => {
  put(b, 'DURATION', r.u8('DURATION'));
  r.skip(1, 'RSVD');
  put(b, 'LENGTH', r.u16le('LENGTH'));
};

const vsFrLbkCnf: BodyDecoder = (r, b) => {
  put(b, 'MSTATUS', r.u8('MSTATUS'));
  put(b, 'DURATION', r.u8('DURATION'));
  put(b, 'LENGTH', r.u16le('LENGTH'));
};

/** 0xA14E (VS_ATTENUATION_CHARACTERISTICS.IND): PEV MAC, NumGroups, 9 bytes not described, AAG[NumGroups]. */
const vsAttenCharInd: BodyDecoder = (r, b) => {
  put(b, 'PEV_MAC', r.mac('PEV_MAC'));
  atten(r, b, 'NumGroups', 9);
};

export const QUALCOMM_BODIES: ReadonlyMap<number, BodyDecoder> = new Map([
  [0xa001, vsSwVerCnf],
  [0xa01d, statusOnly],
  [0xa030, vsLnkStatsReq],
  [0xa039, vsNwInfoCnf],
  [0xa048, vsFrLbkReq],
  [0xa049, vsFrLbkCnf],
  [0xa062, vsHostActionInd],
  [0xa063, statusOnly],
  [0xa070, vsToneMapReq],
  [0xa090, vsToneMapReq],
  [0xa0b9, vsPlLinkStatusCnf],
  [0xa14e, vsAttenCharInd],
]);

// ---------- ST/IoTecha ----------

const stpCpStateInd: BodyDecoder = (r, b) => {
  put(b, 'MMEVersion', r.u8('MMEVersion'));
  r.skip(3, 'RSVD');
  put(b, 'MessageVersion', r.u8('MessageVersion'));
  const st = r.u8('CPState');
  put(b, 'CPState', st);
  if (st !== undefined) b.state = CP_STATES[st] ?? `0x${st.toString(16).padStart(2, '0')}`;
  put(b, 'PWMDutyCycle', r.u8('PWMDutyCycle'));
  put(b, 'PWMFrequency', r.u16le('PWMFrequency'));
  put(b, 'CPVoltage', r.u16le('CPVoltage'));
};

/** IEC 61851 CP states as ST/IoTecha encode them (Wireshark's table). */
const CP_STATES: Record<number, string> = { 0: 'unknown', 1: 'A', 2: 'A', 3: 'B', 4: 'B', 5: 'C', 6: 'C', 7: 'D', 8: 'D', 9: 'E', 10: 'F' };

export const ST_BODIES: ReadonlyMap<number, BodyDecoder> = new Map([[0xa22e, stpCpStateInd]]);

// ---------- dSPACE SCS diagnostic ----------

const MAX_JSON = 4096;

/** "dSPACE SCS Diag|dsV2Gshark|v<version>|<info>|<json>" (dsV2Gshark v2ghpscs.lua). */
const dspaceScsDiag: BodyDecoder = (r, b) => {
  const bytes = r.rest();
  let s = '';
  const n = Math.min(bytes.length, MAX_JSON + 256);
  for (let i = 0; i < n && bytes[i] !== 0; i++) s += String.fromCharCode(bytes[i]);
  const m = /^([^|]+)\|([^|]+)\|v([0-9]+)\|([^|]+)\|(\{[\s\S]*\})\s*$/.exec(s);
  if (!m) {
    b.text = s;
    b.valid = false;
    return;
  }
  b.prefix = m[1];
  b.tool = m[2];
  b.version = Number(m[3]);
  b.info = m[4];
  try {
    const data: unknown = m[5].length <= MAX_JSON ? JSON.parse(m[5]) : undefined;
    b.data = data ?? m[5];
  } catch {
    b.data = m[5];
    b.valid = false;
  }
};

export const DSPACE_BODIES: ReadonlyMap<number, BodyDecoder> = new Map([[0x8002, dspaceScsDiag]]);

export function rawBody(r: FieldReader, b: Body): void {
  const rest = r.rest();
  if (rest.length > 0) b.data = hex(rest, 0, Math.min(rest.length, 512));
}
