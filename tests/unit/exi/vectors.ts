// Loads the EXI reference vectors of ../shared/vectors/exi (libcbv2g streams with their decoded JSON).
import { existsSync, readFileSync } from 'node:fs';
import { sharedFiles } from '../../support/shared';
import type { ExiSchema } from '../../../parsers/exi/index';

export interface ExiVector {
  id: string;
  schema: ExiSchema;
  message: string;
  exi_hex: string;
  decoded: unknown;
  encoder: string;
  repeated_string_values?: string[];
}

export function loadVectors(): ExiVector[] {
  const out: ExiVector[] = [];
  for (const f of sharedFiles('vectors/exi', /\.jsonl$/)) {
    if (!existsSync(f)) continue;
    for (const line of readFileSync(f, 'utf8').split('\n')) if (line.trim()) out.push(JSON.parse(line) as ExiVector);
  }
  return out;
}

export const hexToBytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
export const bytesToHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
