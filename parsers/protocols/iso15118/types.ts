// Types shared by the V2G session layer: the injected EXI decoder (the real one lives in parsers/exi and is
// wired in by exiAdapter.ts, so the sequence logic can be used and tested without it) and the message the
// layer emits per V2GTP message.

import type { Diagnostic } from '../../core/diagnostics';
import type { Direction } from '../../core/endpoint';
import type { FrameRef } from '../../core/frame';

/** EXI document grammars used on V2GTP connections (names as in parsers/exi and ../shared/vectors/exi). */
export type V2gSchema = 'apphand' | 'din' | 'iso2' | 'iso20-common' | 'iso20-ac' | 'iso20-dc' | 'iso20-wpt' | 'iso20-acdp';

export interface ExiDecodeOutcome {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string; bitOffset: number };
}

export type ExiDecodeFn = (schema: V2gSchema, bytes: Uint8Array) => ExiDecodeOutcome;

export type V2gProtocol = 'apphandshake' | 'din70121' | 'iso15118-2' | 'iso15118-20' | 'v2gtp';

export interface V2gMessage {
  protocol: V2gProtocol;
  /** The protocol namespace (e.g. 'urn:din:70121:2012:MsgDef'); '' when unknown. */
  version: string;
  /** 'CurrentDemandReq', 'supportedAppProtocolReq', ...; '?' when not decoded. */
  name: string;
  kind: 'request' | 'response' | 'notification';
  /** SessionID as uppercase hex, '' when none. */
  id: string;
  /** The decoded EXI document (JSON conventions of ../shared/vectors/exi/README.md); for undecoded messages { exi_hex } or { raw_hex }. */
  body: unknown;
  payloadType: number;
  /** Grammar the payload was decoded with. */
  schema?: V2gSchema;
  /** 0 = from the TCP client (EVCC), 1 = from the server (SECC). */
  dir: Direction;
  at: FrameRef;
  /** Frame in which the message's first byte arrived (when it is known). */
  startFrame?: number;
  diagnostics: Diagnostic[];
  /** Responses: frame of the request they answer. */
  pairedRequestFrame?: number;
  /** Responses: time since that request, in milliseconds. */
  delayMs?: number;
  /** ResponseCode of responses, when present. */
  responseCode?: string;
  /** The EXI stream (V2GTP payload) of decoded messages; a view valid during emit only. */
  exi?: Uint8Array;
}

export interface V2gConnectionOptions {
  emit(msg: V2gMessage): void;
  /** EXI decoder; defaults to parsers/exi through exiAdapter.ts (see index.ts). */
  decode?: ExiDecodeFn;
  /** Largest accepted V2GTP payload (default 64 KiB). */
  maxPayload?: number;
}

export interface V2gConnection {
  push(dir: Direction, data: Uint8Array, at: FrameRef): void;
  gap(dir: Direction, missingBytes: number, at: FrameRef): void;
  end(dir: Direction, at: FrameRef): void;
}
