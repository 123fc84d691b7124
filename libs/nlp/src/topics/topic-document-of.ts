import type { Language } from '@ascolto/domain';
import { LANGUAGES } from '@ascolto/domain';
import { detectLanguageFromTokens } from '../language/detect-language';
import { htmlToTextWithLinks } from '../text/html-to-text';
import { tokenize } from '../text/tokenize';
import type { TopicDocument } from './topic-document';

/** The fields of an indexed mention that topic matching needs (a re-tag reads only these). */
export interface StoredTopicFields {
  /** The analysed text as the pipeline stored it: the body, or the title when there is no body. */
  text?: unknown;
  /** The source's title as collected (may hold HTML). */
  title?: unknown;
  language?: unknown;
  /** Labels a person corrected: a corrected `language` is not the one the pipeline matched with. */
  correctedLabels?: unknown;
}

/** The stored mention fields a re-tag must read (Elasticsearch source filtering). */
export const TOPIC_DOCUMENT_FIELDS = ['text', 'title', 'language', 'correctedLabels'] as const;

const KNOWN_LANGUAGES: ReadonlySet<string> = new Set(LANGUAGES);

function startsWithIgnoringEllipsis(body: string, title: string): boolean {
  const head = title.replace(/(\u2026|\.\.\.)$/, '').trimEnd().toLowerCase();
  if (!head) return true;
  return body.slice(0, head.length).toLowerCase() === head;
}

/**
 * Rebuilds, from an indexed mention, the document the pipeline showed the topics when it analysed
 * that mention (`analyzeMention`): the same text (title and body together unless the body starts
 * with the title), the same tokens, the same language. So a re-tag with the same compiled matcher
 * gives the same answer as ingesting the mention again. The language is the stored one, unless a
 * person corrected it: then it is detected again from the tokens, as the pipeline would.
 * A unit test checks the equivalence against `analyzeMention` on a corpus.
 */
export function topicDocumentOf(stored: StoredTopicFields): TopicDocument {
  const text = typeof stored.text === 'string' ? stored.text : '';
  const title = typeof stored.title === 'string' && stored.title ? htmlToTextWithLinks(stored.title).text : '';
  // The stored text is the body, or the title when the body was empty: then there is nothing to join.
  const analysed = title && text && text !== title && !startsWithIgnoringEllipsis(text, title) ? `${title}\n${text}` : text;
  const tokens = tokenize(analysed);
  const corrected = Array.isArray(stored.correctedLabels) && stored.correctedLabels.includes('language');
  const language =
    !corrected && typeof stored.language === 'string' && KNOWN_LANGUAGES.has(stored.language)
      ? (stored.language as Language)
      : detectLanguageFromTokens(tokens).language;
  return { text, words: tokens.words, language };
}
