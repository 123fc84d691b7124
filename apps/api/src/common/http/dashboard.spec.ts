import { stampNonce } from './dashboard';

describe(stampNonce.name, () => {
  const html = `<!doctype html><html><head><style>html{}</style><link rel="stylesheet" href="styles-ABCDEFGH.css"></head>
<body>
  <asc-root></asc-root>
  <script src="main-ABCDEFGH.js" type="module"></script>
  <script>document.querySelector('link').media = 'all'</script>
</body></html>`;

  it('puts the nonce on every inline script and style, and ngCspNonce on the root component', () => {
    const out = stampNonce(html, 'N0nce==');
    expect(out).toContain('<style nonce="N0nce==">');
    expect(out.match(/<script nonce="N0nce=="/g)).toHaveLength(2);
    expect(out).toContain('<asc-root ngCspNonce="N0nce==">');
    expect(out).toContain('<link rel="stylesheet" href="styles-ABCDEFGH.css">');
  });

  it('does not stamp a tag twice', () => {
    const once = stampNonce(html, 'A');
    expect(stampNonce(once, 'B')).toBe(once);
  });
});
