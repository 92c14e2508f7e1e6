// One V2G TCP connection (EVCC = TCP client, direction 0; SECC = server, direction 1): V2GTP framing per
// direction (parsers/protocols/v2gtp), the supportedAppProtocol negotiation that picks the grammar
// (appProtocol.ts: DIN SPEC 70121 §8.2, ISO 15118-2 §8.2, ISO 15118-20 §8.3.1), EXI decoding through an
// injected decoder, and the session diagnostics of session.ts. Emits one V2gMessage per V2GTP message (also
// for undecodable ones, name '?'). Joins the `tcp` heuristic table (first bytes 01 FE) through the engine.
// Without a usable handshake (capture started late, handshake lost) the grammar is inferred by trial
// decoding with the offered / most likely grammars (diagnostic v2g.schema_inferred).

import { diag, type Diagnostic } from '../../core/diagnostics';
import type { Direction } from '../../core/endpoint';
import type { FrameRef } from '../../core/frame';
import { PT_EXI, V2gtpStream, isExiPayloadType, payloadTypeHex, type V2gtpFrame, type V2gtpProblem } from '../v2gtp';
import {
  APPHAND_NAMESPACE,
  DIN_NAMESPACE,
  ISO2_NAMESPACE,
  iso20SchemaForPayloadType,
  namespaceFamily,
  offersOf,
  protocolOfSchema,
  selectionOf,
  type AppProtocolOffer,
} from './appProtocol';
import { kindOfName, viewMessage } from './messages';
import { V2gSessionTracker } from './session';
import type { Family } from './rules';
import type { ExiDecodeFn, V2gConnection, V2gConnectionOptions, V2gMessage, V2gSchema } from './types';

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const MAX_HEX_BODY = 4096;

function toHex(b: Uint8Array): string {
  let s = '';
  const n = Math.min(b.length, MAX_HEX_BODY);
  for (let i = 0; i < n; i++) s += HEX[b[i]];
  return s;
}

const NOT_DECODED: ExiDecodeFn = () => ({ ok: false, error: { code: 'exi.unavailable', message: 'no EXI decoder configured', bitOffset: 0 } });

class Connection implements V2gConnection {
  private readonly streams: [V2gtpStream, V2gtpStream];
  private readonly decode: ExiDecodeFn;
  private readonly session = new V2gSessionTracker();
  /** Per direction: has the first 0x8001 message (the handshake) been seen? */
  private readonly firstSeen: [boolean, boolean] = [false, false];
  private offers: AppProtocolOffer[] = [];
  private family: Family | undefined;
  private namespace = '';

  constructor(private readonly opts: V2gConnectionOptions) {
    this.decode = opts.decode ?? NOT_DECODED;
    const mk = (dir: Direction): V2gtpStream =>
      new V2gtpStream(
        { message: (f) => this.safe(() => this.onMessage(dir, f), f.at), problem: (p) => this.safe(() => this.onProblem(dir, p), p.at) },
        { maxPayload: opts.maxPayload },
      );
    this.streams = [mk(0), mk(1)];
  }

  push(dir: Direction, data: Uint8Array, at: FrameRef): void {
    this.streams[dir].push(data, at);
  }

  gap(dir: Direction, missingBytes: number, at: FrameRef): void {
    this.streams[dir].gap(missingBytes, at);
  }

  end(dir: Direction, at: FrameRef): void {
    this.streams[dir].end(at);
  }

  private safe(fn: () => void, at: FrameRef): void {
    try {
      fn();
    } catch (e) {
      this.opts.emit(this.bare(0, 0, at, { error: String(e) }, [diag('error', 'v2g.internal', `V2G decoding failed: ${String(e)}`)]));
    }
  }

  private bare(dir: Direction, payloadType: number, at: FrameRef, body: unknown, ds: Diagnostic[]): V2gMessage {
    const protocol = this.family !== undefined ? protocolOfSchema(this.family === 'din' ? 'din' : this.family === 'iso2' ? 'iso2' : 'iso20-common') : 'v2gtp';
    return { protocol, version: this.namespace, name: '?', kind: 'notification', id: '', body, payloadType, dir, at, diagnostics: ds };
  }

