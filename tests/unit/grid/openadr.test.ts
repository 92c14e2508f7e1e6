// OpenADR 2.0a/2.0b over the corpus payloads, 3.0 REST operation names, the XMPP profile and detection.
// Truth: file contents read with regular expressions independent of the decoder (root element, its
// namespace declaration, the element inside oadrSignedObject), and xmllint --schema oadr_20b.xsd for
// schema validity (the table below records xmllint's verdicts for machines without xmllint).
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOpenAdrXmppStream, decodeOpenAdr, looksLikeOpenAdr, oadr3OperationId } from '../../../parsers/protocols/openadr';
import type { GridMessage, HttpExchangeView } from '../../../parsers/protocols/openadr';
import type { Diagnostic } from '../../../parsers/core/diagnostics';
import { describeShared, sharedFiles, sharedPath } from '../../support/shared';
import { hasXmllint, mutants, rootInfo, textOf, xmllintValid } from '../../fixtures/grid/truth';

const SCHEMA = sharedPath('corpus/schemas/openadr/oadr20b/oadr_20b.xsd');

/** xmllint's verdicts against the carried oadr_20b.xsd (first error), recorded with libxml2 2.9.14. */
const XMLLINT_INVALID: Record<string, string> = {
  'unvalidationOadrDistributeEvent.xml': 'vtnID missing before oadrEvent',
  'unvalidationOadrRequestEvent.xml': 'root in the oadr-2.0a namespace: no global declaration',
  'oadrCreatePartyRegistration.xml': 'oadrVenName after oadrHttpPullModel (sequence order)',
  'unvalidationOadrCancelPartyRegistration.xml': 'registrationID missing',
  'unvalidationOadrCreatedPartyRegistration.xml': 'vtnID missing',
  'unvalidationOadrQueryRegistration.xml': 'requestID missing',
  'unvalidationOadrRequestReregistration.xml': 'venID missing',
  'unvalidationOadrCreateReport.xml': 'reportRequestID missing',
  'unvalidationOadrCreatedReport.xml': 'eiResponse without requestID',
  'unvalidationOadrRegisteredReport.xml': 'eiResponse without requestID',
  'unvalidationOadrUpdatedReport.xml': 'eiResponse without requestID',
  'unvalidationOadrPoll.xml': 'venID missing',
  'unvalidatingOadrResponse.xml': 'eiResponse without requestID',
  'signatureOadrPayload.xml': 'oadrPayload without oadrSignedObject',
  'created_party_registration-invalid-ven-name.xml': "xcal:duration 'PTS' fails the DurationValueType pattern",
};

function exchange(body: Uint8Array, over: Partial<HttpExchangeView> = {}): HttpExchangeView {
  return { method: 'POST', target: '/OpenADR2/Simple/2.0b/EiEvent', contentType: 'application/xml', body, isRequest: true, ...over };
}

const schemaDiags = (m: GridMessage): Diagnostic[] => m.diagnostics.filter((d) => d.code === 'openadr.schema' && d.severity === 'error');

