// `vgi-inspect decode FILE… [--format ndjson|json|table] [--keylog FILE] [--actors FILE] [--filter EXPR]`
// Streams each capture through the engine and prints one record per application message. Large inputs use
// two threads when the bundled decoder thread is available (parallel/): this one reassembles the capture,
// the other decodes OCPP and writes; the output is the same, record for record.

import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ActorMap } from '../../parsers/annotate/actors';
import { compileFilter } from '../../parsers/filter';
import { createInspector } from '../../parsers/engine/inspector';
import type { RecordExtras } from '../../parsers/engine/inspector';
import type { MessageRecord } from '../../parsers/engine/record';
import { ChunkedOut, createWriter, type OutputFormat } from './output';
import type { CliIo } from './io';
import { ParallelDecoder } from './parallel/reader';

export interface DecodeOptions {
  files: string[];
  format: OutputFormat;
  actorsFile?: string;
  keylogFile?: string;
  /** A display filter (already checked by the caller). */
  filter?: string;
  /** 1: one thread; 2: with decoder threads; 'auto' (default): decoder threads for ndjson inputs of PARALLEL_MIN_BYTES or more. */
  threads?: 1 | 2 | 'auto';
}

const CHUNK = 1 << 20;
const PARALLEL_MIN_BYTES = 16 << 20;
/** Decoder threads beside the reader thread (the reader is idle half the time, so two share two cores well). */
const DECODER_THREADS = Number(process.env.VGI_DECODER_THREADS ?? 2);

/** The bundled decoder thread, next to the bundled CLI (absent when running from sources). */
function decoderThreadFile(): string | undefined {
  const f = fileURLToPath(new URL('./decode-worker.cjs', import.meta.url));
  return existsSync(f) ? f : undefined;
}

function inputBytes(files: string[]): number {
  let n = 0;
  for (const f of files) {
    try {
      n += statSync(f).size;
    } catch {
      // reported when the file is read
    }
  }
  return n;
}

export async function runDecode(opts: DecodeOptions, io: CliIo): Promise<number> {
  let actorEntries: Record<string, string> | undefined;
  let actors: ActorMap | undefined;
  if (opts.actorsFile) {
    try {
      actorEntries = JSON.parse(readFileSync(opts.actorsFile, 'utf8')) as Record<string, string>;
      actors = new ActorMap(actorEntries);
    } catch (e) {
      io.err(`vgi-inspect: ${opts.actorsFile}: cannot read the actors map: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const filter = opts.filter ? compileFilter(opts.filter) : undefined;
  const threads = opts.threads ?? 'auto';
  // decoder threads number records where they merge them: ndjson only, and not with a filter on `seq`
  const workerFile = threads === 1 || opts.format !== 'ndjson' || /\bseq\b/.test(opts.filter ?? '') ? undefined : decoderThreadFile();
  const output = new ChunkedOut(io.out);
  const parallel = workerFile !== undefined && (threads === 2 || inputBytes(opts.files) >= PARALLEL_MIN_BYTES)
    ? new ParallelDecoder(workerFile, DECODER_THREADS, { actors: actorEntries, filter: opts.filter, filterFn: filter }, output)
    : undefined;

  // single thread: filter, number and write here
  const writer = parallel ? undefined : createWriter(opts.format, io.out);
  let seq = 0;
  const onRecord = parallel
    ? (r: MessageRecord, extras: RecordExtras) => parallel.record(r, extras.bodyJson)
    : (r: MessageRecord, extras: RecordExtras) => {
      if (filter && !filter(r)) return;
      r.seq = ++seq; // numbering across all files, after filtering
      writer!.write(r, extras.bodyJson);
    };

  let status = 0;
  for (const file of opts.files) {
    const inspector = createInspector({
      name: file,
      actors,
      ocppStage: parallel?.stage,
      onRecord,
      onDiagnostic(d) {
        const message = d.message.startsWith(`${file}: `) ? d.message.slice(file.length + 2) : d.message;
        io.err(`vgi-inspect: ${file}: ${d.severity}: ${message} [${d.code}]\n`);
      },
    });
    const readError = await pump(file, io, (chunk) => {
      inspector.push(chunk);
      return inspector.fatal === undefined;
    }, parallel);
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
  if (parallel) {
    await parallel.end();
    output.flush();
  } else writer!.end();
  return status;
}

/** Reads a file in chunks, waiting for the output (and the decoder thread) to keep up; `onChunk` returns false to stop early. */
async function pump(file: string, io: CliIo, onChunk: (chunk: Uint8Array) => boolean, parallel?: ParallelDecoder): Promise<string | undefined> {
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream) {
      // a plain Uint8Array view: the decoders' many subarray() calls on a Buffer would each build a Buffer
      const b = chunk as Buffer;
      const more = onChunk(new Uint8Array(b.buffer, b.byteOffset, b.length));
      if (parallel) await parallel.flush();
      await io.drain();
      if (!more) break;
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
