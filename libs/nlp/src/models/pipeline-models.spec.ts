import { analyzeMention } from '../pipeline';
import { shippedModels } from './pipeline-models';

describe('shippedModels', () => {
  it('has no Italian complaint model until the team has corrected enough Italian intents', () => {
    // libs/nlp/models/complaint-it.json is the marker nlp:train writes without those corrections.
    const models = shippedModels();
    expect(models.complaint.it).toBeUndefined();
    expect(models.complaint.en).toBeDefined();
    expect(models.sentiment.it).toBeDefined();
  });

  it('reads Italian complaints by the rules meanwhile, English ones with the model', () => {
    const reasonsOf = (content: string) => {
      const now = new Date('2026-03-01T12:00:00Z');
      const analysis = analyzeMention(
        { id: 'm', sourceType: 'rss', sourceId: 's', sourceKey: 'k', externalId: 'e', url: null, title: null, content, author: { name: '', handle: null, url: null }, publishedAt: now.toISOString(), collectedAt: now.toISOString() },
        now,
      );
      return analysis.explanations.intent.reasons.join(' | ');
    };
    expect(reasonsOf('La fibra non funziona da tre giorni e nessuno risponde')).not.toContain('complaint model');
    expect(reasonsOf('My fibre has not worked for three days and nobody answers')).toContain('complaint model');
  });
});