  private onProblem(dir: Direction, p: V2gtpProblem): void {
    this.opts.emit(this.bare(dir, p.payloadType ?? 0, p.at, { raw_hex: toHex(p.sample), skipped: p.skipped }, [p.diagnostic]));
  }

  private onMessage(dir: Direction, f: V2gtpFrame): void {
    const pt = f.payloadType;
    const ds: Diagnostic[] = [];
    if (!isExiPayloadType(pt)) {
      ds.push(diag('warning', 'v2gtp.unknown_payload_type', `V2GTP payload type ${payloadTypeHex(pt)} is not an EXI-encoded V2G message; not decoded`));
      this.opts.emit(this.bare(dir, pt, f.at, { raw_hex: toHex(f.payload) }, ds));
      return;
    }
    const bytes = f.payload;
    // The first 0x8001 message of each direction is the supportedAppProtocol handshake.
    if (pt === PT_EXI && !this.firstSeen[dir]) {
      this.firstSeen[dir] = true;
      const r = this.decode('apphand', bytes);
      if (r.ok) {
        const view = viewMessage('apphand', r.value);
        if (view.name === 'supportedAppProtocolReq' || view.name === 'supportedAppProtocolRes') {
          this.handshake(view.name, r.value, ds);
          this.finish(dir, f, 'apphand', r.value, ds);
          return;
        }
      }
      // Not a handshake: the capture started after it (or it was lost).
    }
    const schema = this.schemaFor(pt, bytes, ds);
    if (schema === undefined) {
      ds.push(diag('warning', 'v2g.no_schema', 'no supportedAppProtocol negotiation seen and no grammar decodes this message'));
      this.opts.emit(this.bare(dir, pt, f.at, { exi_hex: toHex(bytes) }, ds));
      return;
    }
    const r = this.decode(schema, bytes);
    if (!r.ok) {
      const e = r.error;
      ds.push(diag('error', e?.code === 'exi.unavailable' ? 'v2g.exi_unavailable' : 'v2g.exi_decode',
        `EXI decoding with grammar ${schema} failed: ${e ? `${e.code}: ${e.message} (bit ${e.bitOffset})` : 'unknown error'}`));
      const m = this.bare(dir, pt, f.at, { exi_hex: toHex(bytes) }, ds);
      m.protocol = protocolOfSchema(schema);
      m.schema = schema;
      this.opts.emit(m);
      return;
    }
    this.finish(dir, f, schema, r.value, ds);
  }

  private handshake(name: string, value: unknown, ds: Diagnostic[]): void {
    if (name === 'supportedAppProtocolReq') {
      this.offers = offersOf(value);
      if (this.offers.length === 0) ds.push(diag('warning', 'v2g.no_offer', 'supportedAppProtocolReq offers no AppProtocol'));
      return;
    }
    const sel = selectionOf(value);
    if (sel.schemaId === undefined) {
      ds.push(diag('warning', 'v2g.no_selection', `supportedAppProtocolRes without SchemaID (${sel.responseCode ?? 'no ResponseCode'})`));
      return;
    }
    const offer = this.offers.find((o) => o.SchemaID === sel.schemaId);
    if (offer === undefined) {
      ds.push(diag('warning', 'v2g.unknown_schema_id', this.offers.length
        ? `SchemaID ${sel.schemaId} was not offered by the supportedAppProtocolReq`
        : `SchemaID ${sel.schemaId} selected but the supportedAppProtocolReq was not captured`));
      return;
    }
    const fam = namespaceFamily(offer.ProtocolNamespace);
    if (fam === undefined) {
      ds.push(diag('warning', 'v2g.unknown_namespace', `selected namespace ${offer.ProtocolNamespace} is not DIN 70121 / ISO 15118-2 / ISO 15118-20`));
      return;
    }
    if (fam === 'din' && offer.ProtocolNamespace !== DIN_NAMESPACE) {
      ds.push(diag('info', 'v2g.vendor_namespace', `vendor namespace ${offer.ProtocolNamespace} decoded with the DIN 70121 grammar`));
    }
    this.setFamily(fam, offer.ProtocolNamespace);
  }

