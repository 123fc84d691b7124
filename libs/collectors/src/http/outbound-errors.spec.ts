import { safeUrlForMessage } from './outbound-errors';

describe('safeUrlForMessage', () => {
  it('drops user info and secret-looking query parameters, keeps the rest', () => {
    const shown = safeUrlForMessage('https://user:pa55@graph.example/v25.0/123/comments?access_token=EAAB&fields=message&key=AIza&limit=25');
    expect(shown).not.toMatch(/pa55|EAAB|AIza|user/);
    expect(shown).toContain('fields=message');
    expect(shown).toContain('limit=25');
    expect(shown).toContain('access_token=REDACTED');
  });

  it('shortens long URLs and quotes what is not a URL', () => {
    expect(safeUrlForMessage(`https://a.example/${'x'.repeat(400)}`).length).toBeLessThanOrEqual(301);
    expect(safeUrlForMessage('not a url')).toBe('"not a url"');
  });
});
