// The decoding pipeline, wired end to end: capture bytes -> frames -> transport -> applications ->
// decoded messages -> actors, pathway, use-case annotations -> numbered records. Push-driven and
// incremental: the same object serves a file read in slices and a live pcapng stream.

import type { Diagnostic } from '../core/diagnostics';
import type { Direction } from '../core/endpoint';
import type { FrameRef } from '../core/frame';
import type { CaptureReader, TcpConnection, TransportSink } from '../core/pipeline';
import { createCaptureReader } from '../capture';
import { createTransportDissector } from '../protocols/net';
import { looksLikeHttp } from '../protocols/http';
import { looksLikeWebSocketFrames } from '../protocols/websocket';
import type { ActorMap } from '../annotate/actors';
import type { AnnotationRule } from '../annotate/rules';
import type { DecodedMessage, EmitMessage } from './decoded';
import { createRecordMaker } from './recordMaker';
import { inlineOcppStage, type OcppStage } from './bindings/ocppStage';
import type { MessageRecord } from './record';
import { IGNORED_APP, type TcpApp } from './bindings/tcpApp';
import { createMidStreamWebSocketApp, createWebApp } from './bindings/webBinding';
import { GridState } from './bindings/gridBinding';
import { createTlsNoticeApp, createV2gApp, emitSdp, isSdpDatagram, looksLikeTlsHandshake, SdpAnnouncements, SlacBinding } from './bindings/v2gBinding';
import { looksLikeV2gtp } from '../protocols/iso15118';
import { ETHERTYPE_HOMEPLUG_AV } from '../protocols/homeplug';

export interface InspectorOptions {
  /** Each message, in capture order, with what the binding kept beside the record (raw payload, body text). */
  onRecord(record: MessageRecord, extras: RecordExtras): void;
  /** Problems of the capture itself (truncation, corrupt blocks), not tied to a message. */
  onDiagnostic?(d: Diagnostic, at?: FrameRef): void;
  actors?: ActorMap;
  rules?: AnnotationRule[];
  /** Name of the input, for messages. */
  name?: string;
  /** Where OCPP messages are decoded (default: inline, in this thread). */
  ocppStage?: (emit: EmitMessage) => OcppStage;
}

/** What a binding hands over beside the record; views valid only during the onRecord call. */
export type RecordExtras = Pick<DecodedMessage, 'raw' | 'rawFormat' | 'bodyJson'>;

export interface Inspector {
  push(chunk: Uint8Array): void;
  end(): void;
  /** Set when the input is not a capture at all: nothing was decoded. */
  readonly fatal: Diagnostic | undefined;
  readonly format: string | undefined;
  readonly stats: { frames: number; records: number };
}

/** Bytes kept per direction while a connection's application is not yet recognisable. */
const CLASSIFY_BYTES = 16;

interface PendingConnection {
  buf: [Uint8Array, Uint8Array];
}

export function createInspector(opts: InspectorOptions): Inspector {
  const makeRecord = createRecordMaker(opts.actors, opts.rules);
  const stats = { frames: 0, records: 0 };
  let lastFrame: FrameRef | undefined;
  const grid = new GridState();
  const slac = new SlacBinding((m) => emit(m));
  const announced = new SdpAnnouncements();

  const emit = (m: DecodedMessage): void => {
    opts.onRecord(makeRecord(m, ++stats.records), m);
  };
  const ocpp = opts.ocppStage ? opts.ocppStage(emit) : inlineOcppStage(emit);

  const classify = (conn: TcpConnection, dir: Direction, head: Uint8Array): TcpApp | undefined => {
    if (looksLikeHttp(head)) return createWebApp(conn, emit, grid, ocpp);
    if (looksLikeV2gtp(head)) return createV2gApp(conn, emit);
    if (looksLikeTlsHandshake(head)) {
      const sdp = announced.get(conn.server);
      return sdp ? createTlsNoticeApp(conn, emit, sdp.frame) : IGNORED_APP;
    }
    if (looksLikeWebSocketFrames(head, dir === 0)) return createMidStreamWebSocketApp(conn, ocpp, dir);
    if (looksLikeWebSocketFrames(head, dir !== 0)) return createMidStreamWebSocketApp(conn, ocpp, dir === 0 ? 1 : 0);
    if (head.length >= CLASSIFY_BYTES) return IGNORED_APP;
    return undefined; // not enough bytes to tell yet
  };

  const appOf = (conn: TcpConnection): TcpApp | undefined => conn.app as TcpApp | undefined;

  const transport: TransportSink = {
    tcpOpen() {},
    tcpData(conn, dir, data, at) {
      let app = appOf(conn);
      if (app === undefined || app === null) {
        const pending = (conn as TcpConnection & { pending?: PendingConnection }).pending ??= {
          buf: [new Uint8Array(0), new Uint8Array(0)],
        };
        const head = concat(pending.buf[dir], data);
        app = classify(conn, dir, head);
        if (!app) {
          pending.buf[dir] = head.slice(0, CLASSIFY_BYTES * 4);
          if (head.length > CLASSIFY_BYTES * 4) conn.app = IGNORED_APP;
          return;
        }
        conn.app = app;
        // replay what was held back, the other direction first if it came earlier
        const other: Direction = dir === 0 ? 1 : 0;
        if (pending.buf[other].length) app.push(other, pending.buf[other], at);
        app.push(dir, head, at);
        delete (conn as TcpConnection & { pending?: PendingConnection }).pending;
        return;
      }
      app.push(dir, data, at);
    },
    tcpGap(conn, dir, missing, at) {
      const app = appOf(conn);
      if (app) app.gap(dir, missing, at);
      else conn.app = IGNORED_APP;
    },
    tcpClose(conn, dir, at) {
      appOf(conn)?.end(dir, at);
    },
    udp(src, dst, payload, at) {
      if (isSdpDatagram(src, dst)) emitSdp(src, dst, payload, at, emit, announced);
    },
    l2(srcMac, dstMac, ethertype, payload, at) {
      if (ethertype === ETHERTYPE_HOMEPLUG_AV) slac.frame(srcMac, dstMac, payload, at);
    },
    diagnostic() {},
  };

  const net = createTransportDissector(transport);
  const reader: CaptureReader = createCaptureReader(
    {
      frame(f) {
        stats.frames++;
        lastFrame = f;
        net.frame(f);
      },
      diagnostic(d, at) {
        opts.onDiagnostic?.(d, at);
      },
    },
    { name: opts.name },
  );

  return {
    push: (chunk) => reader.push(chunk),
    end() {
      reader.end();
      if (lastFrame) net.end(lastFrame);
    },
    get fatal() {
      return reader.fatal;
    },
    get format() {
      return reader.format;
    },
    stats,
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