describeShared('OpenADR 2.0 corpus payloads', () => {
  const files = sharedFiles('corpus/payloads/openadr', /\.xml$/);
  it('finds the corpus', () => expect(files.length).toBeGreaterThanOrEqual(59));
  const lint = hasXmllint();

  for (const f of files) {
    const rel = relative(sharedPath('corpus/payloads/openadr'), f);
    it(rel, () => {
      const bytes = new Uint8Array(readFileSync(f));
      const x = exchange(bytes);
      expect(looksLikeOpenAdr(x)).toBe(true);
      const msgs = decodeOpenAdr(x);
      expect(msgs).toHaveLength(1);
      const m = msgs[0];
      const truth = rootInfo(textOf(bytes));
      expect(m.protocol).toBe('openadr');
      expect(m.version).toBe(truth.ns === 'http://openadr.org/oadr-2.0a/2012/07' ? '2.0a' : '2.0b');
      expect(m.name).toBe(truth.message);
      expect(m.kind).toBe('request');
      // Schema verdict: the same as xmllint's.
      const invalid = lint ? !xmllintValid(SCHEMA, f) : basename(f) in XMLLINT_INVALID;
      if (m.version === '2.0a') {
        // The 2.0a schema is not carried: an info says so instead of a validation.
        expect(m.diagnostics.map((d) => d.code)).toContain('openadr.schema_unavailable');
        expect(invalid).toBe(true); // xmllint against the 2.0b schema rejects the 2.0a root
      } else {
        expect(schemaDiags(m).length > 0, JSON.stringify(m.diagnostics)).toBe(invalid);
      }
    });
  }

  it('names the exact violations of files that look valid or invalid by name', () => {
    const get = (p: string): GridMessage => decodeOpenAdr(exchange(new Uint8Array(readFileSync(sharedPath('corpus/payloads/openadr', p)))))[0];
    // "valid" by name, but oadrVenName comes after oadrHttpPullModel where the sequence wants it earlier.
    expect(schemaDiags(get('avob_OpenADR/eiregisterparty/oadrCreatePartyRegistration.xml')).map((d) => [d.path, d.message])).toEqual([
      ['/oadrCreatePartyRegistration', 'element <oadr:oadrVenName> is not expected in <oadr:oadrCreatePartyRegistration>'],
    ]);
    // "unvalidation" by name but valid against the carried schema (registrationID is optional there).
    expect(schemaDiags(get('avob_OpenADR/eiregisterparty/unvalidationOadrCanceledPartyRegistration.xml'))).toEqual([]);
    expect(schemaDiags(get('epri-dev_OpenADR-VEN-Library/test_input/created_party_registration-invalid-ven-name.xml'))[0].path)
      .toBe('/oadrPayload/oadrSignedObject/oadrCreatedPartyRegistration/oadrRequestedOadrPollFreq/duration');
    expect(schemaDiags(get('avob_OpenADR/poll/unvalidationOadrPoll.xml'))[0].message).toBe('<oadr:oadrPoll> is missing required element <venID>');
  });

  it('shows the XML signature of a signed payload (UTF-16 body) with its digest', () => {
    const f = sharedPath('corpus/payloads/openadr/avob_OpenADR/xmlsignature/oadrPayload.xml');
    const bytes = new Uint8Array(readFileSync(f));
    const m = decodeOpenAdr(exchange(bytes))[0];
    const digests = [...textOf(bytes).matchAll(/<(?:\w+:)?DigestValue>([^<]+)</g)].map((d) => d[1]);
    expect(m.name).toBe('oadrResponse');
    expect(m.signature?.references.map((r) => r.uri)).toEqual(['#signedObject', '#prop']);
    expect(m.signature?.references.map((r) => r.digestValue)).toEqual(digests);
    expect(m.signature?.canonicalization).toBe('http://www.w3.org/TR/2001/REC-xml-c14n-20010315');
    expect(m.diagnostics.map((d) => d.code)).toContain('openadr.signature_unchecked');
  });

  it('decodes the raw HTTP buffers of the EPRI tests (an oadr response and a 404 page)', () => {
    const raw = readFileSync(sharedPath('corpus/payloads/openadr/epri-dev_OpenADR-VEN-Library/test_input/test_buffer1.txt'), 'latin1');
    const at = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') + 4 : raw.indexOf('\n\n') + 2;
    const body = new Uint8Array(Buffer.from(raw.slice(at), 'latin1'));
    const x = exchange(body, { isRequest: false, status: 200, target: '/OpenADR2/Simple/2.0b/OadrPoll' });
    const m = decodeOpenAdr(x)[0];
    expect(m.name).toBe(rootInfo(raw.slice(at)).message);
    expect(m.kind).toBe('response');
    const html = readFileSync(sharedPath('corpus/payloads/openadr/epri-dev_OpenADR-VEN-Library/test_input/test_buffer2.txt'), 'latin1');
    const hb = new Uint8Array(Buffer.from(html.slice(html.indexOf('<!DOCTYPE')), 'latin1'));
    expect(looksLikeOpenAdr({ method: 'POST', target: '/EiRegisterParty', contentType: 'text/html', body: hb, isRequest: false, status: 404 })).toBe(false);
  });

  describe('validator agrees with xmllint on mutated payloads', () => {
    it.skipIf(!lint)('drops, reorders and corrupts elements of valid payloads', () => {
      const valid = files.filter((f) => /avob_OpenADR\/(eievent|eireport|eiregisterparty|poll|response)\/oadr/.test(f) && xmllintValid(SCHEMA, f));
      let compared = 0, invalidSeen = 0;
      for (const f of valid) {
        for (const mu of mutants(readFileSync(f, 'utf8'))) {
          const lintOk = xmllintValid(SCHEMA, mu.text);
          const m = decodeOpenAdr(exchange(new TextEncoder().encode(mu.text)))[0];
          expect(schemaDiags(m).length === 0, `${basename(f)} ${mu.what}: ${JSON.stringify(schemaDiags(m))}`).toBe(lintOk);
          compared++;
          if (!lintOk) invalidSeen++;
        }
      }
      expect(compared).toBeGreaterThan(50);
      expect(invalidSeen).toBeGreaterThan(20);
    });
  });
});

