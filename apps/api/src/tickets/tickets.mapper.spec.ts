import { defaultPriority, defaultSubject } from './tickets.mapper';

describe(defaultSubject.name, () => {
  it('uses the text on one line, without control characters', () => {
    expect(defaultSubject({ id: 'm', title: null, text: 'Rimborso\n\tmai  arrivato\u0007!' }, 200)).toBe('Rimborso mai arrivato !');
  });

  it('shortens long text on a word boundary with an ellipsis, within the limit', () => {
    const subject = defaultSubject({ id: 'm', title: null, text: 'parola '.repeat(100) }, 200);
    expect(subject.length).toBeLessThanOrEqual(200);
    expect(subject.endsWith('parola…')).toBe(true);
  });

  it('falls back to the title, then to the id', () => {
    expect(defaultSubject({ id: 'm', title: 'Titolo', text: '   ' }, 200)).toBe('Titolo');
    expect(defaultSubject({ id: 'rss-9', title: null, text: '' }, 200)).toBe('Mention rss-9');
  });
});

describe(defaultPriority.name, () => {
  it('is the highest priority of the mentions, within 0–100', () => {
    expect(defaultPriority([{ priority: 12 }, { priority: 87 }, { priority: 40 }])).toBe(87);
    expect(defaultPriority([{ priority: 140 }])).toBe(100);
    expect(defaultPriority([])).toBe(0);
  });
});
