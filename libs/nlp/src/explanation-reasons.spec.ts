import { reasonKey } from '@ascolto/domain';
import { generateRealisticRawMentions } from '@ascolto/testing';
import { analyzeMention } from './pipeline';
import { createTopicMatcher } from './topics/compile-topic-query';

// The dashboard shows each reason in the reader's language by recognising its format
// (libs/domain explanation-reasons.ts). This runs the real pipeline over posts that reach every
// branch that writes a reason, so a new or reworded reason fails here until the table knows it.

const POSTS = [
  'La fibra non funziona da 3 giorni, nessuno risponde. Vergogna!',
  'Anche a voi non funziona WhatsApp?',
  'Grazie mille, ma il problema è ancora lì',
  'Non mi trovo bene con la nuova app',
  'Sarebbe bello poter vedere il consumo giorno per giorno',
  'Come faccio a cambiare l\'intestatario del contratto?',
  'Tecnico puntuale e gentilissimo, complimenti! 😍 :)',
  'GUADAGNA 300€ AL GIORNO CON LE CRYPTO!!!!!!!! Clicca qui https://a.example/1 https://a.example/2 https://a.example/3',
  'follow for follow #f4f #followback #like4like #love #tbt #photo #instagood #a #b',
  'Il nuovo spot della campagna estate con la canzone anni 80 #promo #estate #spot',
  'Quando esce la nuova pubblicità?',
  'fattura',
  'ok',
  '',
  '🙂🙂',
  'https://t.co/abc @someone',
  'Ya te hemos respondido por privado, gracias',
  'C\'est vraiment nul, le service ne marche pas',
  'Das ist mal wieder typisch, kein Netz',
  'O pedido chegou quebrado, que vergonha',
  'Ik heb een probleem met mijn rekening maar niemand helpt',
  'スマホが壊れました。サポートに連絡しても返事がありません',
  'Łódź: brak zasięgu od rana, żółć',
  'Great app but it crashes every time I open it',
  '@AmazonHelp my order never arrived, I want a refund!!!',
  'Is it just me or is the app broken?',
  'sooooo slow!!! why is the internet down AGAIN??',
  'Bella app ma pessima assistenza',
  'The router is broken and support never called back',
  '@united I am still in the airport waiting for my flight.',
  'Great job @VelaMobile, another outage on a Monday morning',
  "Un'altra settimana senza linea, wow 😍",
  // Thanks closing a problem report, a disclosed promotion.
  'Day 3 without wifi. Thanks Vela',
  'Collab con @VelaMobile per il nuovo unboxing, link in bio #adv',
  // A wish worded as praise, a question about an outage.
  "Sarebbe perfetto se l'app avesse la modalità scura, è un suggerimento",
  'Mezza Torino senza luce da due ore, sapete quando torna?',
  // Italian (no complaint model): negative, in care vocabulary.
  'La bolletta di ottobre è il doppio di quella di settembre con gli stessi consumi',
  // An Italian problem report the sentiment model reads as neutral, without confidence.
  'Sito di @AuroraEnergia down, impossibile pagare la bolletta in scadenza oggi',
  // One the model reads as positive, unsure.
  'Il treno delle 8 è di nuovo in ritardo, terza volta questa settimana',
  // A problem closed by a question that asks for nothing.
  'Quarto sollecito per il rimborso della cauzione. @AuroraEnergia siete spariti?',
  // Shapes of bots and spam: a ticker, followers on sale.
  'EUR/USD 1.0842 (+0.12%) alle 16:00 #forex',
  'Vendo follower italiani veri, 1000 a 5€, pagamento PayPal, scrivetemi',
  // Money or a prize for an action.
  'Investi 250€ e ricevi 5.000€ in un mese, scrivimi',
  // A keyword collision a topic excludes.
  'Regata di domenica: vento perfetto, la vela randa nuova ha fatto la differenza',
  // A comparison with a competitor, asked of the crowd.
  'Vela o Iliad per chi viaggia spesso in Europa? Voi cosa usate?',
  // Written to a brand a topic listens for, in words no rule knows.
  '@VelaMobile left my parcel in the rain outside the building',
  // What a brand a topic follows did to the author, in words no rule knows.
  'Vela Mobile mi ha mandato a casa una scatola con dentro un libro di cucina',
  // Feeds by their shape: a label that says so, a bulletin stamped with its hour.
  'Weather bot: Leeds 4°C, light rain, wind 12 mph SW',
  'Traffico: coda di 4 km sulla A1 tra Barberino e Calenzano, aggiornato alle 08:15',
  // Small talk no topic takes: a question to the crowd, a good mood.
  'Qualcuno ha visto la partita ieri sera?',
  'buongiorno a tutti ☕',
];
const TOPICS = [
  createTopicMatcher({ id: 'vela', query: '@VelaMobile OR "Vela Mobile"' }),
  // Its exclusion turns the regatta post below away: off_topic.
  createTopicMatcher({ id: 'vela-sailing', query: 'vela NOT (regata OR randa)' }),
];