  private setFamily(f: Family, ns: string): void {
    this.family = f;
    this.namespace = ns;
    this.session.setFamily(f);
  }

  /** Grammar for a non-handshake EXI payload. */
  private schemaFor(pt: number, bytes: Uint8Array, ds: Diagnostic[]): V2gSchema | undefined {
    const iso20 = iso20SchemaForPayloadType(pt, bytes);
    if (iso20 !== undefined) {
      if (this.family !== 'iso20') {
        if (this.family !== undefined) ds.push(diag('warning', 'v2g.payload_type', `payload type ${payloadTypeHex(pt)} (ISO 15118-20) on a ${this.family} connection`));
        else {
          const ns = this.offers.find((o) => namespaceFamily(o.ProtocolNamespace) === 'iso20')?.ProtocolNamespace ?? 'urn:iso:std:iso:15118:-20';
          this.setFamily('iso20', ns);
            ds.push(diag('info', 'v2g.schema_inferred', 'no supportedAppProtocol negotiation seen; ISO 15118-20 taken from the V2GTP payload type'));
        }
      }
      return iso20;
    }
    if (this.family === 'din') return 'din';
    if (this.family === 'iso2') return 'iso2';
    if (this.family === 'iso20') {
      ds.push(diag('warning', 'v2g.payload_type', 'payload type 0x8001 after an ISO 15118-20 negotiation; decoded as supportedAppProtocol'));
      return 'apphand';
    }
    // No negotiation: infer from the offers, then DIN, then ISO 15118-2.
    const order: ('din' | 'iso2')[] = [];
    for (const o of this.offers) {
      const fam = namespaceFamily(o.ProtocolNamespace);
      if ((fam === 'din' || fam === 'iso2') && !order.includes(fam)) order.push(fam);
    }
    for (const fam of ['din', 'iso2'] as const) if (!order.includes(fam)) order.push(fam);
    for (const fam of order) {
      const r = this.decode(fam, bytes);
      if (r.ok && viewMessage(fam, r.value).name !== '?') {
        this.setFamily(fam, this.offers.find((o) => namespaceFamily(o.ProtocolNamespace) === fam)?.ProtocolNamespace ?? (fam === 'din' ? DIN_NAMESPACE : ISO2_NAMESPACE));
        ds.push(diag('info', 'v2g.schema_inferred', `no usable supportedAppProtocol negotiation; grammar ${fam} inferred by trial decoding`));
        return fam;
      }
    }
    return undefined;
  }

  private finish(dir: Direction, f: V2gtpFrame, schema: V2gSchema, value: unknown, ds: Diagnostic[]): void {
    const view = viewMessage(schema, value);
    if (view.name === '?') {
      ds.push(diag('warning', 'v2g.unrecognised', `the EXI stream decodes with grammar ${schema}, but not to a message of it`));
    }
    const protocol = protocolOfSchema(schema);
    const m: V2gMessage = {
      protocol,
      version: protocol === 'apphandshake' ? APPHAND_NAMESPACE : this.namespace,
      name: view.name,
      kind: kindOfName(view.name),
      id: view.sessionId ?? '',
      body: value,
      payloadType: f.payloadType,
      schema,
      dir,
      at: f.at,
      startFrame: f.firstAt.frame,
      diagnostics: ds,
      exi: f.payload,
    };
    this.session.observe(m, view);
    this.opts.emit(m);
  }
}

/** A V2G connection decoding with `opts.decode` (no EXI decoding when absent: messages get name '?'). */
export function createV2gConnectionWith(opts: V2gConnectionOptions): V2gConnection {
  return new Connection(opts);
}
