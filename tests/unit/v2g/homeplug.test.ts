// HomePlug AV / Green PHY (SLAC) decoding checked against tshark's homeplug-av dissector on every corpus
// capture: MMV, MMTYPE, OUI, the public MME names, and the key SLAC fields (RunID, MACs, NID, NMK,
// attenuation groups), CM_SET_KEY, CM_NW_INFO, Qualcomm VS_SW_VER / VS_NW_INFO, ST/IoTecha CP state.
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHomePlug, type HomePlugMessage } from '../../../parsers/protocols/homeplug';
import { describeShared, sharedFiles } from '../../support/shared';
import { hasTshark, pool, tsharkFieldsAsync } from './tshark';
import { parsePacket, readCaptureFrames } from './pcapFrames';

const FIELDS = [
  'frame.number',
  'homeplug_av.mmhdr.mmver',
  'homeplug_av.mmhdr.mmtype',
  'homeplug_av.mmhdr.mmtype.qualcomm',
  'homeplug_av.mmhdr.mmtype.st',
  'homeplug_av.vendor.oui',
  '_ws.col.Info',
  // SLAC
  'homeplug_av.gp.cm_slac_parm.runid',
  'homeplug_av.gp.cm_slac_parm.sound_target',
  'homeplug_av.gp.cm_slac_parm.sound_count',
  'homeplug_av.gp.cm_slac_parm.forwarding_sta',
  'homeplug_av.gp.cm_start_atten_char.runid',
  'homeplug_av.gp.cm_start_atten_char.sounds_count',
  'homeplug_av.gp.cm_mnbc_sound.runid',
  'homeplug_av.gp.cm_mnbc_sound.countdown',
  'homeplug_av.gp.cm_atten_char.source_mac',
  'homeplug_av.gp.cm_atten_char.runid',
  'homeplug_av.gp.cm_atten_char.groups_count',
  'homeplug_av.gp.cm_atten_char.aag',
  'homeplug_av.gp.cm_atten_profile_ind.pev_mac',
  'homeplug_av.gp.cm_atten_profile_ind.aag',
  'homeplug_av.gp.cm_slac_match.pev_mac',
  'homeplug_av.gp.cm_slac_match.evse_mac',
  'homeplug_av.gp.cm_slac_match.runid',
  'homeplug_av.gp.cm_slac_match.nid',
  'homeplug_av.gp.cm_slac_match.nmk',
  // CM_SET_KEY, CM_NW_INFO
  'homeplug_av.cm_set_key_req.nw_key',
  'homeplug_av.cm_set_key_cnf.result',
  'homeplug_av.nw_info.num_avlns',
  'homeplug_av.nw_info.nid',
  'homeplug_av.nw_info_cnf.cco_mac',
  // Qualcomm
  'homeplug_av.get_sw_cnf.ver_str',
  'homeplug_av.get_sw_cnf.dev_id',
  // ST/IoTecha
  'homeplug_av.st_iotecha.cpstate.pwm_freq',
  'homeplug_av.st_iotecha.cpstate.pwm_duty',
];

const colon = (h: string): string => h.replace(/(..)(?!$)/g, '$1:');
const num = (s: string): number => (s.startsWith('0x') ? parseInt(s, 16) : Number(s));

interface Counts { frames: number; named: number; fields: number }

/** ip/ipv6/arp are not needed to dissect 0x88E1 frames; disabling them makes tshark much faster. */
const FAST = ['--disable-protocol', 'ip', '--disable-protocol', 'ipv6', '--disable-protocol', 'arp'];

