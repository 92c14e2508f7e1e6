// samples/README.md, written from the samples' own descriptions so that it cannot drift from them.

import type { Sample } from './scenarios';

export function readme(samples: Sample[], sizes: Record<string, { bytes: number; frames: number }>): string {
  const lines = [
    '# Sample captures',
    '',
    'One capture per use-case category of docs/domain.md, made by the project\'s own generator',
    '(`tools/samples/`). Do not edit these files: regenerate them with',
    '',
    '```',
    'npx tsx tools/samples/generate.ts            # all samples and this README',
    'npx tsx tools/samples/generate.ts dc-flow    # one sample',
    '```',
    '',
    'The generator is deterministic (fixed seeds, fixed timestamps on Tuesday 17 March 2026 UTC), so the',
    'files are byte-identical on every run; `tests/unit/samples/samples.test.ts` regenerates them and',
    'compares. Payloads come from the project\'s libraries: OCPP JSON checked against the OCA schemas, EXI',
    'written by `parsers/exi` (and decoded back), OpenADR 2.0b and IEEE 2030.5 XML checked against the schema',
    'models of `oadr_20b.xsd` and `sep.xsd`. Frames are real: TCP handshakes, ACKs (delayed or piggybacked),',
    'MSS-sized segments, correct lengths and checksums. Addresses come from documentation ranges',
    '(192.0.2.0/24 utility, 198.51.100.0/24 network service provider and charger uplink, fe80:: on the',
    'vehicle link, locally administered MACs). HTTP and WebSocket are plain (no TLS) so that every payload',
    'can be read.',
    '',
    'Interfaces: `uplink0` (microsecond timestamps) carries OCPP, OpenADR and IEEE 2030.5 as seen by the',
    'network service provider; `plc0` (nanosecond timestamps) carries the charger\'s HomePlug Green PHY link',
    'to the vehicle (SLAC, SDP, V2GTP).',
    '',
    'The engine decodes every sample without a single diagnostic; a sample that carried one on purpose would',
    'list it under its section below.',
    '',
    'Decode one with `node tools/build.mjs && node bin/vgi-inspect.mjs decode samples/<name>.pcapng --format table`.',
    '',
  ];
  for (const s of samples) {
    const size = sizes[s.name];
    lines.push(`## ${s.name}.pcapng: ${s.title}`, '');
    if (size) lines.push(`${size.frames} frames, ${size.bytes} bytes.`, '');
    for (const l of s.shows) lines.push(`- ${l}`);
    lines.push('');
    if (s.expectedDiagnostics && Object.keys(s.expectedDiagnostics).length) {
      lines.push('Diagnostics it carries on purpose:', '');
      for (const [code, why] of Object.entries(s.expectedDiagnostics)) lines.push(`- \`${code}\`: ${why}`);
      lines.push('');
    }
    lines.push(`Regenerate: \`npx tsx tools/samples/generate.ts ${s.name}\``, '');
  }
  return lines.join('\n');
}
