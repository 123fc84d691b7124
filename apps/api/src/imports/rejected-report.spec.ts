import { csvCell, rejectedRowsCsv } from './rejected-report';

describe('rejected rows report', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1', `"'+1"`],
    ['-2', `"'-2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tcmd', `"'\tcmd"`],
    ['\rcmd', `"'\rcmd"`],
    ['text is required', '"text is required"'],
  ])('neutralises %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes a header, one line per row and a note when the list was cut', () => {
    expect(rejectedRowsCsv([{ row: 4, reason: 'unknown field =cmd' }], 3)).toBe('\uFEFFrow,reason\r\n"4","unknown field =cmd"\r\n"…","2 more rejected rows are not listed"\r\n');
  });
});
