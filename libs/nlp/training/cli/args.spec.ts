import { parseEvalArgs } from './eval-args';
import { parseTrainArgs } from './train-args';

describe('nlp:eval arguments', () => {
  it('cross-validates and writes docs/quality.md by default', () => {
    expect(parseEvalArgs([])).toEqual({ data: [], json: false, write: true });
  });
  it('scores files without writing the report unless asked', () => {
    expect(parseEvalArgs(['--data', 'a.jsonl', '--data', 'b.jsonl', '--json'])).toEqual({ data: ['a.jsonl', 'b.jsonl'], json: true, write: false });
    expect(parseEvalArgs(['--data', 'a.jsonl', '--write']).write).toBe(true);
    expect(parseEvalArgs(['--limit', '50']).write).toBe(false);
  });
  it('rejects bad arguments with a message', () => {
    expect(() => parseEvalArgs(['--data'])).toThrow('--data needs a value');
    expect(() => parseEvalArgs(['--limit', '-3'])).toThrow('positive whole number');
    expect(() => parseEvalArgs(['--frobnicate'])).toThrow('unknown argument --frobnicate');
  });
});

describe('nlp:train arguments', () => {
  it('collects corrections files and an output folder', () => {
    expect(parseTrainArgs(['--corrections', 'a.jsonl', '--corrections', 'b.jsonl', '--out', '/tmp/m'])).toEqual({ corrections: ['a.jsonl', 'b.jsonl'], out: '/tmp/m' });
    expect(() => parseTrainArgs(['--corrections', '--out'])).toThrow('needs a value');
    expect(() => parseTrainArgs(['x'])).toThrow('unknown argument');
  });
});
