export interface TrainArgs {
  corrections: string[];
  out?: string;
}

/** `--corrections PATH` (repeatable) and `--out DIR`; anything else is an error, not ignored. */
export function parseTrainArgs(argv: readonly string[]): TrainArgs {
  const args: TrainArgs = { corrections: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--corrections' || flag === '--out') && (value === undefined || value.startsWith('--'))) throw new Error(`${flag} needs a value`);
    if (flag === '--corrections') args.corrections.push(argv[++i]);
    else if (flag === '--out') args.out = argv[++i];
    else throw new Error(`unknown argument ${flag} (expected --corrections PATH or --out DIR)`);
  }
  return args;
}
