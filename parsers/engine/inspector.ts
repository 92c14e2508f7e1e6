// The decoding pipeline, wired end to end: capture bytes -> frames -> transport -> applications ->
// decoded messages -> actors, pathway, use-case annotations -> numbered records. Push-driven and
// incremental: the same object serves a file read in slices and a live pcapng stream.

import type { Diagnostic } from '../core/diagnostics';
import type { Direction } from '../core/endpoint';
import type { FrameRef } from '../core/frame';
import type { CaptureReader, ContainerBlockKind, TcpConnection, TransportSink } from '../core/pipeline';
import { createCaptureReader } from '../capture';
import { createTransportDissector } from '../protocols/net';
import { looksLikeHttp, type WebSocketOpen } from '../protocols/http';
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
import { FrameTracker, type ConnectionContext, type FrameLoc } from './frameTrack';

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
  /**
   * Give each record the places of the capture frames it was built from (RecordExtras.frames, .context),
   * and report the container blocks (onContainer): what an export of the frames behind some records needs.
   */
  trackFrames?: boolean;
  onContainer?(kind: ContainerBlockKind, fileOffset: number, length: number): void;
  /** A grid request (record id `id`) was answered by an HTTP response that is no record (GridState.onAnswered). */
  onAnswered?(protocol: string, id: string, status: number): void;
}

/** What a binding hands over beside the record; views valid only during the onRecord call. */
export type RecordExtras = Pick<DecodedMessage, 'raw' | 'rawFormat' | 'bodyJson'> & {
  /** With `trackFrames`: the frames that carried the message's bytes, in capture order. */
  frames?: FrameLoc[];
  /** With `trackFrames`: what its connection needs to be decoded (a WebSocket handshake); shared, do not modify. */
  context?: ConnectionContext;
};

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
  if (opts.onAnswered) grid.onAnswered = opts.onAnswered;
  const slac = new SlacBinding((m) => emit(m));
  const announced = new SdpAnnouncements();
  const frames = opts.trackFrames ? new FrameTracker() : undefined;

  const emit = frames
    ? (m: DecodedMessage): void => {
      const where = frames.framesOf(m);
      const extras: RecordExtras = { raw: m.raw, rawFormat: m.rawFormat, bodyJson: m.bodyJson, frames: where.frames, context: where.context };
      opts.onRecord(makeRecord(m, ++stats.records), extras);
    }
    : (m: DecodedMessage): void => {
      opts.onRecord(makeRecord(m, ++stats.records), m);
    };
  const ocpp = opts.ocppStage ? opts.ocppStage(emit) : inlineOcppStage(emit);
  const onUpgrade = frames ? (conn: TcpConnection) => (info: WebSocketOpen) => frames.upgrade(conn, info) : undefined;

  const classify = (conn: TcpConnection, dir: Direction, head: Uint8Array): TcpApp | undefined => {
    if (looksLikeHttp(head)) return createWebApp(conn, emit, grid, ocpp, onUpgrade?.(conn));
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
    tcpData(conn, dir, data, at, origin) {
      if (!frames || conn.app === IGNORED_APP) {
        toApp(conn, dir, data, at);
        return;
      }
      frames.data(conn, dir, at, origin);
      const outer = frames.enter(conn);
      try {
        toApp(conn, dir, data, at);
      } finally {
        frames.leave(outer);
      }
      if (conn.app === IGNORED_APP) frames.forget(conn);
    },
    tcpGap(conn, dir, missing, at) {
      const outer = frames?.enter(conn);
      try {
        gapToApp(conn, dir, missing, at);
      } finally {
        frames?.leave(outer);
      }
    },
    tcpClose(conn, dir, at) {
      const outer = frames?.enter(conn);
      try {
        appOf(conn)?.end(dir, at);
      } finally {
        frames?.leave(outer);
      }
    },
    udp(src, dst, payload, at) {
      if (isSdpDatagram(src, dst)) emitSdp(src, dst, payload, at, emit, announced);
    },
    l2(srcMac, dstMac, ethertype, payload, at) {
      if (ethertype === ETHERTYPE_HOMEPLUG_AV) slac.frame(srcMac, dstMac, payload, at);
    },
    diagnostic() {},
  };

  /** Bytes of a connection to its application, which is chosen from its first bytes. */
  function toApp(conn: TcpConnection, dir: Direction, data: Uint8Array, at: FrameRef): void {
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
  }

  function gapToApp(conn: TcpConnection, dir: Direction, missing: number, at: FrameRef): void {
    const app = appOf(conn);
    if (app) app.gap(dir, missing, at);
    else conn.app = IGNORED_APP;
  }

  const net = createTransportDissector(transport);
  const reader: CaptureReader = createCaptureReader(
    {
      frame(f) {
        stats.frames++;
        lastFrame = f;
        net.frame(f);
      },
      container: opts.onContainer ? (kind, offset, length) => opts.onContainer!(kind, offset, length) : undefined,
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
