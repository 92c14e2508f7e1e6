// Turns a decoded message into the contract's record: the user's actor map over the protocol's default
// roles, the pathway, and the use-case annotation.

import { formatFrameTime } from '../core/frame';
import { ActorMap, pathwayOf } from '../annotate/actors';
import { Annotator } from '../annotate/annotate';
import { DEFAULT_RULES, type AnnotationRule } from '../annotate/rules';
import type { DecodedMessage } from './decoded';
import type { MessageRecord } from './record';

export type RecordMaker = (m: DecodedMessage, seq: number) => MessageRecord;

export function createRecordMaker(actors: ActorMap = new ActorMap(), rules: AnnotationRule[] = DEFAULT_RULES): RecordMaker {
  const annotator = new Annotator(rules);
  return (m, seq) => {
    const from = actors.lookup(m.src) ?? m.defaultFrom;
    const to = actors.lookup(m.dst) ?? m.defaultTo;
    const ann = annotator.annotate(m.protocol, m.name, m.body, m.bodyJson);
    return {
      seq,
      frame: m.at.frame,
      time: formatFrameTime(m.at),
      protocol: m.protocol,
      version: m.version,
      src: m.src,
      dst: m.dst,
      from,
      to,
      pathway: pathwayOf(from, to),
      name: m.name,
      kind: m.kind,
      id: m.id,
      body: m.body,
      categories: ann.categories,
      tags: ann.tags,
      diagnostics: m.diagnostics,
      evidence: ann.evidence,
    };
  };
}
