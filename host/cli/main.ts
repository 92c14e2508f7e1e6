// vgi-inspect: the command-line entry. Commands and exit codes follow docs/output-contract.md of ../shared
// (0: input read, 1: usage error, 2: an input could not be read or is not a capture).

import { parseArgs } from 'node:util';
import { compileFilter, FilterSyntaxError } from '../../parsers/filter';
import { runDecode } from './decode';
import { runExi } from './exi';
import { runServe } from './serve';
import { processIo, type CliIo } from './io';
import type { OutputFormat } from './output';

const USAGE = `usage:
  vgi-inspect decode FILE... [--format ndjson|json|table] [--keylog FILE] [--actors FILE] [--filter EXPR]
  vgi-inspect exi decode --schema S [HEX|-] [--binary]
  vgi-inspect exi encode --schema S [JSON|-]
  vgi-inspect serve [--port N] [FILE]
`;

class UsageError extends Error {}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'decode':
        return await decodeCommand(rest, io);
      case 'exi':
        return await exiCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io);
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return 0;
      case undefined:
        throw new UsageError('missing command');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`vgi-inspect: ${(e as Error).message}\n${USAGE}`);
      return 1;
    }
    throw e;
  }
}

async function decodeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'ndjson' },
      keylog: { type: 'string' },
      actors: { type: 'string' },
      filter: { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError('decode needs at least one capture file');
  const format = values.format as OutputFormat;
  if (!['ndjson', 'json', 'table'].includes(format)) throw new UsageError(`unknown format "${format}" (ndjson, json or table)`);
  if (values.filter !== undefined) {
    try {
      compileFilter(values.filter);
    } catch (e) {
      if (!(e instanceof FilterSyntaxError)) throw e;
      const caret = ' '.repeat(e.start) + '^'.repeat(Math.max(1, e.end - e.start));
      throw new UsageError(`bad --filter: ${e.message}\n  ${values.filter}\n  ${caret}`);
    }
  }
  if (values.keylog !== undefined) io.err('vgi-inspect: note: TLS decryption is not available yet; --keylog is ignored\n');
  return runDecode({ files: positionals, format, actorsFile: values.actors, keylogFile: values.keylog, filter: values.filter, threads: threadsOption() }, io);
}

async function exiCommand(args: string[], io: CliIo): Promise<number> {
  const [mode, ...rest] = args;
  if (mode !== 'decode' && mode !== 'encode') throw new UsageError('exi needs "decode" or "encode"');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { schema: { type: 'string' }, binary: { type: 'boolean', default: false } },
  });
  if (!values.schema) throw new UsageError(`exi ${mode} needs --schema`);
  if (positionals.length > 1) throw new UsageError(`exi ${mode} takes one input (or - for stdin)`);
  if (values.binary && mode === 'encode') throw new UsageError('--binary is for exi decode');
  return runExi({ mode, schema: values.schema, input: positionals[0], binary: values.binary ?? false }, io);
}

async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { port: { type: 'string', default: '0' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`bad --port "${values.port}"`);
  if (positionals.length > 1) throw new UsageError('serve takes at most one capture file');
  return runServe({ port, file: positionals[0] }, io);
}

/** VGI_THREADS=1 or 2 forces one or two decoding threads (tests, benchmarks); default: chosen by input size. */
function threadsOption(): 1 | 2 | 'auto' {
  const v = process.env.VGI_THREADS;
  return v === '1' ? 1 : v === '2' ? 2 : 'auto';
}
