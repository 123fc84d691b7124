export interface HighlightSegment {
  text: string;
  marked: boolean;
}

// Exactly the entities Elasticsearch's `html` highlight encoder emits; anything else is left as
// typed, because decoding more would turn text the author wrote into something they did not.
const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
  '&#x2F;': '/',
  '&#x2f;': '/',
};
const ENTITY_PATTERN = /&(?:amp|lt|gt|quot|#x27|#39|#x2[Ff]);/g;
const TAG_PATTERN = /<\/?em>/g;

/** One pass, so "&amp;lt;" becomes the literal "&lt;" the author typed, not "<". */
export function decodeHighlightEntities(value: string): string {
  return value.replace(ENTITY_PATTERN, (entity) => ENTITIES[entity] ?? entity);
}

/**
 * Splits an Elasticsearch highlight (escaped text whose only markup is `<em>`/`</em>`) into plain
 * text segments. The result is data, never markup: callers bind each segment as text.
 */
export function parseHighlight(highlight: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let marked = false;
  let last = 0;
  const push = (raw: string) => {
    if (raw === '') {
      return;
    }
    const text = decodeHighlightEntities(raw);
    const previous = segments.at(-1);
    if (previous && previous.marked === marked) {
      previous.text += text;
    } else {
      segments.push({ text, marked });
    }
  };
  for (const match of highlight.matchAll(TAG_PATTERN)) {
    push(highlight.slice(last, match.index));
    // Unbalanced tags (a truncated fragment) just set the state; they never show up as text.
    marked = match[0] === '<em>';
    last = match.index + match[0].length;
  }
  push(highlight.slice(last));
  return segments;
}
