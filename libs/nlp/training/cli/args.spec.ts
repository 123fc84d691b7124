import { parseEvalArgs } from './eval-args';
import { parseTrainArgs } from './train-args';

describe('nlp:eval arguments', () => {
  it('cross-validates and writes docs/quality.md by default', () => {
    expect(parseEvalArgs([])).toEqual({ data: [], json: false, write: true, misses: false, topics: [] });
  });
  it('scores files without writing the report unless asked', () => {
    expect(parseEvalArgs(['--data', 'a.jsonl', '--data', 'b.jsonl', '--json'])).toEqual({ data: ['a.jsonl', 'b.jsonl'], json: true, write: false, misses: false, topics: [] });
    expect(parseEvalArgs(['--data', 'a.jsonl', '--write']).write).toBe(true);
    expect(parseEvalArgs(['--limit', '50']).write).toBe(false);
  });
  it('rejects bad arguments with a message', () => {
    expect(() => parseEvalArgs(['--data'])).toThrow('--data needs a value');
    expect(() => parseEvalArgs(['--limit', '-3'])).toThrow('positive whole number');
    expect(() => parseEvalArgs(['--frobnicate'])).toThrow('unknown argument --frobnicate');
  });
  it('lists wrong labels only for --data files, and only as text', () => {
    expect(parseEvalArgs(['--data', 'a.jsonl', '--misses'])).toMatchObject({ misses: true, write: false });
    expect(() => parseEvalArgs(['--misses'])).toThrow('give at least one --data PATH');
    expect(() => parseEvalArgs(['--data', 'a.jsonl', '--misses', '--json'])).toThrow('cannot be combined with --json');
  });
  it('reads --data files under the topics given', () => {
    expect(parseEvalArgs(['--data', 'a.jsonl', '--topic', '@VelaMobile OR vela', '--topic', '@BancaFenice']).topics).toEqual(['@VelaMobile OR vela', '@BancaFenice']);
    expect(() => parseEvalArgs(['--topic', '@VelaMobile'])).toThrow('--topic applies to --data files');
  });
});

describe('nlp:train arguments', () => {
  it('collects corrections files and an output folder', () => {
    expect(parseTrainArgs(['--corrections', 'a.jsonl', '--corrections', 'b.jsonl', '--out', '/tmp/m'])).toEqual({ corrections: ['a.jsonl', 'b.jsonl'], out: '/tmp/m' });
    expect(() => parseTrainArgs(['--corrections', '--out'])).toThrow('needs a value');
    expect(() => parseTrainArgs(['x'])).toThrow('unknown argument');
  });
});
