// Serialises a record to exactly the text JSON.stringify(record) gives, faster: the decode command prints
// hundreds of thousands of records, and most of their fields repeat (protocol, actors, pathway, names,
// the shared annotation arrays), so their JSON is cached instead of escaped again for every record.

import type { MessageRecord } from '../../parsers/engine/record';

const stringCache = new Map<string, string>();
const arrayCache = new WeakMap<object, string>();
const MAX_CACHED_STRINGS = 50_000;

/** JSON of a string that repeats across records (names, actors, versions). */
function cachedString(s: string): string {
  let j = stringCache.get(s);
  if (j === undefined) {
    j = JSON.stringify(s);
    if (stringCache.size < MAX_CACHED_STRINGS) stringCache.set(s, j);
  }
  return j;
}

/** JSON of an array that is shared between records (annotation results are cached by the annotator). */
function cachedArray(a: readonly unknown[]): string {
  if (a.length === 0) return '[]';
  let j = arrayCache.get(a);
  if (j === undefined) {
    j = JSON.stringify(a);
    arrayCache.set(a, j);
  }
  return j;
}

/** Time stamps are ISO 8601 text (digits, '-', ':', 'T', '.', 'Z', '+'): nothing to escape. */
export function recordToJson(r: MessageRecord): string {
  const body = r.body === undefined ? '' : `,"body":${JSON.stringify(r.body)}`;
  return `{"seq":${r.seq},"frame":${r.frame},"time":"${r.time}"`
    + `,"protocol":${cachedString(r.protocol)},"version":${cachedString(r.version)},"src":${cachedString(r.src)}`
    + `,"dst":${cachedString(r.dst)},"from":${cachedString(r.from)},"to":${cachedString(r.to)}`
    + `,"pathway":${cachedString(r.pathway)},"name":${cachedString(r.name)},"kind":${cachedString(r.kind)}`
    + `,"id":${JSON.stringify(r.id)}${body},"categories":${cachedArray(r.categories)},"tags":${cachedArray(r.tags)}`
    + `,"diagnostics":${r.diagnostics.length ? JSON.stringify(r.diagnostics) : '[]'},"evidence":${cachedArray(r.evidence)}}`;
}
