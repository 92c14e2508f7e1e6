// Binds the grid-side protocols to HTTP/1.1 exchanges: OpenADR 2.0a/2.0b (simple HTTP profile, push and
// poll) and 3.0 (REST), and IEEE 2030.5. Chooses the decoder per exchange from the request (path, media
// type, Accept header, namespace), names the actors (VTN / 2030.5 server = utility, VEN / 2030.5 client =
// nsp, per domain.md), and keeps the state that spans connections: 2030.5 links resolved to the exchange
// that fetched them, and which OpenADR 2.0 servers are VTNs and which are VENs in push mode.
//
// OpenADR 2.0 roles (2.0b profile §8 interaction patterns): some requests only a VEN sends (oadrPoll,
// oadrQueryRegistration, oadrCreatePartyRegistration, oadrRequestEvent, oadrCreatedEvent, opt messages),
// some only a VTN (oadrDistributeEvent, oadrRequestReregistration, oadrCreatedPartyRegistration); they tell
// the HTTP server's role, which is remembered per server endpoint and decides the ambiguous ones (report
// and cancel messages, oadrResponse, which both sides send). Without any clue, oadrCreateReport,
// oadrCancelReport and oadrCancelPartyRegistration are taken as a VTN's push, everything else as a VEN's.
//
// Records: every message with a body; body-less requests and responses of 2030.5 and OpenADR 3.0 too (a GET
// named after the resource it fetches, a 201/204 named after its request); OpenADR 2.0's empty 200
// acknowledgements produce none. A response with a status >= 400 gets a `<protocol>.http_error` warning; a
// response whose media type is neither XML nor JSON (an HTML error page) is not decoded, is named after its
// request and gets `<protocol>.not_decoded`.

import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { formatEndpoint } from '../../core/endpoint';
import type { Direction } from '../../core/endpoint';
import type { TcpConnection } from '../../core/pipeline';
import type { HttpMessage } from '../../protocols/http';
import { decodeOpenAdr, looksLikeOpenAdr, type GridMessage, type HttpExchangeView } from '../../protocols/openadr';
import { createIeee2030_5Context, decode2030_5, looksLike2030_5, type Ieee2030_5Context } from '../../protocols/ieee2030_5';
import type { Actor } from '../../annotate/actors';
import type { EmitMessage } from '../decoded';

type GridProtocol = 'openadr' | 'ieee2030.5';

/** OpenADR 2.0 requests only a VEN sends. */
const VEN_ONLY_REQUESTS = new Set(['oadrPoll', 'oadrQueryRegistration', 'oadrCreatePartyRegistration', 'oadrRequestEvent',
  'oadrCreatedEvent', 'oadrCreateOpt', 'oadrCancelOpt']);
/** OpenADR 2.0 requests only a VTN sends (push mode). */
const VTN_ONLY_REQUESTS = new Set(['oadrDistributeEvent', 'oadrRequestReregistration', 'oadrCreatedPartyRegistration']);
/** Requests both sides send, taken as a VTN's when nothing is known about the server. */
const VTN_BY_DEFAULT = new Set(['oadrCreateReport', 'oadrCancelReport', 'oadrCancelPartyRegistration']);

const MAX_ROLES = 4096;
const SEP_ACCEPT = /application\/sep(?:\+xml|-exi)/i;
/** Media types a grid body may have; anything else declared in a response (text/html, ...) is not decoded. */
const GRID_MEDIA = /xml|json|sep-exi|exi/i;

/** State shared by all connections of one capture. */
export class GridState {
  readonly sep: Ieee2030_5Context = createIeee2030_5Context();
  /** OpenADR 2.0 HTTP server endpoint -> the actor it is (a VTN: utility; a VEN in push mode: nsp). */
  readonly oadrServers = new Map<string, Actor>();
  /** 2030.5 server endpoint -> edition of the last body seen on it (names body-less messages' version). */
  readonly sepEdition = new Map<string, string>();
  /**
   * Told when a grid request was answered by an HTTP response that is no record (OpenADR 2.0's empty 200
   * acknowledgement): `id` is the request's record id, `status` the response's HTTP status. Lets a host tell
   * such requests from those that got no response at all.
   */
  onAnswered?: (protocol: string, id: string, status: number) => void;

  remember<V>(map: Map<string, V>, key: string, value: V): void {
    if (map.get(key) === value) return;
    map.delete(key);
    if (map.size >= MAX_ROLES) map.delete(map.keys().next().value!);
    map.set(key, value);
  }
}

interface PendingExchange {
  method: string;
  target: string;
  protocol: GridProtocol | undefined;
  /** Actor of the HTTP client, once the request told it. */
  client: Actor;
  /** Name and version of the request's message, for responses that do not name themselves. */
  name?: string;
  version?: string;
}

const MAX_PENDING = 256;

export class GridBinding {
  private readonly pending = new Map<number, PendingExchange>();
  private readonly client: string;
  private readonly server: string;

  constructor(private readonly conn: TcpConnection, private readonly state: GridState, private readonly emit: EmitMessage) {
    this.client = formatEndpoint(conn.client);
    this.server = formatEndpoint(conn.server);
  }