describe('OpenADR 3.0 REST', () => {
  const cases: Array<[string, string, string]> = [
    ['GET', '/openadr3/3.0.1/programs', 'searchAllPrograms'],
    ['POST', '/programs', 'createProgram'],
    ['GET', '/programs/p1', 'searchProgramByProgramId'],
    ['PUT', '/programs/p1', 'updateProgram'],
    ['DELETE', '/programs/p1', 'deleteProgram'],
    ['GET', '/events?programID=p1&skip=0&limit=10', 'searchAllEvents'],
    ['POST', '/events', 'createEvent'],
    ['GET', '/events/e1', 'searchEventsByID'],
    ['GET', '/reports', 'searchAllReports'],
    ['GET', '/reports/r1', 'searchReportsByReportID'],
    ['GET', '/subscriptions', 'searchSubscriptions'],
    ['GET', '/subscriptions/s1', 'searchSubscriptionByID'],
    ['GET', '/vens', 'searchVens'],
    ['GET', '/vens/v1', 'searchVenByID'],
    ['GET', '/vens/v1/resources', 'searchVenResources'],
    ['POST', '/vens/v1/resources', 'createResource'],
    ['GET', '/vens/v1/resources/r9', 'searchVenResourceByID'],
    ['PUT', '/vens/v1/resources/r9', 'updateVenResource'],
  ];
  for (const [method, path, op] of cases) {
    it(`${method} ${path} -> ${op} (operationId of the 3.0.1 OpenAPI definition)`, () => expect(oadr3OperationId(method, path)).toBe(op));
  }

  it('decodes a JSON event body and its response, with the object type', () => {
    const event = { objectType: 'EVENT', programID: 'p1', eventName: 'peak', intervals: [{ id: 0, payloads: [{ type: 'PRICE', values: [0.25] }] }] };
    const body = new TextEncoder().encode(JSON.stringify(event));
    const x: HttpExchangeView = { method: 'POST', target: '/events', contentType: 'application/json', body, isRequest: true };
    expect(looksLikeOpenAdr(x)).toBe(true);
    const [m] = decodeOpenAdr(x);
    expect([m.version, m.name, m.kind, m.objectType]).toEqual(['3.0', 'createEvent', 'request', 'event']);
    expect(m.body).toEqual(event);
    const [r] = decodeOpenAdr({ ...x, isRequest: false, status: 201 });
    expect([r.name, r.kind]).toEqual(['createEvent', 'response']);
    const bad = decodeOpenAdr({ ...x, body: new TextEncoder().encode('{"objectType": "EVENT", "__proto__": {"x": 1}, ') })[0];
    expect(bad.diagnostics.map((d) => d.code)).toContain('openadr.malformed_json');
  });

  it('does not claim unrelated JSON APIs or HTML', () => {
    const body = new TextEncoder().encode('{"a":1}');
    expect(looksLikeOpenAdr({ method: 'GET', target: '/api/users', contentType: 'application/json', body, isRequest: false })).toBe(false);
    expect(looksLikeOpenAdr({ method: 'GET', target: '/events', contentType: 'text/html', body: new TextEncoder().encode('<html></html>'), isRequest: false })).toBe(false);
  });
});

describeShared('OpenADR 2.0b over XMPP', () => {
  const payload = readFileSync(sharedPath('corpus/payloads/openadr/epri-dev_OpenADR-VEN-Library/test_input/payload/distribute_event_active.xml'), 'utf8')
    .replace(/^<\?xml[^>]*\?>\s*/, '');
  const stream = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='vtn.example' version='1.0'>`
    + `<iq type='set' id='q1' to='ven@example/r'><oadr xmlns='http://openadr.org/openadr2'>${payload}</oadr></iq>`
    + `<presence/><iq type='result' id='q2'/>`;

  it('finds the oadr payload in stanzas however the stream is cut into segments', () => {
    const bytes = new TextEncoder().encode(stream);
    for (const seg of [1, 7, 100, 1460, bytes.length]) {
      const got: GridMessage[] = [];
      const ds: Diagnostic[] = [];
      const s = createOpenAdrXmppStream({ message: (m) => got.push(m), diagnostic: (d) => ds.push(d) }, { fromClient: false });
      for (let i = 0; i < bytes.length; i += seg) s.push(bytes.subarray(i, i + seg));
      s.end();
      expect(got.map((m) => [m.name, m.version, m.kind]), `segment ${seg}`).toEqual([['oadrDistributeEvent', '2.0b', 'request']]);
      expect(ds).toEqual([]);
    }
  });

  it('STARTTLS: after <proceed/> the rest is encrypted (diagnostic, nothing decoded)', () => {
    const got: GridMessage[] = [];
    const ds: Diagnostic[] = [];
    const shared = { tls: false };
    const server = createOpenAdrXmppStream({ message: (m) => got.push(m), diagnostic: (d) => ds.push(d) }, { fromClient: false, shared });
    server.push(new TextEncoder().encode(`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`));
    server.push(Uint8Array.from([0x16, 0x03, 0x03, 0x00, 0x10, 1, 2, 3]));
    expect(server.encrypted).toBe(true);
    expect(ds.map((d) => d.code)).toEqual(['openadr.xmpp_encrypted']);
    expect(got).toEqual([]);
  });
});
