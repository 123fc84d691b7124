import { parseReanalyseArgs, REANALYSE_USAGE, ReanalyseUsageError, runReanalyseCommand } from './reanalyse-command';

describe(parseReanalyseArgs.name, () => {
  it('takes no argument, --help, or a page size within bounds', () => {
    expect(parseReanalyseArgs([])).toEqual({ help: false });
    expect(parseReanalyseArgs(['--help'])).toEqual({ help: true });
    expect(parseReanalyseArgs(['--page-size', '2000'])).toEqual({ help: false, pageSize: 2000 });
  });

  it('refuses anything else as a usage error (exit code 2)', () => {
    expect(() => parseReanalyseArgs(['--page-size', '0'])).toThrow(ReanalyseUsageError);
    expect(() => parseReanalyseArgs(['--page-size', '10001'])).toThrow(ReanalyseUsageError);
    expect(() => parseReanalyseArgs(['--page-size'])).toThrow(ReanalyseUsageError);
    expect(() => parseReanalyseArgs(['--dry-run'])).toThrow(/Unknown argument --dry-run/);
  });
});

describe(runReanalyseCommand.name, () => {
  it('prints the usage for --help without starting a worker', async () => {
    const lines: string[] = [];
    // No DATABASE_URL nor Elasticsearch: a worker start would fail.
    await expect(runReanalyseCommand(['--help'], {}, (l) => lines.push(l))).resolves.toBe(0);
    expect(lines).toEqual([REANALYSE_USAGE]);
    expect(REANALYSE_USAGE).toContain('Exit code');
  });
});
