/** The command line as a user types it, for the report. */
export function benchmarkCommand(argv: string[]): string {
  return ['pnpm bench', ...argv.map((a) => (/^[\w.,=/-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`))].join(' ');
}
