import { Parser } from 'htmlparser2';
import { parseFeed } from '@rowanmanning/feed-parser';
it('loads', () => {
  let t = '';
  const p = new Parser({ ontext: (x) => (t += x) });
  p.write('<p>a &amp; b</p>'); p.end();
  expect(t).toBe('a & b');
  expect(typeof parseFeed).toBe('function');
});
