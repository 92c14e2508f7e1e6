// What an application-protocol binding hands to the inspector: a decoded message before numbering,
// actor mapping and annotation.

import type { Diagnostic } from '../core/diagnostics';
import type { FrameRef } from '../core/frame';
import type { Actor } from '../annotate/actors';
import type { MessageKind } from './record';

export interface DecodedMessage {
  /** Frame in which the message completed. */
  at: FrameRef;
  /**
   * Frame in which the message's first byte arrived (messages over TCP that may span segments); absent when
   * the message came in one frame. Frames are numbered as the TCP layer delivered their bytes (`at`).
   */
  startFrame?: number;
  protocol: string;
  version: string;
  /** Printable endpoints (`ip:port`, `[v6]:port`, or a MAC address). */
  src: string;
  dst: string;
  /** Actors given by the protocol's default roles (domain.md); an ActorMap entry overrides them. */
  defaultFrom: Actor;
  defaultTo: Actor;
  name: string;
  kind: MessageKind;
  id: string;
  body: unknown;
  diagnostics: Diagnostic[];
  /**
   * The application payload as received (OCPP text, EXI stream, XML body), for the raw and hex views and
   * for re-decoding the body on demand. May be a view valid only during the emit call: keepers copy it.
   */
  raw?: Uint8Array;
  /** How `raw` turns back into `body`: a key of engine/bodyDecoders.ts. */
  rawFormat?: string;
  /** The body's JSON text when the protocol carries it verbatim (OCPP); JSON.parse(bodyJson) equals body. */
  bodyJson?: string;
}

export type EmitMessage = (m: DecodedMessage) => void;