function compareCapture(file: string, rows: string[][], counts: Counts): void {
  if (rows.length === 0) return;
  const frames = new Map(readCaptureFrames(file).map((f) => [f.frame, f]));
  for (const row of rows) {
    const t = Object.fromEntries(FIELDS.map((f, i) => [f, row[i] ?? '']));
    const fr = frames.get(Number(t['frame.number']));
    expect(fr, `frame ${t['frame.number']}`).toBeDefined();
    const eth = parsePacket(fr!);
    expect(eth?.ethertype).toBe(0x88e1);
    const m: HomePlugMessage = decodeHomePlug(eth!.l2payload);
    const where = `${basename(file)} frame ${t['frame.number']} (${m.name})`;
    counts.frames++;
    expect(m.mmv, where).toBe(num(t['homeplug_av.mmhdr.mmver']));
    const tType = t['homeplug_av.mmhdr.mmtype'] || t['homeplug_av.mmhdr.mmtype.qualcomm'] || t['homeplug_av.mmhdr.mmtype.st'];
    expect(m.mmtype, where).toBe(num(tType));
    if (t['homeplug_av.vendor.oui']) expect(m.oui, where).toBe(colon(num(t['homeplug_av.vendor.oui']).toString(16).padStart(6, '0')));
    // Public MMEs: tshark's Info column starts with the name (Wireshark spells CM_SLAC_PARM).
    const info = t['_ws.col.Info'];
    if (m.mmtype < 0x8000 && /^[A-Z]{2}_[A-Z_]+\.(REQ|CNF|IND|RSP)/.test(info)) {
      expect(m.name, where).toBe(info.split(' ')[0].replace('CM_SLAC_PARM', 'CM_SLAC_PARAM'));
      counts.named++;
    }
    const b = m.body as Record<string, unknown>;
    const eq = (field: string, mine: unknown, conv: (s: string) => unknown = (s) => s): void => {
      const v = t[field];
      if (!v) return;
      expect(mine, `${where}: ${field}`).toEqual(conv(v));
      counts.fields++;
    };
    const hexOf = (s: string): string => s.replace(/:/g, '').toLowerCase();
    const list = (s: string): number[] => s.split(',').map(Number);
    switch (m.mmtype) {
      case 0x6064:
        eq('homeplug_av.gp.cm_slac_parm.runid', b.RunID, hexOf);
        break;
      case 0x6065:
        eq('homeplug_av.gp.cm_slac_parm.runid', b.RunID, hexOf);
        eq('homeplug_av.gp.cm_slac_parm.sound_target', b.MSOUND_TARGET);
        eq('homeplug_av.gp.cm_slac_parm.sound_count', b.NUM_SOUNDS, num);
        eq('homeplug_av.gp.cm_slac_parm.forwarding_sta', b.FORWARDING_STA);
        break;
      case 0x606a:
        eq('homeplug_av.gp.cm_start_atten_char.runid', b.RunID, hexOf);
        eq('homeplug_av.gp.cm_start_atten_char.sounds_count', b.NUM_SOUNDS, num);
        break;
      case 0x6076:
        eq('homeplug_av.gp.cm_mnbc_sound.runid', b.RunID, hexOf);
        eq('homeplug_av.gp.cm_mnbc_sound.countdown', b.Cnt, num);
        break;
      case 0x606e: {
        eq('homeplug_av.gp.cm_atten_char.source_mac', b.SOURCE_ADDRESS);
        eq('homeplug_av.gp.cm_atten_char.runid', b.RunID, hexOf);
        const p = b.ATTEN_PROFILE as { NumGroups: number; AAG: number[] };
        eq('homeplug_av.gp.cm_atten_char.groups_count', p.NumGroups, num);
        eq('homeplug_av.gp.cm_atten_char.aag', p.AAG, list);
        break;
      }
      case 0x606f:
        eq('homeplug_av.gp.cm_atten_char.source_mac', b.SOURCE_ADDRESS);
        eq('homeplug_av.gp.cm_atten_char.runid', b.RunID, hexOf);
        break;
      case 0x6086:
        eq('homeplug_av.gp.cm_atten_profile_ind.pev_mac', b.PEV_MAC);
        eq('homeplug_av.gp.cm_atten_profile_ind.aag', (b.ATTEN_PROFILE as { AAG: number[] }).AAG, list);
        break;
      case 0x607c:
      case 0x607d:
        eq('homeplug_av.gp.cm_slac_match.pev_mac', b.PEV_MAC);
        eq('homeplug_av.gp.cm_slac_match.evse_mac', b.EVSE_MAC);
        eq('homeplug_av.gp.cm_slac_match.runid', b.RunID, hexOf);
        eq('homeplug_av.gp.cm_slac_match.nid', b.NID, hexOf);
        eq('homeplug_av.gp.cm_slac_match.nmk', b.NMK, hexOf);
        break;
      case 0x6008:
        eq('homeplug_av.cm_set_key_req.nw_key', b.NewKey, hexOf);
        break;
      case 0x6009:
        eq('homeplug_av.cm_set_key_cnf.result', b.Result, num);
        break;
      case 0x6039: {
        eq('homeplug_av.nw_info.num_avlns', b.NumNWs, num);
        const nws = (b.NWINFO as { NID: string; CCo_MAC: string }[]) ?? [];
        eq('homeplug_av.nw_info.nid', nws.map((n) => n.NID).join(','), hexOf);
        eq('homeplug_av.nw_info_cnf.cco_mac', nws.map((n) => n.CCo_MAC).join(','));
        break;
      }
      case 0xa001:
        if (m.oui === '00:b0:52') {
          eq('homeplug_av.get_sw_cnf.ver_str', b.MVERSION);
          eq('homeplug_av.get_sw_cnf.dev_id', b.MDEVICEID, num);
        }
        break;
      case 0xa039:
        if (m.oui === '00:b0:52') {
          eq('homeplug_av.nw_info.num_avlns', b.NUM_NWKS, num);
          const nws = (b.NETWORKS as { NID: string; CCO_MAC: string }[]) ?? [];
          eq('homeplug_av.nw_info.nid', nws.map((n) => n.NID).join(','), hexOf);
        }
        break;
      case 0xa22e:
        if (m.oui === '00:80:e1') {
          eq('homeplug_av.st_iotecha.cpstate.pwm_freq', b.PWMFrequency, num);
          eq('homeplug_av.st_iotecha.cpstate.pwm_duty', b.PWMDutyCycle, num);
        }
        break;
    }
    if (m.mmtype === 0x8002 && m.oui === '64:4d:70') {
      // dSPACE SCS diagnostic: the text is self-describing; the JSON part must parse.
      expect(b.prefix, where).toBe('dSPACE SCS Diag');
      expect(typeof b.data, where).toBe('object');
    }
    expect(m.diagnostics.filter((d) => d.code === 'homeplug.internal'), where).toEqual([]);
  }
}

