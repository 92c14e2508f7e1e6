// vgi-inspect: command-line entry (placeholder until the decode command lands).
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('vgi-inspect: not implemented yet\n');
  return 1;
}
