// Runs the vgi-inspect CLI in-process (tests), capturing its output and exit status.
import { main } from '../../host/cli/main';
import { memoryIo } from '../../host/cli/io';
import type { MessageRecord } from '../../parsers/engine/record';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[]): Promise<CliRun> {
  const io = memoryIo();
  const status = await main(args, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

export async function decodeRecords(file: string, ...extra: string[]): Promise<{ records: MessageRecord[]; run: CliRun }> {
  const run = await runCli(['decode', file, ...extra]);
  const records = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as MessageRecord);
  return { records, run };
}
