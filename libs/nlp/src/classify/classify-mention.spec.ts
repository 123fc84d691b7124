import { PRIORITY_WEIGHTS, type Language } from '@ascolto/domain';
import { detectLanguage } from '../language/detect-language';
import { scoreSentiment } from '../sentiment/score-sentiment';
import { tokenize } from '../text/tokenize';
import { classifyMention } from './classify-mention';
import { KEYWORDS } from './classify-rules';

function classify(text: string, links?: number) {
  const language = detectLanguage(text).language;
  return classifyMention(text, language, scoreSentiment(text, language), { links });
}

describe('classifyMention', () => {
  it.each([
    ['it', 'Mi avete addebitato due volte la bolletta, voglio il rimborso'],
    ['it', 'Il modem ordinato due settimane fa non è mai arrivato'],
    ['it', 'La SIM non si attiva da tre giorni'],
    ['it', 'Operatore maleducato, mi ha chiuso la chiamata in faccia'],
    ['en', 'You charged me twice and I still have no refund'],
    ['en', 'The router is broken and support never called back'],
    // How Italian customers say it has lasted, or that they tried before (durations.ts, COMPLAINT_NEEDS_PROBLEM).
    ['it', 'Sono senza internet da 3 giorni'],
    ['it', 'Fibra ko da 48h'],
    ['it', 'Ho chiamato 10 volte, sempre la stessa risposta: non possiamo fare nulla'],
    ['it', 'Avete intenzione di rispondere? Vi ho scritto in DM ieri'],
    ['it', 'Disdetta inviata con PEC il 3 marzo, ancora addebiti su conto'],
    ['en', 'Still no internet since yesterday, I already called twice'],
    ['it', 'Mi hanno attivato un servizio a pagamento senza il mio consenso, voglio la disattivazione immediata'],
    ['it', 'La bolletta è aumentata di 5 euro senza preavviso'],
    // Disappointment and being fed up.
    ['it', 'Che delusione, la nuova app è peggiorata'],
    ['it', 'Sono stufo di chiamare il call center'],
    ['en', 'Day 3 without wifi and nobody calls back'],
    // A delivery the tracking calls done (linear-15).
    ['en', 'The tracking shows my order as delivered and there is nothing at my door'],
    ['it', 'Il pacco risulta consegnato da ieri ma a casa non è arrivato niente'],
  ])('service complaint (%s): %s', (_lang, text) => {
    const result = classify(text);
    expect(result).toMatchObject({ category: 'service', intent: 'complaint', flushReason: null });
    expect(result.explanations.intent.reasons.length).toBeGreaterThan(1);
  });

  it.each([
    'Fibra down a Bologna, anche voi senza internet?',
    // An emergency in the street (linear-15).
    'Fuga di gas in via Roma, strada chiusa e tecnici sul posto',
    'Nessuno riesce a chiamare in tutta Torino, rete assente',
    'Is Vela down? No signal in the whole area since 9am',
    'Outage again tonight, anyone else having issues?',
    // A problem its author asks others about (SHARED_PROBLEM_CUES).
    'Anche a voi non funziona WhatsApp?',
    'Qualcun altro ha il modem che non va?',
    'Is it just me or is the app broken?',
    'Ma Poste è giù? App e sito non vanno',
    'raga ma a voi va whatsapp? a me nn va',
    'Rete mobile assente in zona Parioli, qualcuno sa qualcosa?',
    'Tutti i miei vicini senza fibra, guasto in centrale?',
    'Problema generale alla rete? Non prende niente',
  ])('incident: %s', (text) => {
    expect(classify(text)).toMatchObject({ category: 'service', intent: 'incident' });
  });

  it.each([
    'Come faccio a cambiare l\'intestatario del contratto?',
    'Quando arriva la fibra in via Roma?',
    'How do I activate roaming before my trip?',
    'Does anyone know if Vela supports eSIM on the Pixel?',
    'Ciao, vorrei sapere se posso portare il mio numero mantenendo il credito residuo',
    'Ho bisogno di parlare con un operatore',
    'Ho bisogno di aiuto con la fattura',
    'I need help with my bill',
  ])('question: %s', (text) => {
    expect(classify(text)).toMatchObject({ category: 'service', intent: 'question' });
  });

  it.each([
    'Tecnico puntuale e gentilissimo, complimenti!',
    'Grazie, problema risolto in dieci minuti. Bravi',
    'Great coverage in the mountains, thank you!',
    // A disappointment denied is praise, not a complaint (NEGATABLE_COMPLAINT_CUES).
    'Vela non mi ha mai deluso',
    '@VelaMobile never disappoints!',
    // Typed in a hurry.
    'thx @VelaMobile, much better now',
    'Graziee Vela, la mia compagnia preferita',
  ])('praise is marketing: %s', (text) => {
    expect(classify(text)).toMatchObject({ category: 'marketing', intent: 'praise' });
  });

  it.each([
    'Sarebbe bello poter vedere il consumo giorno per giorno nell\'app',
    'Vorrei che aggiungeste una SIM solo dati',
    'Feature request: please add usage alerts at 80%',
    'It would be great to share data between family SIMs',
    'Vorrei suggerire di aggiungere la modalità scura all\'app',
  ])('suggestion is marketing: %s', (text) => {
    expect(classify(text)).toMatchObject({ category: 'marketing', intent: 'suggestion' });
  });

  it.each([
    'Il nuovo spot della campagna estate con la canzone anni 80',
    'Comunicato stampa: la società annuncia ricavi in crescita nel trimestre',
    'Press release: the company announces a partnership for 5G',
    // A brand's own promotion, even with care words in it ("modem").
    'Codice sconto VELA20 per il 20% su tutte le offerte, solo fino a domenica!',
    'Offerta lampo: -50% su tutti i modem solo oggi! Scopri di più su vela.it/promo',
    'Black Friday: 30% discount on every router, learn more on our site',
  ])('campaign, promotion and press talk is marketing: %s', (text) => {
    expect(classify(text).category).toBe('marketing');
  });

  it.each([
    ['GUADAGNA 300€ AL GIORNO CON LE CRYPTO!!! Clicca qui https://a.example/1 https://a.example/2 https://a.example/3', 'spam'],
    ['Make money from home with bitcoin, click here', 'spam'],
    ['Hai vinto un iPhone gratis! Conferma qui', 'spam'],
    ['DM for promo, free followers, link in bio', 'spam'],
    ['Segui il link e vinci un iPhone 17 gratis!!! bit.ly/x1 #giveaway', 'spam'],
    ['Guadagna 500€ al giorno da casa senza fare nulla, scrivimi in DM', 'spam'],
    ['Ciao! Lavoro da casa con un sistema incredibile, guadagni garantiti. Contattami', 'spam'],
    ['follow for follow #f4f #followback #like4like #love #tbt #photo #instagood', 'bot'],
    ['This is an automated post. Daily reminder #a #b #c #d #e #f', 'bot'],
    // Shapes rather than words (STRUCTURE.report*, FOLLOWER_SALE_WORDS).
    ['EUR/USD 1.0842 (+0.12%) alle 16:00 #forex', 'bot'],
    ['Milano oggi: 12°C, umidità 80%, vento 10 km/h da NE, pioggia dalle 18', 'bot'],
    ['Vendo follower italiani veri, 1000 a 5€, pagamento PayPal, scrivetemi', 'spam'],
    ['Get 5000 followers in 24h!!! Real accounts, DM now', 'spam'],
    // Money or a prize for an action (PRIZE_WORDS, PROMISE_WORDS, ACTION_WORDS).
    ['Investi 250€ e ricevi 5.000€ in un mese con il mio metodo, scrivimi 🚀', 'spam'],
    ['Ti regalo un buono da 100€ se segui il mio profilo e condividi il post!!!', 'spam'],
    ['Win a free PS5!! Like, retweet and follow to enter 🎮', 'spam'],
    ['I turned $100 into $3,000 in a week with this trading bot, ask me how 📈', 'spam'],
    ["Congratulations! You've been selected for a $500 gift card, claim here: bit.ly/claim-gift-now", 'spam'],
  ])('flushes %s as %s', (text, reason) => {
    const result = classify(text);
    expect(result).toMatchObject({ category: 'flush', flushReason: reason, intent: 'other' });
    expect(result.explanations.category.reasons[0]).toMatch(/score/);
  });

  it.each([
    // A person with numbers: a customer counting what went wrong is no report.
    'Pagato 49,90€ il 3 marzo e il 3 aprile, ma ho disdetto il 28 febbraio',
    'Ho fatto 3 chiamate di 20 minuti, 2 ticket e 1 PEC in 10 giorni',
    '@VelaMobile 3 giorni, 4 chiamate, 2 tecnici: 0 risultati',
    // Followers, but nothing on sale.
    'Grazie ai nostri 10.000 follower, siete fantastici!',
    // A prize and an action, but a customer's problem, or the brand's declared contest.
    'Ho vinto un buono da 50€ con il vostro concorso ma non mi è arrivato, vi ho scritto in DM',
    'Vinci un weekend a Roma! Metti like e tagga un amico #concorso, regolamento sul sito',
    'I made a payment of £40 and the link you sent me shows nothing',
    'Ho vinto un buono da 50€ nel vostro concorso, come lo uso? Il link non funziona',
  ])('does not flush as a bot or spam by shape alone: %s', (text) => {
    const reasons = classify(text).explanations.category.reasons.join(' ');
    expect(reasons).not.toMatch(/machine-made report|followers for sale|a prize for an action/);
  });

  it.each([
    ['Non mi trovo bene con la nuova app', 'negated "mi trovo ben*"'],
    ['Non sono per niente soddisfatto del servizio', 'negated "soddisfatt*"'],
    ['Not very happy with the new update', 'negated "very happy"'],
  ])('a negated praise cue is not praise: %s', (text, reason) => {
    const result = classifyMention(text, detectLanguage(text).language, { sentiment: 'neutral', score: 0 });
    expect(result.intent).not.toBe('praise');
    expect(classify(text).intent).toBe('complaint');
    expect(classify(text).explanations.intent.reasons).toContain(reason);
  });

  it('a negated disappointment is no complaint, and an Italian cue does not match English words', () => {
    const neutral = { sentiment: 'neutral' as const, score: 0 };
    expect(classifyMention('Non è il peggiore operatore', 'it', neutral).intent).not.toBe('complaint');
    expect(classifyMention('I will never get tired of this view', 'en', neutral).intent).not.toBe('complaint');
    expect(classifyMention('È il peggiore operatore', 'it', neutral).intent).toBe('complaint');
    expect(classifyMention('How delusional can you be', 'en', neutral).intent).not.toBe('complaint');
    expect(classifyMention('Che delusione', 'it', neutral).intent).toBe('complaint');
  });

  it('a negator further back, behind other words, negates nothing', () => {
    expect(classify('Mai stato così soddisfatto, grazie Vela').intent).toBe('praise');
    expect(classify('Io con Vela mi trovo benissimo da anni')).toMatchObject({ category: 'marketing', intent: 'praise' });
  });

  it('says a score just under the threshold is under it ("1.4 < 1.5", never "1.5 < 1.5")', () => {
    // 'aspetto' (1) + a negative sentiment of −0.24 (2 × 0.24): 1.48 for complaint (no care word, which would make it one).
    const [reason] = classifyMention('Aspetto mio fratello', 'it', { sentiment: 'negative', score: -0.24 }).explanations.intent.reasons;
    expect(reason).toBe('strongest cue: complaint 1.4 < 1.5');
  });

  it('keeps a loose need or a stolen card out of the wrong queue', () => {
    expect(classify('Ho bisogno di una vacanza').category).not.toBe('service');
    expect(classify('Mi hanno rubato il portafoglio, devo bloccare la carta subito').category).toBe('service');
  });

  it('reads "anyone else" as an outage question only when asked, not in a comparison', () => {
    expect(classify('The app keeps crashing and support is useless, worse than anyone else').intent).toBe('complaint');
    expect(classify('The app keeps crashing. Anyone else having this problem').intent).toBe('incident');
  });

  it.each([
    'App carina ma si blocca sempre',
    'Great app but it crashes every time I open it',
    'Grazie mille, ma il problema è ancora lì',
    'Personale gentile però il pacco è arrivato rotto',
  ])('praise before "ma"/"but" counts little when a problem follows: %s', (text) => {
    const result = classify(text);
    expect(result).toMatchObject({ category: 'service', intent: 'complaint' });
  });

  it.each([
    'Thanks for the quick reply, my internet is still down though',
    'Great app, crashes a lot though',
    'Grazie per la risposta, la linea non va però',
  ])('a contrast word that closes the sentence makes the problem before it the point (TRAILING_CONTRAST_WORDS): %s', (text) => {
    expect(classifyMention(text, detectLanguage(text).language, { sentiment: 'positive', score: 0.8 })).toMatchObject({ category: 'service', intent: 'complaint' });
  });

  it('leaves a closing "though" alone without a problem\'s worth before it', () => {
    expect(classifyMention('Great crew though', 'en', { sentiment: 'positive', score: 0.9 }).intent).toBe('praise');
    expect(classifyMention('I love the show!! I literally cannot breathe right now, that ending tho', 'en', { sentiment: 'positive', score: 0.8 }).intent).toBe('praise');
  });

  it('does not count a positive sentiment as praise when a problem follows the contrast, and leaves praise with no problem after it alone', () => {
    const explained = classifyMention('Grazie mille, ma il problema è ancora lì', 'it', { sentiment: 'positive', score: 0.6 });
    expect(explained.intent).toBe('complaint');
    expect(classify('Bravi, ma soprattutto grazie per la pazienza')).toMatchObject({ category: 'marketing', intent: 'praise' });
    // "Ma" opening a post asks; it turns nothing around.
    expect(classify('Ma il nuovo modem è fantastico, grazie!')).toMatchObject({ intent: 'praise' });
  });

  it.each([
    'Da ieri in offerta il nuovo smartphone',
    'Free streaming for 3 months with our new plan',
    'Da tre giorni in edicola il nuovo numero con lo speciale sul 5G',
    'I ricavi sono aumentati del 10% nel trimestre',
  ])('a duration without a problem is not a complaint: %s', (text) => {
    expect(classify(text).intent).not.toBe('complaint');
  });

  it('counts links hidden behind anchor text', () => {
    expect(classify('Offerte imperdibili qui e qui e qui', 3)).toMatchObject({ category: 'flush', flushReason: 'spam' });
    expect(classify('Offerte imperdibili qui e qui e qui', 0).flushReason).not.toBe('spam');
  });

  it('spam wins over care words', () => {
    expect(classify('Problemi con la bolletta? Guadagna con il forex, clicca qui').category).toBe('flush');
  });

  it('a short post with nothing to act on is flushed as no_action with low confidence', () => {
    const result = classify('Buongiorno');
    expect(result).toMatchObject({ category: 'flush', flushReason: 'no_action', intent: 'other' });
    expect(result.explanations.category.confidence).toBeLessThanOrEqual(0.5);
  });

  describe('a clearly negative post with no cue (THRESHOLDS.keepNegative)', () => {
    // No keyword of any signal in these words: only the sentiment decides.
    const text = 'Sono ancora qui ad aspettare, che serata';
    const negative = { sentiment: 'negative' as const, score: -0.62 };

    it('stays in the service queue at low confidence, intent other, saying why', () => {
      const result = classifyMention(text, 'it', negative);
      expect(result).toMatchObject({ category: 'service', intent: 'other', flushReason: null });
      expect(result.explanations.category.confidence).toBeLessThan(0.5);
      expect(result.explanations.category.reasons).toEqual(['negative, with no clear request: kept for a person', 'negative sentiment (-0.62)']);
    });

    it('is flushed when only faintly negative; without a complaint model (Italian) it must reach −0.5', () => {
      expect(classifyMention(text, 'it', { sentiment: 'negative', score: -0.47 })).toMatchObject({ category: 'flush', flushReason: 'no_action' });
      expect(classifyMention(text, 'en', { sentiment: 'negative', score: -0.47 }, { complaintProbability: 0.4 }).category).toBe('service');
      expect(classifyMention(text, 'en', { sentiment: 'negative', score: -0.2 }, { complaintProbability: 0.4 })).toMatchObject({ category: 'flush', flushReason: 'no_action' });
    });

    it('is flushed when the complaint model rules a complaint out, kept when it does not', () => {
      const en = 'Still sitting here waiting, what an evening';
      expect(classifyMention(en, 'en', negative, { complaintProbability: 0.12 })).toMatchObject({ category: 'flush', flushReason: 'no_action' });
      const kept = classifyMention(en, 'en', negative, { complaintProbability: 0.41 });
      expect(kept).toMatchObject({ category: 'service', intent: 'other' });
      expect(kept.explanations.category.reasons).toContain('complaint model p=0.41');
    });

    it('does not outrank marketing cues or a flush for spam', () => {
      expect(classifyMention('Che tristezza il nuovo spot in tv, che campagna', 'it', negative).category).toBe('marketing');
      expect(classifyMention('Che serata, clicca qui e guadagna con il forex', 'it', negative)).toMatchObject({ category: 'flush', flushReason: 'spam' });
    });
  });

  it.each([
    // What Italian customers write when something was done to them or never happened.
    'Il contatore è stato staccato senza motivo, siamo al buio con due bambini',
    'Ordine annullato senza spiegazioni, pagato e mai ricevuto',
    'Ho ricevuto un prodotto diverso da quello ordinato',
    "L'app della banca non mi fa entrare, dice credenziali errate ma sono giuste",
    'Bagaglio smarrito a Fiumicino, il numero della pratica non risulta',
    "Mi hanno attivato un'offerta che non ho chiesto",
    'Sto ancora aspettando la chiamata promessa la settimana scorsa',
    'Il tecnico doveva venire ieri tra le 8 e le 13, non si è visto nessuno',
    'Assistenza clienti inesistente',
    'Linea morta',
    'Non è possibile che ogni volta che piove salta internet',
    'Mi risponde sempre un disco registrato, impossibile parlare con qualcuno',
    'Sono cliente da 10 anni e mi trattate così',
    'The engineer never showed up and nobody called',
    'Internet drops every evening at 8pm like clockwork',
    "Received someone else's order instead of mine",
    'I was promised a callback within 24 hours. That was last Tuesday.',
    // Chat shorthand ("nn" is "non": tokenize.ts) and other sectors: food delivery, insurance, trains.
    'nn funziona niente da stamattina',
    "cmq l'app è inutilizzabile",
    "Pizza arrivata fredda dopo un'ora e mezza",
    'Sinistro aperto a marzo e ancora nessun risarcimento',
    'Treno soppresso senza avviso, 200 persone a piedi',
    // Threats of going to the regulator or a lawyer.
    "Vi denuncio all'AGCOM",
    "Se entro domani non risolvete vado dall'avvocato",
  ])('an Italian or English problem without the older cues is a service complaint: %s', (text) => {
    expect(classify(text)).toMatchObject({ category: 'service', intent: 'complaint' });
  });

  describe('sarcasm that names one more of the same problem (REPEATED_PROBLEM_*)', () => {
    it.each([
      ["Ottimo, un'altra settimana senza linea. Bravi davvero.", 'complaint'],
      ['Complimenti, siete riusciti a farmi pagare due volte la stessa bolletta', 'complaint'],
      ["Grazie davvero, l'ennesimo addebito non richiesto", 'complaint'],
      ['Great job @VelaMobile, another outage on a Monday morning', 'incident'],
      ['Thanks a lot, flight delayed again', 'complaint'],
      ['Oh great, another price rise. Just what we needed.', 'complaint'],
    ])('is not praise: %s', (text, intent) => {
      const result = classify(text);
      expect(result).toMatchObject({ category: 'service', intent });
    });

    it('says which word read as sarcasm, and discounts a positive sentiment', () => {
      const result = classifyMention('Fantastico, un altro addebito non richiesto', 'it', { sentiment: 'positive', score: 0.8 });
      expect(result.intent).toBe('complaint');
      expect(result.explanations.intent.reasons).toContain('sarcasm: "fantastic*" around "altro"');
      const fromSentiment = classifyMention('Un altro addebito non richiesto', 'it', { sentiment: 'positive', score: 0.8 });
      expect(fromSentiment.explanations.intent.reasons).toContain('sarcasm: positive sentiment around "altro"');
    });

    it.each([
      ['@nvidiacc thanks for ignoring all my tweets', 'thanks', 'ignoring'],
      ['@BurberryService thanks for sending the wrong shirt', 'thanks', 'wrong'],
      ['Grazie per aver perso il mio pacco', 'grazie', 'perso'],
    ])('thanks for harm done is a complaint, saying which word gave it away: %s', (text, cue, word) => {
      const result = classifyMention(text, detectLanguage(text).language, { sentiment: 'positive', score: 0.5 });
      expect(result).toMatchObject({ category: 'service', intent: 'complaint' });
      expect(result.explanations.intent.reasons).toContain(`sarcasm: "${cue}" around "${word}"`);
    });

    it('reads love of a problem as sarcasm only when the tone is not positive', () => {
      const text = 'Love when @nationalgridus hangs up on you when you are trying to pay your bill';
      expect(classifyMention(text, 'en', { sentiment: 'negative', score: -0.4 }).intent).toBe('complaint');
      expect(classifyMention('Gotta love those skycaps, solving problems faster than anyone', 'en', { sentiment: 'positive', score: 0.7 }).intent).toBe('praise');
      expect(classifyMention('Love how the app always has issues on Mondays', 'en', { sentiment: 'neutral', score: 0 }).intent).toBe('complaint');
    });

    it.each([
      'Thanks again for sorting out my refund so quickly!',
      'Thanks for fixing the problem with my bill so fast',
      'Grazie per il rimborso, arrivato in due giorni',
      "L'altra settimana il tecnico ha risolto il problema, gentilissimo",
      'Grazie di nuovo, il rimborso è arrivato',
      'Another great flight with the best crew, thank you',
    ])('leaves sincere thanks alone: %s', (text) => {
      expect(classify(text).intent).toBe('praise');
    });
  });

  it.each([
    'Ragazzi siete i migliori, mai un problema in 5 anni',
    'Sono passato a Vela da un anno, nessun problema finora',
    'Never had a problem with them in ten years, great service',
    'Velocità della fibra misurata stasera: 940 mega in download. Niente male davvero 🚀',
    // Praise said through a negation.
    "I can't thank you enough @VelaMobile, you saved my holiday",
    "Couldn't be happier with the switch to Vela",
    "Can't complain, the signal is solid everywhere",
    'Nulla da ridire, tecnico puntuale',
    'Non mi posso lamentare, la fibra va alla grande',
  ])('a negated problem is no complaint; said of the service it is praise: %s', (text) => {
    expect(classify(text)).toMatchObject({ category: 'marketing', intent: 'praise' });
  });

  it.each([
    'Ma vi sembra normale far aspettare un cliente 2 ore al telefono?',
    'Quanto ci vuole ancora per avere il rimborso?',
    'Ma quando la sistemate sta linea??',
    'Perché continuate a mandarmi SMS promozionali dopo che ho detto di no?',
    'Ma qualcuno legge i messaggi in chat o parlo da solo?',
  ])('a question that asks nothing is a complaint (RHETORICAL_QUESTION_CUES): %s', (text) => {
    expect(classify(text)).toMatchObject({ category: 'service', intent: 'complaint' });
  });

  it.each([
    'Quarto sollecito per il rimborso della cauzione. @AuroraEnergia siete spariti?',
    'Addebito doppio sulla carta da una settimana. E adesso?',
    'La fibra non funziona da tre giorni. Ci prendete in giro?',
  ])('a problem closed by a short question that asks for nothing is a complaint: %s', (text) => {
    const result = classify(text);
    expect(result).toMatchObject({ category: 'service', intent: 'complaint' });
    expect(result.explanations.intent.reasons).toContain('a problem, then a question that asks for nothing');
  });

  it.each([
    // The question asks for something (REQUEST_WORDS), is long, is not the end, or follows no problem.
    // The problem outweighs the question here anyway; the question is not discounted.
    ['La fibra non funziona da tre giorni. Quando torna?', 'complaint'],
    ['Addebito doppio sulla carta. Come posso avere il rimborso?', 'question'],
    ['Addebito doppio sulla carta. Ma voi leggete mai i messaggi che vi mandano i clienti?', 'question'],
    ['Qualcuno ha il numero dei guasti? Quello sul sito non funziona', 'complaint'],
    ['Ciao a tutti. Che ne pensate?', 'question'],
  ])('a closing question that asks for something still counts as a question: %s', (text, intent) => {
    const result = classify(text);
    expect(result.intent).toBe(intent);
    expect(result.explanations.intent.reasons).not.toContain('a problem, then a question that asks for nothing');
  });

  it('leaves annoyed questions to the complaint model where one exists', () => {
    const text = 'Refund still missing after two weeks. Seriously?';
    const withModel = classifyMention(text, 'en', scoreSentiment(text, 'en'), { complaintProbability: 0.2 });
    expect(withModel.explanations.intent.reasons).not.toContain('a problem, then a question that asks for nothing');
  });

  describe('thanks that close a problem report are politeness (POLITE_THANKS)', () => {
    it.each([
      'Day 3 without wifi. Thanks Vela',
      'Ordine mai arrivato, grazie',
      'I ordered the new phone on Monday and it never arrived. Thanks',
      'Buongiorno, la SIM non si attiva. Grazie mille',
    ])('is a complaint, even with a positive tone: %s', (text) => {
      const result = classifyMention(text, detectLanguage(text).language, { sentiment: 'positive', score: 0.67 });
      expect(result).toMatchObject({ category: 'service', intent: 'complaint' });
      expect(result.explanations.intent.reasons.join(' | ')).not.toMatch(/^praise/);
    });

    it('says that the thanks were read as politeness', () => {
      const result = classifyMention('Day 3 without wifi. Thanks Vela', 'en', { sentiment: 'positive', score: 0.67 });
      expect(result.explanations.intent.reasons).toEqual(['complaint score 2.5', '"without wifi"', '"thanks" after a problem: politeness, not praise']);
    });

    it('counts the complaint model as the problem where no cue names one', () => {
      const text = 'My account shows the old plan this month. Thanks';
      expect(classifyMention(text, 'en', { sentiment: 'positive', score: 0.5 }).intent).toBe('praise');
      expect(classifyMention(text, 'en', { sentiment: 'positive', score: 0.5 }, { complaintProbability: 0.8 }).intent).toBe('complaint');
    });

    it.each([
      // Solved, thanked for something, other praise, a negated problem, a contrast before the thanks.
      "Il tecnico ha risolto il guasto in un'ora, grazie!",
      'Finally fixed after 3 days without internet. Thanks Vela!',
      'Thanks for the refund, the double charge is gone',
      'Grazie per la pazienza, il modem ora funziona',
      'Flight delayed but the crew was lovely. Thanks',
      '4 great flights with no delays! Thank you!',
      'Flight was cancelled, new one booked, seats taken care of. Thanks!',
    ])('leaves sincere thanks alone: %s', (text) => {
      expect(classifyMention(text, detectLanguage(text).language, { sentiment: 'positive', score: 0.7 }).intent).toBe('praise');
    });
  });

  it.each([
    ['Grazie per avermi risposto dopo 3 settimane, ottimo servizio davvero 👏', 'grazie', 'dopo'],
    ['Thanks for getting back to me after 2 weeks', 'thanks', 'after'],
  ])('thanks for an answer days late are sarcasm (LATE_*): %s', (text, cue, word) => {
    const result = classifyMention(text, detectLanguage(text).language, { sentiment: 'positive', score: 0.7 });
    expect(result).toMatchObject({ category: 'service', intent: 'complaint' });
    expect(result.explanations.intent.reasons).toContain(`sarcasm: "${cue}" around "${word}"`);
    expect(classifyMention('Grazie per avermi risposto dopo 2 ore, gentilissimi', 'it', { sentiment: 'positive', score: 0.3 }).intent).toBe('praise');
  });

  it('reads praise with an eye roll and a problem as sarcasm, and an eye roll alone as nothing (EYE_ROLL_EMOJI)', () => {
    expect(classifyMention('Ottimo servizio, ancora senza linea 🙄', 'it', { sentiment: 'positive', score: 0.4 }).intent).toBe('complaint');
    expect(classifyMention('Ottimo servizio, ancora senza linea', 'it', { sentiment: 'positive', score: 0.4 }).intent).toBe('praise');
    expect(classifyMention('Great, love the new ad 🙄', 'en', { sentiment: 'positive', score: 0.4 }).intent).toBe('praise');
  });

  describe('an outage named (OUTAGE_CUES)', () => {
    it.each([
      'Vela down?',
      'Is it down again?',
      '#VelaDown',
      'Is Vela down in London? Nothing works',
      '@AskPlayStation are the servers currently down?',
      'Vela è giù?',
      "Anyone else's Vela signal gone in Manchester?",
    ])('is an incident, alone or asked with a complaint: %s', (text) => {
      expect(classify(text)).toMatchObject({ category: 'service', intent: 'incident' });
    });

    it.each([
      '@SouthwestAir never lets me down!!!',
      'Julie Andrews. Hands down.',
      'My driver broke down. Any tips on getting a refund?',
      'Che ansia per il concerto #countdown',
      'Turn down for what #lockdown',
    ])('but not "down" in other senses: %s', (text) => {
      expect(classify(text).intent).not.toBe('incident');
    });
  });

  it.each([
    "Vela's new ad is everywhere on TV tonight",
    'Avete visto la nuova pubblicità di Vela? Troppo divertente',
    "Intervista all'AD di Vela sul Corriere: \"investiremo 2 miliardi nella rete\"",
    'Secondo il Sole 24 Ore Vela sta per acquisire un operatore regionale',
    'Iliad costa meno ma Vela prende meglio, per ora resto con Vela',
    'Thinking of switching to Vela, any thoughts?',
    'Comparing Italian SIMs for travellers: Vela Mobile vs the big three. Vela wins on price, loses on shop availability',
  ])('reactions to adverts, press and comparisons are marketing: %s', (text) => {
    expect(classify(text).category).toBe('marketing');
  });

  it.each([
    ['Il mio numero non è ancora passato a Vela dopo 5 giorni', 'complaint'],
    ['Mi avete attivato il roaming senza chiedermelo', 'complaint'],
    ["Vela's 5G in Naples is insanely fast, 800 Mbps on my phone", 'praise'],
    ["Just got my first Vela bill and it's exactly what they promised. Refreshing", 'praise'],
    ['Passata a Vela da TIM, finalmente una bolletta chiara', 'praise'],
    ['Vela should offer eSIM for smartwatches', 'suggestion'],
  ])('an everyday post of the third batch: %s is %s', (text, intent) => {
    expect(classify(text).intent).toBe(intent);
  });

  it.each([
    "Vela non va in tutta Bologna da un'ora",
    'Internet a singhiozzo da giorni in zona Navigli, siamo in tanti',
    'My whole street has no broadband, engineers are outside',
    'Anyone in Leeds with no signal on Vela?',
    'Is there a known issue with Vela voicemail today?',
  ])('a problem over an area, or asked about for a place, is an incident (AREA_CUES): %s', (text) => {
    expect(classify(text)).toMatchObject({ category: 'service', intent: 'incident' });
  });

  it('says when an area made an outage of a complaint', () => {
    expect(classify("Vela non va in tutta Bologna da un'ora").explanations.intent.reasons).toContain('a problem over an area');
  });

  it.each([
    ['Rete congestionata allo stadio, impossibile mandare un messaggio', 'complaint'],
    ['I want to speak to a manager. This is the 4th call this week', 'complaint'],
    ["Ho bisogno di una mano con l'attivazione della eSIM", 'question'],
    ['Che spettacolo la fibra Vela, 1 giga pieno', 'praise'],
  ])('an everyday post of the fourth batch: %s is %s', (text, intent) => {
    expect(classify(text).intent).toBe(intent);
  });

  it('reads a brand partnership as marketing', () => {
    expect(classify('Vela partners with Spotify for 6 months free premium').category).toBe('marketing');
  });

  it('flushes selling followers as spam', () => {
    expect(classify('Compro follower veri a 5€ ogni mille, scrivetemi')).toMatchObject({ category: 'flush', flushReason: 'spam' });
  });

  it('keeps a wrong item in the queue: "ho ordinato" is care vocabulary', () => {
    expect(classify('Ho ordinato una taglia M e mi è arrivata una XL').category).toBe('service');
  });

  it('keeps switching a complaint only with a problem, and a disclosed promotion out of spam unless it scams (DISCLOSURES)', () => {
    expect(classify('Fed up with the dropped calls, switching to Iliad').intent).toBe('complaint');
    const influencer = classify('Collab con @VelaMobile per il nuovo unboxing, link in bio #adv');
    expect(influencer.category).toBe('marketing');
    expect(influencer.explanations.category.reasons).toContain('disclosed as advertising: "#adv"');
    expect(classify('Unboxing del nuovo telefono, link in bio').flushReason).toBe('spam');
    const scam = classify('Guadagni garantiti con il trading, link in bio #ad');
    expect(scam).toMatchObject({ category: 'flush', flushReason: 'spam' });
    expect(scam.explanations.category.reasons[0]).toMatch(/≥ 5$/);
  });

  it.each([
    'Bravi, siete riusciti a farmi perdere una giornata di lavoro',
    'Wonderful, my bill doubled and nobody explains why',
    'Bus 90 saltato di nuovo, aspetto da 40 minuti alla fermata',
    'La nuova tariffa è una presa in giro',
  ])('what a problem cost, a wait in minutes, a change nobody explained are complaints: %s', (text) => {
    expect(classify(text)).toMatchObject({ category: 'service', intent: 'complaint' });
  });

  it('keeps a plain question a question', () => {
    expect(classify('È normale che il modem lampeggi rosso?').intent).toBe('question');
    expect(classify('Fino a quando è valida la promo?').intent).not.toBe('complaint');
  });

  it.each(['@VelaMobile help', 'Scritto in DM, aspetto risposta', 'Ho scritto in privato', '@united just sent you a DM with the details'])(
    'keeps a request for help or a follow-up in private for a person: %s',
    (text) => {
      expect(classify(text).category).toBe('service');
    },
  );

  it('a "no" that answers does not negate the problem after it', () => {
    expect(classify('No, il problema persiste ancora').intent).toBe('complaint');
  });

  it('reads Italian suggestions, promotions and money-making spam', () => {
    expect(classify('Consiglio: mettete la possibilità di pagare con Satispay')).toMatchObject({ category: 'marketing', intent: 'suggestion' });
    expect(classify('Sconto del 50% sulla fibra per i nuovi clienti, approfittane!').category).toBe('marketing');
    expect(classify('Guadagna 1000 euro a settimana con il trading, scrivimi')).toMatchObject({ category: 'flush', flushReason: 'spam' });
    expect(classify('Seguitemi su Instagram per vincere buoni Amazon')).toMatchObject({ category: 'flush', flushReason: 'spam' });
  });

  it('care vocabulary without a clear request stays in the service queue', () => {
    expect(classify('Domani passa il tecnico per installare la fibra e il modem').category).toBe('service');
  });

  // Written care posts (docs/quality.md, "Care posts written by us"), 2026-11-23.
  it('reads a cue inside a longer cue of another kind as the longer one', () => {
    // "è possibile" (question) inside "non è possibile che" (complaint); "love" inside "would love" (a wish).
    expect(classify('Non è possibile che per parlare con un operatore ci sia sempre attesa').intent).toBe('complaint');
    expect(classify('@VelaMobile would love a dark mode in the app')).toMatchObject({ category: 'marketing', intent: 'suggestion' });
    // "top" (praise) inside "top-up" (care vocabulary).
    expect(classify('Kindly top-up the line to enable the reversal').intent).not.toBe('praise');
  });

  it('does not take a wish or a condition for praise (HYPOTHETICAL_BEFORE_PRAISE)', () => {
    const neutral = { sentiment: 'neutral' as const, score: 0 };
    expect(classifyMention('A ride home would be perfect', 'en', neutral).intent).not.toBe('praise');
    expect(classifyMention('Sarebbe perfetto avere la modalità scura', 'it', neutral).intent).not.toBe('praise');
    expect(classifyMention('Perfetto, tutto sistemato', 'it', neutral).intent).toBe('praise');
    const wish = classifyMention("Sarebbe perfetto se l'app avesse la modalità scura, è un suggerimento", 'it', neutral);
    expect(wish.intent).toBe('suggestion');
    expect(wish.explanations.intent.reasons).toContain('"perfett*" as a wish, not praise');
  });

  it.each([
    'Mezza Torino senza luce da due ore, sapete quando torna?',
    'Huge power cut across Turin, any ETA?',
    'Circolazione bloccata tra Bologna e Firenze, siamo fermi da un\'ora',
  ])('reads a power cut or stopped trains, asked about or not, as an incident: %s', (text) => {
    expect(classify(text)).toMatchObject({ category: 'service', intent: 'incident' });
  });

  it.each([
    'Linea fissa muta in tutto il palazzo da ieri sera, siamo in 20 famiglie',
    'Tutta la linea S5 ferma per un guasto ai segnali',
    'No broadband in the whole building since this morning',
  ])('reads a problem over a whole place as an incident (AREA_CUES): %s', (text) => {
    expect(classify(text)).toMatchObject({ category: 'service', intent: 'incident' });
  });

  it('does not read a whole day as a place', () => {
    expect(classify('La fibra non funziona da tutta la giornata').intent).toBe('complaint');
  });

  it('does not read "everywhere" or "half of" as an outage', () => {
    expect(classify('You messed up my oil change and now I have oil everywhere').intent).not.toBe('incident');
    expect(classify('Why sell seats with half of the legroom taken by an escape raft?').intent).not.toBe('incident');
  });

  it('reads a negative Italian post in care vocabulary as a complaint when no complaint model speaks', () => {
    const text = 'Mi avete sospeso la linea per una fattura che ho pagato a luglio. Ho la ricevuta.';
    const negative = { sentiment: 'negative' as const, score: -0.7 };
    const result = classifyMention(text, 'it', negative);
    expect(result).toMatchObject({ category: 'service', intent: 'complaint' });
    expect(result.explanations.intent.reasons).toContain('negative, in care vocabulary');
    // Not a neutral one, nor where a complaint model has ruled it out, nor without care words. (Neutral,
    // it is still an unsure complaint, for another reason: it tells what was done to its author.)
    expect(classifyMention(text, 'it', { sentiment: 'neutral', score: -0.1 }).explanations.intent).toEqual({
      label: 'complaint',
      confidence: 0.35,
      reasons: ['tells what was done to its author, with no question, thanks or wish: most often a problem'],
    });
    const neutralOther = 'La linea è sospesa per una fattura pagata a luglio. Ho la ricevuta.';
    expect(classifyMention(neutralOther, 'it', { sentiment: 'neutral', score: -0.1 }).intent).not.toBe('complaint');
    expect(classifyMention(text, 'it', negative, { complaintProbability: 0.2 }).intent).not.toBe('complaint');
    expect(classifyMention('Che giornata orribile oggi', 'it', negative).intent).not.toBe('complaint');
    // A press release the Italian model reads as negative stays marketing.
    expect(classifyMention('Comunicato stampa: Vela lancia la fibra a 2,5 Gbit/s in 40 nuove città', 'it', negative)).toMatchObject({
      category: 'marketing',
      intent: 'other',
    });
  });

  it.each([
    'La chiavetta va e viene da una settimana',
    'Il bancomat sotto casa è fuori servizio',
    'The app is unusable since the update',
    "L'operatore mi ha chiuso il telefono in faccia",
    'Carta clonata e mi dite di aspettare 30 giorni? Ma stiamo scherzando?',
  ])('reads care posts the rules missed as complaints: %s', (text) => {
    expect(classify(text)).toMatchObject({ category: 'service', intent: 'complaint' });
  });

  it.each([
    ['en', 'Flight delayed 2 hours. Great.'],
    ['en', 'Wow. Nice work @UPS. Days late AND smashed. Awesome @UPSHelp'],
    ['it', 'Treno soppresso, sostitutivo in pullman pieno, 2 ore in piedi. @TreniRapidi grazie di tutto'],
  ])('reads a lone praise word closing a problem report as sarcasm (%s): %s', (_, text) => {
    const result = classify(text);
    expect(result).toMatchObject({ category: 'service', intent: 'complaint', toneDiscount: 'sarcasm' });
  });

  it.each([
    // Thanks closing a post are politeness (politeThanks), a contrast says the problem is not the point,
    // a solved problem is not one, and a closing word after no problem is praise.
    '@USAirways 4 great flights with no delays! Thank you!',
    'Flight delayed but the crew were lovely. Great!',
    'Bag was lost, found and delivered the same evening, fixed. Great',
    'Grazie di tutto, siete stati fantastici',
    'New seats on the morning train. Great',
  ])('keeps a sincere closing praise word as praise: %s', (text) => {
    expect(classify(text).intent).toBe('praise');
  });

  it('reads a problem solved for the customer as praise', () => {
    expect(classify('@VelaMobile support sorted my roaming in 3 minutes flat').intent).toBe('praise');
    expect(classify("L'assistenza mi ha risolto il problema della fibra in un giorno").intent).toBe('praise');
  });

  it('reads business news and an employee\'s announcement as marketing, and award travel as a question', () => {
    expect(classify('Reuters: Vela in talks to buy a fintech startup').category).toBe('marketing');
    expect(classify("Proud to announce I've joined Vela as head of design!").category).toBe('marketing');
    expect(classify('@united can I book award travel with my miles?')).toMatchObject({ category: 'service', intent: 'question' });
  });

  describe('automated posts by their shape (AUTOMATION_LABEL_WORDS, openingLabel)', () => {
    it.each([
      'Weather bot: Leeds 4°C, light rain, wind 12 mph SW',
      '[Avviso automatico] Traffico intenso sulla A1 tra Barberino e Calenzano, coda di 4 km',
      '[bot] New status update: CloudNest API latency nominal',
      'Bollettino automatico: qualità dell\'aria a Milano PM10 48, soglia 50',
    ])('flushes a post labelled as automatic: %s', (text) => {
      const result = classify(text);
      expect(result).toMatchObject({ category: 'flush', flushReason: 'bot' });
      expect(result.explanations.category.reasons).toContain(`rule: labelled as automatic ("${text.match(/^\[?([^\]:]+)/)![1].toLowerCase()}")`);
    });

    it('flushes a bulletin stamped with its hour, and neither part alone', () => {
      expect(classify('Train status: Leeds to Manchester Piccadilly on time, platform 12. Next update 08:30')).toMatchObject({ category: 'flush', flushReason: 'bot' });
      expect(classify('Traffico: coda di 6 km tra Agrate e Trezzo, aggiornato alle 17:00')).toMatchObject({ category: 'flush', flushReason: 'bot' });
      // The label without a stamp, the stamp without a label.
      expect(classify('Traffico: coda di 6 km tra Agrate e Trezzo direzione Venezia').flushReason).not.toBe('bot');
      expect(classify('Coda di 6 km tra Agrate e Trezzo, aggiornato alle 17:00').flushReason).not.toBe('bot');
    });

    it.each([
      // A customer quoting what the brand sent, or with a person, a handle, a question or a problem in the post.
      'Risposta automatica: la sua richiesta è in lavorazione. Da 3 settimane',
      'Auto reply: we will get back to you within 24 hours. It has been 9 days',
      'Update: I still have no refund, next update from them promised at 10:00',
      'Aggiornamento: ancora senza linea, aggiornato alle 18 dal tecnico',
      '@VelaMobile bot: non funziona niente',
      'Il vostro bot: inutile, mi risponde sempre la stessa cosa',
      'Avviso automatico: è normale che mi arrivi alle 3 di notte?',
    ])('leaves a customer who uses those words alone: %s', (text) => {
      expect(classify(text).flushReason).not.toBe('bot');
    });

    it('reads the label from the text it is given, or the one the caller found', () => {
      const language = 'en' as const;
      const text = 'Leeds 4°C, light rain, wind 12 mph SW';
      expect(classifyMention(text, language, scoreSentiment(text, language)).flushReason).not.toBe('bot');
      expect(classifyMention(text, language, scoreSentiment(text, language), { openingLabel: ['weather', 'bot'] }).flushReason).toBe('bot');
    });
  });

  it('reads what does not start, a site that is down, a train stopped with people inside, a charge to justify (linear-16)', () => {
    expect(classify('Il corso che ho comprato non parte')).toMatchObject({ category: 'service', intent: 'complaint' });
    expect(classify("Sito giù da un'ora, impossibile comprare i biglietti")).toMatchObject({ category: 'service', intent: 'incident' });
    expect(classify("Metro ferma tra due stazioni, gente chiusa dentro da mezz'ora")).toMatchObject({ category: 'service', intent: 'incident' });
    // A stop between two streets is no stopped train.
    expect(classify('Il bus ferma tra via Roma e via Po').intent).not.toBe('incident');
    // "me lo spiegate?" asks for a justification, not for information.
    expect(classify('Mi hanno fatto pagare la consegna come se fosse espressa, me lo spiegate?').intent).toBe('complaint');
    expect(classify("Credit where it's due, the staff at York were brilliant")).toMatchObject({ category: 'marketing', intent: 'praise' });
    expect(classify('Siete stati onesti, tornerò sicuro')).toMatchObject({ category: 'marketing', intent: 'praise' });
  });

  describe('a question put to the friend the post opens with (FRIEND_QUESTION_WORDS)', () => {
    const withTopic = (text: string, addressedTo?: string) => {
      const language = detectLanguage(text).language;
      return classifyMention(text, language, scoreSentiment(text, language), { topicMatched: true, addressedTo });
    };
    it('flushes it as a comment to that person', () => {
      const result = withTopic('@luca_ferrante ti ricordi la crociera CrocieraBlu del 2019? Che ridere quella sera al karaoke');
      expect(result).toMatchObject({ category: 'flush', flushReason: 'no_action' });
      expect(result.explanations.category.reasons).toEqual(['a comment to @luca_ferrante, not to the brand, with no clear request']);
    });
    it('keeps it when it is written to the brand, names a problem, or is in English', () => {
      expect(withTopic('@CrocieraBlu ti posso chiedere se la cabina ha il balcone?', '@CrocieraBlu').category).toBe('service');
      expect(withTopic('@luca_ferrante hai visto che CrocieraBlu non risponde da una settimana al rimborso?').category).toBe('service');
      expect(withTopic('@luca_ferrante have you seen the CrocieraBlu itinerary for June?').category).not.toBe('flush');
    });
  });

  it('reads what m and n showed (linear-16)', () => {
    const dm = (text: string) => classifyMention(text, 'en', scoreSentiment(text, 'en'), { brandChannel: 'direct_message' });
    expect(dm('thanks, all sorted now')).toMatchObject({ category: 'flush', flushReason: 'no_action' });
    expect(classify("the meeting room I booked was double booked and the front desk just shrugged")).toMatchObject({ category: 'service', intent: 'complaint' });
    expect(classify('Pagamenti col bancomat bloccati in tutti i negozi di Torino, code alla cassa')).toMatchObject({ category: 'service', intent: 'incident' });
    expect(classify('Prestiti veloci senza busta paga, approvazione in 5 minuti! Scrivi su WhatsApp')).toMatchObject({ category: 'flush', flushReason: 'spam' });
    expect(classify('Congratulations! You have been selected for a £250 voucher. Claim before midnight')).toMatchObject({ category: 'flush', flushReason: 'spam' });
    expect(classify('Orari di domani: prima partenza 6:50, ultima 20:15. Pubblicato automaticamente')).toMatchObject({ category: 'flush', flushReason: 'bot' });
    expect(classify('Le maestre di via Tortona sono un tesoro, mia figlia ci entra cantando')).toMatchObject({ category: 'marketing', intent: 'praise' });
    // "me l'hanno battuto": the clitic pair before the auxiliary is still something done to the author.
    const text = "Da BioMarket il pane costava 3,20 e alla cassa me l'hanno battuto 4,80";
    expect(classifyMention(text, 'it', scoreSentiment(text, 'it'), { topicMatched: true })).toMatchObject({ category: 'service', intent: 'complaint' });
  });

  it('reads what o showed (linear-16)', () => {
    expect(classify("Noleggiato un monopattino, dopo 5 minuti si è spento in mezzo alla strada")).toMatchObject({ category: 'service', intent: 'complaint' });
    expect(classify("Il preventivo era 1.200 tutto compreso, a lavoro finito spuntano 300 euro di costi extra")).toMatchObject({ category: 'service', intent: 'complaint' });
    const nobody = 'Il sito non carica il carrello per nessuno? Proviamo in tre da computer diversi';
    expect(classifyMention(nobody, 'it', { sentiment: 'negative', score: -0.5 })).toMatchObject({ intent: 'incident' });
    expect(classify('Che bella la vetrina con i libri di Natale, ci ho passato mezz\'ora!')).toMatchObject({ category: 'marketing', intent: 'praise' });
    expect(classify('Fair play to the bus driver who waited for my nan')).toMatchObject({ category: 'marketing', intent: 'praise' });
    expect(classify('Investi con me in criptovalute, rendimento del 30% al mese garantito. Contattami su Telegram')).toMatchObject({ flushReason: 'spam' });
    expect(classify('Thornhill: 212 spaces free, Seacourt: 45 spaces free. Auto update every 15 min')).toMatchObject({ flushReason: 'bot' });
    // Written to the brand with a praise cue, however weak, is no unsure complaint.
    const text = 'Mi ha trovato un libro fuori catalogo che cercavo da anni';
    expect(classifyMention(text, 'it', { sentiment: 'neutral', score: 0 }, { topicMatched: true }).intent).not.toBe('complaint');
  });

  it('reads what p showed (linear-16)', () => {
    expect(classify('Doveva finire il trasloco in giornata, alle 20 se ne sono andati lasciando mezzo soggiorno sul marciapiede')).toMatchObject({
      category: 'service',
      intent: 'complaint',
    });
    expect(classify('Me lo restituiscono dopo tre settimane e adesso non si accende più')).toMatchObject({ category: 'service', intent: 'complaint' });
    expect(classify('Mazzo consegnato con un giorno di ritardo e le rose già appassite. Complimenti per il tempismo').intent).toBe('complaint');
    expect(classify("KitchenFit did our kitchen in 4 days, tidy, polite and on budget. Couldn't recommend them more")).toMatchObject({
      category: 'marketing',
      intent: 'praise',
    });
    expect(classify('Cacio e pepe da urlo e conto onestissimo. Torniamo di sicuro')).toMatchObject({ category: 'marketing', intent: 'praise' });
    expect(classify('Crypto is the future!!! Join my VIP group and get 10x in 30 days')).toMatchObject({ flushReason: 'spam' });
  });

  it('reads what q showed (linear-16)', () => {
    expect(classify("L'autista non ha fatto salire mia madre con il deambulatore dicendo che non c'era posto")).toMatchObject({
      category: 'service',
      intent: 'complaint',
    });
    expect(classify('Tutti i bus della linea 3 fermi in deposito stamattina, alle fermate nessun avviso')).toMatchObject({ intent: 'incident' });
    expect(classify('Il pistacchio qui non ha rivali in città, ci torniamo ogni domenica')).toMatchObject({ category: 'marketing', intent: 'praise' });
    expect(classify('Bus tracker: route 12 next departures 14:05, 14:20, 14:35')).toMatchObject({ flushReason: 'bot' });
    expect(classify('Hai vinto un buono da 1000€! Clicca sul link e completa i dati per riceverlo')).toMatchObject({ flushReason: 'spam' });
    const dm = 'brilliant, thanks so much';
    expect(classifyMention(dm, 'en', scoreSentiment(dm, 'en'), { brandChannel: 'direct_message' })).toMatchObject({ flushReason: 'no_action' });
  });

  it('reads a scam whose call to action is a DM as spam (CALL_TO_ACTION_CARE_CUES), and keeps a customer who sent one', () => {
    expect(classify("EARN $500 a day from home, no experience needed, limited spots, DM me 'READY' now")).toMatchObject({ category: 'flush', flushReason: 'spam' });
    expect(classify('Guadagna 300€ a settimana da casa, scrivimi in privato')).toMatchObject({ category: 'flush', flushReason: 'spam' });
    expect(classify('I sent you a DM about the $500 refund you promised, still nothing')).toMatchObject({ category: 'service' });
  });

  describe('a post that tells what was done to its author (actedOnAuthor)', () => {
    const topicMatched = (text: string, matched: boolean | undefined) => {
      const language = detectLanguage(text).language;
      return classifyMention(text, language, scoreSentiment(text, language), { topicMatched: matched });
    };
    it.each([
      'LavaSubito mi ha restituito le camicie con le macchie ancora lì e una con un bottone in meno',
      'Da Forno Antico ci hanno dato il pane di ieri al posto di quello appena sfornato',
      'GiocaMondo mi ha già spostato la data due volte, adesso dice venerdì',
      'ChargeUp sent me a card for someone called Dave',
    ])('keeps it for a person, as an unsure complaint, when a topic takes it: %s', (text) => {
      const result = topicMatched(text, true);
      expect(result).toMatchObject({ category: 'service', intent: 'complaint' });
      expect(result.explanations.category.reasons).toEqual(['tells what was done to its author, with no clear request: kept for a person']);
      expect(result.explanations.intent).toMatchObject({ confidence: 0.35 });
    });

    it('flushes the same words when no topic takes the post, or none was asked', () => {
      const text = 'LavaSubito mi ha restituito le camicie con le macchie ancora lì e una con un bottone in meno';
      expect(topicMatched(text, false).category).toBe('flush');
      expect(topicMatched(text, undefined).category).toBe('flush');
    });

    it('makes an unsure complaint of care words that name no problem, where no complaint model reads the post', () => {
      const result = classify('Mi hanno spostato la consegna del modem a giovedì');
      expect(result).toMatchObject({ category: 'service', intent: 'complaint' });
      expect(result.explanations.intent).toEqual({
        label: 'complaint',
        confidence: 0.35,
        reasons: ['tells what was done to its author, with no question, thanks or wish: most often a problem'],
      });
      // Thanked, or with a complaint model to decide (English), it is not.
      expect(classify("Ci hanno spostato la consegna del modem a giovedì, grazie mille per l'avviso").intent).toBe('praise');
      const english = 'They moved my router delivery to Thursday';
      expect(classifyMention(english, 'en', scoreSentiment(english, 'en'), { complaintProbability: 0.2 }).intent).not.toBe('complaint');
    });

    it('does not read what the author did or felt as done to them', () => {
      expect(topicMatched('Ieri sera da Forno Antico mi sono fermato a guardare la vetrina', true).category).toBe('flush');
      expect(topicMatched('Da Forno Antico ho comprato tre pagnotte e una focaccia', true).category).toBe('flush');
    });
  });

  it('gives every decision a confidence in [0, 1] and at least one reason', () => {
    const languages: Language[] = ['it', 'en', 'other'];
    for (const language of languages) {
      for (const text of ['', 'x', 'La fibra non funziona', 'Thanks!', '😡', '#a #b']) {
        const result = classifyMention(text, language, scoreSentiment(text, language));
        for (const e of [result.explanations.category, result.explanations.intent]) {
          expect(e.confidence).toBeGreaterThanOrEqual(0);
          expect(e.confidence).toBeLessThanOrEqual(1);
          expect(e.reasons.length).toBeGreaterThan(0);
        }
        expect(result.flushReason === null).toBe(result.category !== 'flush');
      }
    }
  });
});

describe('the rule lists', () => {
  // Rules are matched against the tokenizer's words, so a character the tokenizer drops widens the
  // rule without anyone noticing: '100%' matched every "100", 'idea:' every "idea".
  it('are seen whole by the tokenizer (no punctuation it drops)', () => {
    const patterns = [...Object.values(KEYWORDS).flatMap((rules) => Object.keys(rules).map((p) => p.replace(/^(it|en):/, ''))), ...PRIORITY_WEIGHTS.urgencyWords];
    const widened = patterns.filter((pattern) =>
      pattern.split(' ').some((part) => {
        const base = part.replace(/\*$/, '');
        return !base.startsWith('#') && tokenize(base).words.join('') !== base.toLowerCase().replace(/-/g, '');
      }),
    );
    expect(widened).toEqual([]);
  });
});
