import { analyzeMention } from '../pipeline';
import { sentimentFromRating } from './sentiment-from-rating';

const fromWords = { sentiment: 'positive' as const, score: 0.67, confidence: 0.81, reasons: ['model sentiment-en: positive p=0.81'] };

describe('sentimentFromRating', () => {
  it.each([
    [1, 'negative', -1],
    [2, 'negative', -0.5],
    [3, 'neutral', 0],
    [4, 'positive', 0.5],
    [5, 'positive', 1],
  ] as const)('%i stars: %s, score %d, the model\'s reading kept in the reasons', (stars, sentiment, score) => {
    expect(sentimentFromRating(fromWords, stars)).toEqual({
      sentiment,
      score,
      confidence: 0.95,
      reasons: [`star rating ${stars}/5`, 'model sentiment-en: positive p=0.81'],
    });
  });

  it.each([null, undefined, 0, 6, 2.5, Number.NaN, '5', { stars: 5 }])('ignores a rating that is not 1 to 5 stars: %p', (rating) => {
    expect(sentimentFromRating(fromWords, rating)).toBeNull();
  });

  it('decides the stored sentiment and what the rules read, while the text decides the intent', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const review = (content: string, rating: number | null) =>
      analyzeMention(
        {
          id: 'appstore-1', sourceType: 'appstore', sourceId: 's', sourceKey: 'k', externalId: '1', url: null, title: null, content, rating,
          author: { name: 'Owen', handle: null, url: null }, publishedAt: now.toISOString(), collectedAt: now.toISOString(),
        },
        now,
      );
    // Read as positive from the words ("thanks"); the author gave one star.
    const oneStar = review('Great update, thanks. Now I have to log in every single time', 1);
    expect(oneStar).toMatchObject({ sentiment: 'negative', sentimentScore: -1 });
    expect(oneStar.explanations.sentiment.reasons[0]).toBe('star rating 1/5');
    // Its praise words are not praise, and an unhappy reviewer is never flushed.
    expect(oneStar).toMatchObject({ category: 'service', intent: 'other' });
    expect(oneStar.explanations.category.reasons).toEqual(['a 1-star review: kept for a person', '"great" in a 1-star review: not praise']);
    expect(review('Great update, thanks. Now I have to log in every single time', null).sentiment).toBe('positive');
    // A rating that is no whole number of stars changes nothing, in the rules either.
    expect(review('Great update, thanks. Now I have to log in every single time', 1.5)).toMatchObject({ sentiment: 'positive', intent: 'praise' });
    // Five stars and a bug report: positive, and still a complaint for the care team.
    expect(review('Love the app but it crashes every time I open the camera', 5)).toMatchObject({ sentiment: 'positive', intent: 'complaint', category: 'service' });
  });
});
