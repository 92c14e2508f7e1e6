// `vgi-inspect decode FILE… [--format ndjson|json|table] [--keylog FILE] [--actors FILE] [--filter EXPR]`
// Streams each capture through the engine and prints one record per application message.

import { createReadStream, readFileSync } from 'node:fs';
import { ActorMap } from '../../parsers/annotate/actors';
import { createInspector } from '../../parsers/engine/inspector';
import type { MessageRecord } from '../../parsers/engine/record';
import { createWriter, type OutputFormat } from './output';
import type { CliIo } from './io';

export interface DecodeOptions {
  files: string[];
  format: OutputFormat;
  actorsFile?: string;
  keylogFile?: string;
  filter?: (r: MessageRecord) => boolean;
}

const CHUNK = 1 << 20;

export async function runDecode(opts: DecodeOptions, io: CliIo): Promise<number> {
  let actors: ActorMap | undefined;
  if (opts.actorsFile) {
    try {
      actors = new ActorMap(JSON.parse(readFileSync(opts.actorsFile, 'utf8')) as Record<string, string>);
    } catch (e) {
      io.err(`vgi-inspect: ${opts.actorsFile}: cannot read the actors map: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const writer = createWriter(opts.format, io.out);
  let seq = 0;
  let status = 0;
  for (const file of opts.files) {
    const inspector = createInspector({
      name: file,
      actors,
      onRecord(r, extras) {
        if (opts.filter && !opts.filter(r)) return;
        r.seq = ++seq; // numbering across all files, after filtering
        writer.write(r, extras.bodyJson);
      },
      onDiagnostic(d) {
        const message = d.message.startsWith(`${file}: `) ? d.message.slice(file.length + 2) : d.message;
        io.err(`vgi-inspect: ${file}: ${d.severity}: ${message} [${d.code}]\n`);
      },
    });
    const readError = await pump(file, io, (chunk) => {
      inspector.push(chunk);
      return inspector.fatal === undefined;
    });
    if (readError) {
      io.err(`vgi-inspect: ${file}: ${readError}\n`);
      status = 2;
      continue;
    }
    inspector.end();
    if (inspector.fatal) {
      const message = inspector.fatal.message.startsWith(`${file}: `) ? inspector.fatal.message.slice(file.length + 2) : inspector.fatal.message;
      io.err(`vgi-inspect: ${file}: ${message}\n`);
      status = 2;
    }
  }
  writer.end();
  return status;
}

/** Reads a file in chunks, waiting for the output to drain; `onChunk` returns false to stop early. */
async function pump(file: string, io: CliIo, onChunk: (chunk: Uint8Array) => boolean): Promise<string | undefined> {
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream) {
      if (!onChunk(chunk as Buffer)) break;
      await io.drain();
    }
  } catch (e) {
    return describeFsError(e as NodeJS.ErrnoException);
  } finally {
    stream.destroy();
  }
  return undefined;
}

function describeFsError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'is a directory, not a capture file';
    case 'EACCES': return 'permission denied';
    default: return e.message;
  }
}
