// Shared shapes of the grid protocols (OpenADR, IEEE 2030.5): the HTTP exchange the engine hands in and
// the decoded message handed back.
import type { Diagnostic } from '../../core/diagnostics';

export interface HttpExchangeView {
  /** Request line ("POST", "/OpenADR2/Simple/2.0b/EiEvent"); on a response, those of its request. */
  method: string;
  target: string;
  /** Response status when this is the response. */
  status?: number;
  /** Content-Type of this message. */
  contentType: string | undefined;
  /** Decoded body (de-chunked, decompressed). */
  body: Uint8Array;
  isRequest: boolean;
  /** Optional number of the HTTP exchange (engine's correlation id); used by the 2030.5 link context. */
  exchangeId?: number;
}

export interface GridLink {
  /** Link element name (EndDeviceListLink, ...) or 'href' for a resource's own href. */
  rel: string;
  href: string;
  /** Resource expected behind the link (EndDeviceList for EndDeviceListLink). */
  resource?: string;
  /** The exchange that fetched this href, when it has been seen. */
  fetchedBy?: number;
}

export interface GridMessage {
  protocol: 'openadr' | 'ieee2030.5';
  /** '2.0a' | '2.0b' | '3.0' ; '2018' | '2013' */
  version: string;
  /** oadr message name or 2030.5 resource name; OpenADR 3: the operationId (createEvent, searchAllEvents, ...). */
  name: string;
  kind: 'request' | 'response' | 'notification';
  /** XML as JSON: element names (no prefixes) as keys, attributes as keys, text as values, repeated elements as arrays. */
  body: unknown;
  /** 2030.5: DER, DRLC, Pricing, Metering, Time, ... */
  functionSet?: string;
  diagnostics: Diagnostic[];
  /** Namespace URI of the root element (XML bodies). */
  namespace?: string;
  /** OpenADR 3: the object type of the body (program, event, report, subscription, ven, resource, notification, problem). */
  objectType?: string;
  /** OpenADR 2.0b: the XML signature, when the payload carries one. */
  signature?: SignatureInfo;
  /** 2030.5 list paging: s/l query parameters and all/results attributes. */
  paging?: { start?: number; limit?: number; all?: number; results?: number };
  /** 2030.5 links found in the body. */
  links?: GridLink[];
}

export interface SignatureInfo {
  canonicalization?: string;
  signatureMethod?: string;
  references: Array<{ uri: string; digestMethod?: string; digestValue?: string; transforms: string[]; digestOk?: boolean }>;
  hasKeyInfo: boolean;
}