describeShared('HomePlug AV / SLAC vs tshark (corpus)', () => {
  const files = sharedFiles('corpus/captures', /\.(pcap|pcapng)$/);
  it.skipIf(!hasTshark)('decodes every 0x88E1 frame like tshark', async () => {
    const counts: Counts = { frames: 0, named: 0, fields: 0 };
    const all = await pool(files, 3, (f) => tsharkFieldsAsync(f, 'eth.type == 0x88e1', FIELDS, FAST));
    files.forEach((f, i) => compareCapture(f, all[i], counts));
    // The corpus has thousands of MMEs (SOURCES.md); make sure the comparison really ran.
    expect(counts.frames).toBeGreaterThan(3000);
    expect(counts.named).toBeGreaterThan(1000);
    expect(counts.fields).toBeGreaterThan(1000);
  }, 300_000);
});

describe('HomePlug header edge cases (hand-built from HomePlug AV 1.1 §11.1)', () => {
  it('reports truncated headers and bodies without throwing', () => {
    expect(decodeHomePlug(new Uint8Array([1, 0x64])).diagnostics[0].code).toBe('homeplug.truncated');
    // CM_SLAC_PARM.REQ (MMV 1, 0x6064, FMI 0) cut after APPLICATION_TYPE.
    const m = decodeHomePlug(new Uint8Array([1, 0x64, 0x60, 0, 0, 0]));
    expect(m.name).toBe('CM_SLAC_PARAM.REQ');
    expect(m.kind).toBe('request');
    expect(m.body).toEqual({ APPLICATION_TYPE: 0 });
    expect(m.diagnostics.map((d) => d.code)).toEqual(['homeplug.truncated']);
  });

  it('names kinds by the two low MMTYPE bits and vendor MMEs by OUI', () => {
    expect(decodeHomePlug(new Uint8Array([1, 0x6f, 0x60, 0, 0])).kind).toBe('response'); // CM_ATTEN_CHAR.RSP
    expect(decodeHomePlug(new Uint8Array([1, 0x6e, 0x60, 0, 0])).kind).toBe('notification');
    const vs = decodeHomePlug(new Uint8Array([0, 0x62, 0xa0, 0x00, 0xb0, 0x52, 0x02, 0x01, 0x00]));
    expect(vs.name).toBe('VS_HOST_ACTION.IND');
    expect(vs.vendor).toBe('Qualcomm Atheros');
    expect(vs.body).toEqual({ MACTION: 2, MAJOR_VERSION: 1, MINOR_VERSION: 0 });
    const unknown = decodeHomePlug(new Uint8Array([0, 0x01, 0xa7, 0x12, 0x34, 0x56, 0xaa]));
    expect(unknown.name).toBe('VS_0xA700.CNF');
    expect(unknown.body).toEqual({ data: 'aa' });
  });

  it('flags fragmented MMEs instead of decoding a partial body', () => {
    const m = decodeHomePlug(new Uint8Array([1, 0x6e, 0x60, 0x10, 0x05, 0, 0]));
    expect(m.fragment).toEqual({ count: 1, index: 0, seq: 5 });
    expect(m.diagnostics.map((d) => d.code)).toContain('homeplug.fragment');
  });
});
