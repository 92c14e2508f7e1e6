// `vgi-inspect exi decode --schema S [HEX|-] [--binary]` and `vgi-inspect exi encode --schema S [JSON|-]`.
// With `-`, one item per line on stdin, one result per line on stdout, in order; a failing line prints
// `{"error": "..."}` (decode) or `error: ...` (encode) and the rest go on. IEEE 2030.5 streams (sep2018,
// sep2013) are encoded with the options header of IEEE 2030.5-2018 §5.6.3 (schemaId S1; S0 for 2013).

import { createInterface } from 'node:readline';
import { EXI_SCHEMAS, exiDecode, exiEncode, type ExiSchema } from '../../parsers/exi';
import type { CliIo } from './io';

export interface ExiOptions {
  mode: 'decode' | 'encode';
  schema: string;
  input: string | undefined;
  binary: boolean;
}

const SCHEMA_IDS: Partial<Record<ExiSchema, { schemaId: string }>> = { sep2018: { schemaId: 'S1' }, sep2013: { schemaId: 'S0' } };

export function isExiSchema(s: string): s is ExiSchema {
  return (EXI_SCHEMAS as readonly string[]).includes(s);
}

export function decodeHexLine(schema: ExiSchema, line: string): string {
  const hex = line.trim().replace(/^0x/i, '').replace(/\s+/g, '');
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return JSON.stringify({ error: 'not a hex string' });
  return decodeBytes(schema, hexToBytes(hex));
}

function decodeBytes(schema: ExiSchema, bytes: Uint8Array): string {
  const r = exiDecode(schema, bytes);
  if (!r.ok) return JSON.stringify({ error: r.error ? `${r.error.message} (bit ${r.error.bitOffset})` : 'undecodable' });
  return JSON.stringify(r.value);
}

export function encodeJsonLine(schema: ExiSchema, line: string): string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return `error: not JSON: ${(e as Error).message}`;
  }
  const r = exiEncode(schema, value, SCHEMA_IDS[schema]);
  if (!r.ok || !r.bytes) return `error: ${r.error?.message ?? 'cannot encode'}`;
  return bytesToHex(r.bytes);
}

export async function runExi(opts: ExiOptions, io: CliIo, stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const schema = opts.schema;
  if (!isExiSchema(schema)) {
    io.err(`vgi-inspect: unknown schema "${schema}" (one of ${EXI_SCHEMAS.join(', ')})\n`);
    return 1;
  }
  const one = opts.mode === 'decode' ? (l: string) => decodeHexLine(schema, l) : (l: string) => encodeJsonLine(schema, l);
  if (opts.mode === 'decode' && opts.binary) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    io.out(decodeBytes(schema, new Uint8Array(Buffer.concat(chunks))) + '\n');
    return 0;
  }
  if (opts.input !== undefined && opts.input !== '-') {
    const out = one(opts.input);
    io.out(out + '\n');
    return out.startsWith('error:') || out.startsWith('{"error"') ? 2 : 0;
  }
  const rl = createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    if (!io.out(one(line) + '\n')) await io.drain();
  }
  return 0;
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

function bytesToHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}
