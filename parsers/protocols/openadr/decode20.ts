// OpenADR 2.0a / 2.0b XML messages (OpenADR 2.0b profile specification §8 simple HTTP and XMPP
// transports; schema oadr_20b.xsd): unwraps oadrPayload/oadrSignedObject (the message name is the
// element inside oadrSignedObject), tells 2.0a from 2.0b by the oadr namespace (then by the service
// path), validates 2.0b against the structural schema generated from oadr_20b.xsd (openadr.schema, with
// the path of the offending element), and shows ds:Signature. Uses xml/ for safe parsing.
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { compileSchema, convertXml, parseXml } from '../xml';
import type { CompiledSchema } from '../xml';
import { NS_OADR_20A, NS_OADR_20B, profileService } from './detect';
import { OADR20B_SCHEMA } from './generated/oadr20b';
import { signatureInfo } from './signature';
import type { GridMessage } from './types';

let schema: CompiledSchema | undefined;
function oadr20bSchema(): CompiledSchema {
  return (schema ??= compileSchema(OADR20B_SCHEMA));
}

/** Messages each 2.0b service endpoint carries in its requests (2.0b profile §8.1 and Table 1). */
const SERVICE_MESSAGES: Record<string, string[]> = {
  EiEvent: ['oadrRequestEvent', 'oadrCreatedEvent', 'oadrDistributeEvent', 'oadrResponse'],
  EiReport: ['oadrRegisterReport', 'oadrRegisteredReport', 'oadrCreateReport', 'oadrCreatedReport', 'oadrUpdateReport',
    'oadrUpdatedReport', 'oadrCancelReport', 'oadrCanceledReport', 'oadrResponse'],
  EiOpt: ['oadrCreateOpt', 'oadrCreatedOpt', 'oadrCancelOpt', 'oadrCanceledOpt'],
  EiRegisterParty: ['oadrQueryRegistration', 'oadrCreatePartyRegistration', 'oadrCreatedPartyRegistration',
    'oadrCancelPartyRegistration', 'oadrCanceledPartyRegistration', 'oadrRequestReregistration', 'oadrResponse'],
  OadrPoll: ['oadrPoll'],
};

export interface Decode20Options {
  /** HTTP target, for the service path checks and the 2.0a/2.0b hint. */
  target?: string;
  isRequest: boolean;
  kind?: GridMessage['kind'];
}

type J = Record<string, unknown>;

/** Decodes one OpenADR 2.0 XML body (bytes or text). */
export function decodeOpenAdr20(input: Uint8Array | string, opts: Decode20Options): GridMessage {
  const parsed = parseXml(input, 'openadr');
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const service = opts.target ? profileService(opts.target) : undefined;
  const msg: GridMessage = {
    protocol: 'openadr',
    version: service?.version ?? '2.0b',
    name: '?',
    kind: opts.kind ?? (opts.isRequest ? 'request' : 'response'),
    body: parsed.text,
    diagnostics,
  };
  if (!parsed.root) return msg;

  // Version by the oadr namespace declared in the document (root first).
  const rootAttrs = (parsed.root[':@'] ?? {}) as Record<string, string>;
  const rootTag = Object.keys(parsed.root).find((k) => k !== ':@') ?? '';
  const c = rootTag.indexOf(':');
  const rootNs = rootAttrs[c < 0 ? 'xmlns' : `xmlns:${rootTag.slice(0, c)}`] ?? '';
  let version: string | undefined;
  if (rootNs === NS_OADR_20B) version = '2.0b';
  else if (rootNs === NS_OADR_20A) version = '2.0a';
  else {
    const decl = Object.values(rootAttrs);
    if (decl.includes(NS_OADR_20B)) version = '2.0b';
    else if (decl.includes(NS_OADR_20A)) version = '2.0a';
  }
  if (!version && parsed.text && parsed.text.includes(NS_OADR_20A) && !parsed.text.includes(NS_OADR_20B)) version = '2.0a';
  msg.version = version ?? service?.version ?? '2.0b';

  const validate = msg.version === '2.0b';
  const conv = convertXml(parsed.root, { schema: validate ? oadr20bSchema() : undefined, code: 'openadr.schema' });
  diagnostics.push(...conv.diagnostics);
  msg.namespace = conv.rootNs;
  if (!validate) {
    diagnostics.push(diag('info', 'openadr.schema_unavailable', `OpenADR ${msg.version} message not validated (only the 2.0b schema is carried).`));
  }

  let name = conv.rootLocal;
  let body: unknown = conv.json;
  if (name === 'oadrPayload') {
    const payload = (conv.json ?? {}) as J;
    const so = payload.oadrSignedObject as J | undefined;
    if (payload.Signature !== undefined) {
      const sig = signatureInfo(payload.Signature, diagnostics, parsed.root);
      if (sig) msg.signature = sig;
    }
    if (so && typeof so === 'object') {
      const inner = Object.keys(so).filter((k) => k !== 'Id');
      if (inner.length >= 1) {
        name = inner[0];
        body = so[inner[0]];
      } else diagnostics.push(diag('error', 'openadr.empty_signed_object', 'oadrSignedObject contains no message.'));
    } else {
      diagnostics.push(diag('error', 'openadr.no_signed_object', 'oadrPayload without oadrSignedObject.'));
    }
  }
  msg.name = name;
  msg.body = body;

  if (service && opts.isRequest) {
    const allowed = SERVICE_MESSAGES[service.service];
    if (allowed && !allowed.includes(name)) {
      diagnostics.push(diag('warning', 'openadr.wrong_service', `${name} is not a message of the ${service.service} service.`));
    }
  }
  return msg;
}
