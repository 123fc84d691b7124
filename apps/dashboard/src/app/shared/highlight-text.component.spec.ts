import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { decodeHighlightEntities, parseHighlight } from './highlight-segments';
import { HighlightTextComponent } from './highlight-text.component';

@Component({
  imports: [HighlightTextComponent],
  template: `<asc-highlight-text [text]="text()" [highlight]="highlight()" />`,
})
class HostComponent {
  readonly text = signal('');
  readonly highlight = signal<string | null>(null);
}

async function render(text: string, highlight: string | null): Promise<HTMLElement> {
  const fixture = TestBed.createComponent(HostComponent);
  fixture.componentInstance.text.set(text);
  fixture.componentInstance.highlight.set(highlight);
  await fixture.whenStable();
  return (fixture.nativeElement as HTMLElement).querySelector('asc-highlight-text') as HTMLElement;
}

/** Every element the component created, apart from the <mark>s it is allowed to create. */
function elementsOtherThanMark(host: HTMLElement): Element[] {
  return Array.from(host.querySelectorAll('*')).filter((element) => element.tagName !== 'MARK');
}

describe(HighlightTextComponent.name, () => {
  it('keeps an escaped <script> as literal text and marks only the <em> segments', async () => {
    const host = await render(
      '',
      '&lt;script&gt;alert(&quot;x&quot;)&lt;&#x2F;script&gt; il <em>rimborso</em> &amp; l&#x27;<em>ordine</em>',
    );

    expect(host.textContent).toBe('<script>alert("x")</script> il rimborso & l\'ordine');
    expect(host.querySelectorAll('script')).toHaveLength(0);
    expect(elementsOtherThanMark(host)).toEqual([]);
    expect(Array.from(host.querySelectorAll('mark')).map((mark) => mark.textContent)).toEqual(['rimborso', 'ordine']);
  });

  it('creates no element from markup that reaches it unescaped', async () => {
    // If the API ever forgot encoder: "html", tags in the text must still not become elements.
    const host = await render('', '<img src=x onerror="alert(1)"><em>ciao</em><b>bold</b>');

    expect(host.querySelector('img')).toBeNull();
    expect(host.querySelector('b')).toBeNull();
    expect(elementsOtherThanMark(host)).toEqual([]);
    expect(host.textContent).toBe('<img src=x onerror="alert(1)">ciao<b>bold</b>');
    expect(host.querySelector('mark')?.textContent).toBe('ciao');
  });

  it('shows the plain text literally when there is no highlight', async () => {
    const host = await render('<b>not bold</b> &amp; <em>not marked</em>', null);

    expect(host.textContent).toBe('<b>not bold</b> &amp; <em>not marked</em>');
    expect(host.querySelectorAll('*')).toHaveLength(0);
  });
});

describe(parseHighlight.name, () => {
  it('splits on <em> and </em> into marked and unmarked segments', () => {
    expect(parseHighlight('a <em>b</em> c <em>d</em>')).toEqual([
      { text: 'a ', marked: false },
      { text: 'b', marked: true },
      { text: ' c ', marked: false },
      { text: 'd', marked: true },
    ]);
  });

  it('tolerates unbalanced tags from cut fragments without showing them', () => {
    expect(parseHighlight('uto</em> e poi <em>rimb')).toEqual([
      { text: 'uto e poi ', marked: false },
      { text: 'rimb', marked: true },
    ]);
  });

  it('treats an escaped <em> typed by the author as text, not as a highlight', () => {
    expect(parseHighlight('&lt;em&gt;finto&lt;&#x2F;em&gt; <em>vero</em>')).toEqual([
      { text: '<em>finto</em> ', marked: false },
      { text: 'vero', marked: true },
    ]);
  });
});

describe(decodeHighlightEntities.name, () => {
  it('decodes the entities of the html encoder in one pass', () => {
    expect(decodeHighlightEntities('&amp;lt; &lt; &gt; &quot; &#x27; &#39; &#x2F;')).toBe("&lt; < > \" ' ' /");
  });

  it('leaves other entities as the author typed them', () => {
    expect(decodeHighlightEntities('&nbsp; &eacute; &#60;')).toBe('&nbsp; &eacute; &#60;');
  });
});
