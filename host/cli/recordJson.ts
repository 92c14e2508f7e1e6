// Serialises records for `vgi-inspect decode`: exactly the text JSON.stringify(record) gives, faster. The
// command prints hundreds of thousands of records and most of their fields repeat (protocol, actors,
// pathway, names, the shared annotation arrays), so their JSON is cached, as text and as UTF-8 bytes, and
// a record goes to the output as pieces (no concatenated string to flatten and encode again).

import type { MessageRecord } from '../../parsers/engine/record';

/** Where a record goes, as a few pieces of text: a string builder or an output buffer. */
export interface PieceSink {
  text(s: string): void;
  /** UTF-8 bytes already encoded (a sink without it gets text). */
  bytes?(b: Uint8Array): void;
}

const MAX_CACHED_STRINGS = 50_000;

/** `,"key":` followed by the JSON of strings that repeat across records (names, actors, versions), cached per key. */
class KeyedStrings {
  private readonly cache = new Map<string, string>();
  constructor(private readonly key: string) {}
  get(s: string): string {
    let j = this.cache.get(s);
    if (j === undefined) {
      j = `,"${this.key}":${JSON.stringify(s)}`;
      if (this.cache.size < MAX_CACHED_STRINGS) this.cache.set(s, j);
    }
    return j;
  }
}

const PROTOCOL = new KeyedStrings('protocol');
const VERSION = new KeyedStrings('version');
const SRC = new KeyedStrings('src');
const DST = new KeyedStrings('dst');
const FROM = new KeyedStrings('from');
const TO = new KeyedStrings('to');
const PATHWAY = new KeyedStrings('pathway');
const NAME = new KeyedStrings('name');
const KIND = new KeyedStrings('kind');

/** Serialised annotation arrays (categories, tags, diagnostics when empty, evidence), cached on the frozen,
 *  shared evidence array of constant annotations. */
const tailCache = new WeakMap<object, string>();
/** The same with the line's '\n' (ndjson). */
const lineTailCache = new WeakMap<object, string>();

function tail(r: MessageRecord, line: boolean): string {
  const ev = r.evidence;
  const cacheable = r.diagnostics.length === 0 && Object.isFrozen(ev);
  const cache = line ? lineTailCache : tailCache;
  if (cacheable) {
    const hit = cache.get(ev);
    if (hit !== undefined) return hit;
  }
  const t = `,"categories":${JSON.stringify(r.categories)},"tags":${JSON.stringify(r.tags)}`
    + `,"diagnostics":${JSON.stringify(r.diagnostics)},"evidence":${JSON.stringify(ev)}}` + (line ? '\n' : '');
  if (cacheable) cache.set(ev, t);
  return t;
}

/**
 * The record's JSON in three pieces (head, body, tail), in the contract's key order. Without `bodyJson`,
 * the pieces join to exactly JSON.stringify(r); with it (the body's verbatim JSON text from the frame), to
 * the same value: JSON.parse of the result equals JSON.parse(JSON.stringify(r)). Time stamps are ISO 8601
 * text (digits, '-', ':', 'T', '.', 'Z', '+'): nothing to escape.
 */
export function emitRecord(r: MessageRecord, bodyJson: string | undefined, out: PieceSink, line = false): void {
  out.text(`{"seq":${r.seq}`);
  emitRecordAfterSeq(r, bodyJson, out, line);
}

/** Everything of emitRecord after `{"seq":N` (the parallel decoder numbers records where it merges them).
 *  `line`: end with the ndjson line break. `bodyBytes`: bodyJson's UTF-8 bytes, when the caller has them. */
export function emitRecordAfterSeq(r: MessageRecord, bodyJson: string | undefined, out: PieceSink, line = false, bodyBytes?: Uint8Array): void {
  out.text(`,"frame":${r.frame},"time":"${r.time}"` + PROTOCOL.get(r.protocol) + VERSION.get(r.version)
    + SRC.get(r.src) + DST.get(r.dst) + FROM.get(r.from) + TO.get(r.to) + PATHWAY.get(r.pathway) + NAME.get(r.name)
    + KIND.get(r.kind) + `,"id":${JSON.stringify(r.id)}` + (bodyJson !== undefined || r.body !== undefined ? ',"body":' : ''));
  if (bodyJson !== undefined) {
    if (bodyBytes !== undefined && out.bytes !== undefined) out.bytes(bodyBytes);
    else out.text(bodyJson);
  } else if (r.body !== undefined) out.text(JSON.stringify(r.body));
  out.text(tail(r, line));
}

/** The record's JSON text (see emitRecord). */
export function recordToJson(r: MessageRecord, bodyJson?: string): string {
  let s = '';
  emitRecord(r, bodyJson, { text: (t) => void (s += t) });
  return s;
}
