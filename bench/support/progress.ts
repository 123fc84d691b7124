import { Presets, SingleBar } from 'cli-progress';

/** A progress bar on stderr (stdout keeps the results): `label [████░░] 45% | 90000/200000 mentions | 6030/s`. */
export function mentionsProgressBar(label: string, labelWidth = 13): SingleBar {
  return new SingleBar(
    { format: `${label.padEnd(labelWidth)} [{bar}] {percentage}% | {value}/{total} mentions | {rate}/s`, hideCursor: true, stream: process.stderr },
    Presets.shades_classic,
  );
}

/** Items per second of wall clock since `start` (a `process.hrtime.bigint()` reading). */
export function rateSince(start: bigint, done: number): number {
  return Math.round(done / (Number(process.hrtime.bigint() - start) / 1e9));
}