describe('explanation reasons', () => {
  it('are each in a format the dashboard can translate', () => {
    const now = new Date('2026-03-05T12:00:00Z');
    const raws = generateRealisticRawMentions(2_000, { sourceId: '00000000-0000-4000-8000-0000000000aa', end: now });
    // No stars: a generated review's rating would decide the sentiment (sentiment-from-rating.ts).
    POSTS.forEach((content, i) => raws.push({ ...raws[i], id: `post-${i}`, content, title: null, rating: null }));
    // Reviews with stars (sentiment-from-rating.ts).
    raws.push({ ...raws[0], id: 'review-1', content: 'Great update, thanks. Now I have to log in every single time', rating: 1, title: null });
    raws.push({ ...raws[1], id: 'review-5', content: 'Love the app but it crashes every time I open the camera', rating: 5, title: null });
    // Posts the source says were written to the brand, in words no rule knows.
    const unknownWords = 'Sabato sera ho lasciato il cappotto blu sulla sedia del tavolo 12';
    for (const brandChannel of ['direct_message', 'own_page', 'account_mention'] as const) {
      raws.push({ ...raws[2], id: `channel-${brandChannel}`, content: unknownWords, title: null, rating: null, brandChannel });
    }
    raws.push({ ...raws[3], id: 'channel-thanks', content: 'ok grazie 👍', title: null, rating: null, brandChannel: 'direct_message' });
    raws.push({ ...raws[4], id: 'channel-friend', content: '@giulia.ferri guarda questo tavolo per la taverna', title: null, rating: null, brandChannel: 'own_page' });
    const unknown = new Map<string, number>();
    const seenKeys = new Set<string>();
    for (const raw of raws) {
      const analysis = analyzeMention(raw, now, { topics: TOPICS });
      for (const explanation of Object.values(analysis.explanations)) {
        for (const reason of explanation.reasons) {
          const key = reasonKey(reason);
          if (key) seenKeys.add(key);
          else unknown.set(reason, (unknown.get(reason) ?? 0) + 1);
        }
      }
    }
    expect([...unknown.keys()]).toEqual([]);
    expect(seenKeys).toContain('reason.praiseAsWish');
    expect(seenKeys).toContain('reason.outageQuestion');
    expect(seenKeys).toContain('reason.negativeCare');
    expect(seenKeys).toContain('reason.addressedKept');
    expect(seenKeys).toContain('reason.unsaidProblem');
    expect(seenKeys).toContain('reason.problemReportTone');
    expect(seenKeys).toContain('reason.problemReportToneUnsure');
    expect(seenKeys).toContain('reason.closingQuestion');
    expect(seenKeys).toContain('reason.ruleMachineReport');
    expect(seenKeys).toContain('reason.ruleFollowersForSale');
    expect(seenKeys).toContain('reason.rulePrizeForAction');
    expect(seenKeys).toContain('reason.topicExclusion');
    expect(seenKeys).toContain('reason.comparison');
    expect(seenKeys).toContain('reason.directMessageKept');
    expect(seenKeys).toContain('reason.ownPageKept');
    expect(seenKeys).toContain('reason.accountMentionKept');
    expect(seenKeys).toContain('reason.smallTalkQuestion');
    expect(seenKeys).toContain('reason.smallTalkPraise');
    expect(seenKeys).toContain('reason.acknowledgment');
    expect(seenKeys).toContain('reason.commentToSomeoneElse');
    expect(seenKeys).toContain('reason.actedOnKept');
    expect(seenKeys).toContain('reason.actedOnProblem');
    expect(seenKeys).toContain('reason.ruleAutomatedLabel');
    expect(seenKeys).toContain('reason.ruleBulletinStamp');
    // The posts reach a broad set of formats, so the check above means something.
    expect(seenKeys.size).toBeGreaterThanOrEqual(35);
  });
});