  /** Returns true when the message belonged to a grid protocol (and was emitted). */
  http(msg: HttpMessage, dir: Direction): boolean {
    const isRequest = msg.kind === 'request';
    let ex = this.pending.get(msg.exchange);
    if (isRequest) {
      ex = { method: msg.method ?? 'GET', target: msg.target ?? '/', protocol: undefined, client: 'nsp' };
      if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
      this.pending.set(msg.exchange, ex);
    }
    if (!ex) return false;
    const contentType = msg.header('content-type');
    const view: HttpExchangeView & { exchangeId?: number } = {
      method: ex.method, target: ex.target, status: msg.status, contentType, body: msg.body,
      isRequest, exchangeId: this.conn.id * 100_000 + msg.exchange,
    };
    if (ex.protocol === undefined) {
      if (looksLikeOpenAdr(view)) ex.protocol = 'openadr';
      else if (looksLike2030_5(view)) ex.protocol = 'ieee2030.5';
      else if (isRequest && SEP_ACCEPT.test(msg.header('accept') ?? '')) ex.protocol = 'ieee2030.5';
    }
    if (!isRequest) this.pending.delete(msg.exchange);
    if (ex.protocol === undefined) return false;

    const status = msg.status ?? 0;
    const notGrid = !isRequest && msg.body.length > 0 && contentType !== undefined && !GRID_MEDIA.test(contentType);
    let messages: GridMessage[];
    if (notGrid) {
      messages = [this.namedAfterRequest(ex, [diag('warning', `${codePrefix(ex.protocol)}.not_decoded`,
        `HTTP ${status} response with a ${contentType.split(';')[0].trim()} body (${msg.body.length} bytes) not decoded.`)])];
    } else if (ex.protocol === 'openadr') {
      messages = decodeOpenAdr(view);
      if (!isRequest && messages.length === 0 && status >= 400) messages = [this.namedAfterRequest(ex, [])];
    } else {
      const m = decode2030_5(view, this.state.sep);
      if (msg.body.length > 0 && m.namespace !== undefined) this.state.remember(this.state.sepEdition, this.server, m.version);
      else if (!isRequest && ex.name !== undefined) {
        m.name = ex.name;
        m.version = ex.version ?? m.version;
      } else m.version = this.state.sepEdition.get(this.server) ?? m.version;
      messages = [m];
    }
    if (!isRequest && messages.length === 0) this.state.onAnswered?.(ex.protocol, this.idOf(msg), status);
    for (const m of messages) {
      if (isRequest) {
        ex.name ??= m.name;
        ex.version ??= m.version;
        if (m.protocol === 'openadr' && m.version !== '3.0') ex.client = this.oadrClientRole(m.name);
      }
      if (!isRequest && status >= 400) {
        m.diagnostics.push(diag('warning', `${codePrefix(ex.protocol)}.http_error`, `HTTP ${status}${msg.reason ? ` ${msg.reason}` : ''}.`));
      }
      this.emitOne(m, msg, dir, ex);
    }
    return true;
  }

  /** The HTTP client's actor for an OpenADR 2.0 request, learning the server's role from it. */
  private oadrClientRole(name: string): Actor {
    const roles = this.state.oadrServers;
    if (VEN_ONLY_REQUESTS.has(name)) {
      this.state.remember(roles, this.server, 'utility');
      return 'nsp';
    }
    if (VTN_ONLY_REQUESTS.has(name)) {
      this.state.remember(roles, this.server, 'nsp');
      return 'utility';
    }
    const server = roles.get(this.server);
    if (server !== undefined) return server === 'utility' ? 'nsp' : 'utility';
    return VTN_BY_DEFAULT.has(name) ? 'utility' : 'nsp';
  }

  private namedAfterRequest(ex: PendingExchange, diagnostics: Diagnostic[]): GridMessage {
    return {
      protocol: ex.protocol!, version: ex.version ?? (ex.protocol === 'openadr' ? '2.0b' : '2018'), name: ex.name ?? '?',
      kind: 'response', body: undefined, diagnostics,
    };
  }

  /** A record's id: the connection and the HTTP exchange on it (a response carries its request's number). */
  private idOf(msg: HttpMessage): string {
    return `${this.conn.id}.${msg.exchange}`;
  }

  private emitOne(m: GridMessage, msg: HttpMessage, dir: Direction, ex: PendingExchange): void {
    const serverActor: Actor = ex.client === 'utility' ? 'nsp' : 'utility';
    const fromClient = dir === 0;
    const diagnostics = msg.diagnostics.length ? [...msg.diagnostics, ...m.diagnostics] : m.diagnostics;
    this.emit({
      at: msg.at,
      startFrame: msg.startFrame,
      protocol: m.protocol,
      version: m.version,
      src: fromClient ? this.client : this.server,
      dst: fromClient ? this.server : this.client,
      defaultFrom: fromClient ? ex.client : serverActor,
      defaultTo: fromClient ? serverActor : ex.client,
      name: m.name,
      kind: m.kind,
      id: this.idOf(msg),
      body: m.body,
      diagnostics,
      raw: msg.body,
    });
  }
}

function codePrefix(p: GridProtocol): string {
  return p === 'openadr' ? 'openadr' : 'ieee2030_5';
}
