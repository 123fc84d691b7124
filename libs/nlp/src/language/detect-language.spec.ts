import { LANGUAGES } from '@ascolto/domain';
import { tokenize } from '../text/tokenize';
import { detectLanguage, detectLanguageFromTokens } from './detect-language';

// Sentences written for these tests (no data-set text), short and tweet-like on purpose.
describe('detectLanguage', () => {
  it.each([
    ['@user grazie mille'],
    ['La fibra non funziona da tre giorni e nessuno mi risponde'],
    ["Qualcuno sa come si scarica la fattura dall'app? Non trovo più la sezione pagamenti"],
    ['Pessima esperienza, velocità ridicola, assistenza inesistente'],
    ['@VelaMobile #VelaEstate la linea non va ancora'],
    ['ciao a tutti'],
    ['Ottima copertura anche in montagna, complimenti https://vela.example/promo'],
    ['RT @VelaMobile: nuove offerte per chi passa alla fibra'],
    ['sono tre ore che aspettoooooo 😡😡'],
  ])('recognises Italian: %s', (text) => {
    const result = detectLanguage(text);
    expect(result.language).toBe('it');
    expect(result.label).toBe('it');
    expect(result.confidence).toBeGreaterThan(0.3);
  });

  it.each([
    ['@VirginAmerica thanks!'],
    ['My internet has been down since yesterday and nobody answers'],
    ['How do I activate roaming before I travel to the UK?'],
    ['@united flight delayed again, third time this week #fail'],
    ['help please'],
    ['Roaming charges in Spain are a joke, I paid 40 euros for nothing'],
    ['lost my bag, who do i talk to https://help.example/bags'],
  ])('recognises English: %s', (text) => {
    expect(detectLanguage(text).language).toBe('en');
  });

  it.each([
    ['es', 'RT @x: Gracias por todo'],
    ['es', 'El pedido llegó roto y nadie me contesta desde hace una semana'],
    ['es', 'Necesito ayuda con mi cuenta, por favor'],
    ['es', '@VelaMobile hola, ¿por qué no tengo internet desde ayer?'],
    ['fr', "Je n'arrive pas à me connecter depuis hier"],
    ['fr', 'Merci beaucoup pour votre aide'],
    ['fr', 'Le colis est arrivé cassé et personne ne répond'],
    ['de', 'Ich kann mich seit gestern nicht anmelden'],
    ['de', 'Das Paket ist kaputt angekommen und niemand antwortet'],
    ['de', 'Vielen Dank für die schnelle Hilfe'],
    ['pt', 'Não consigo entrar na minha conta desde ontem'],
    ['pt', 'Muito obrigado pela ajuda'],
    ['pt', '@VelaMobile vocês podem me ajudar? o app não abre'],
  ])('recognises %s: %s', (language, text) => {
    const result = detectLanguage(text);
    expect(result.language).toBe(language);
    expect(result.reasons.join(' ')).toMatch(/Spanish|French|German|Portuguese/);
  });

  // Spanish shares "la", "lo", "te", "mi", "un", "por", "con", "come"-like words with Italian, and the
  // it/en model, which decides whenever the rules are not sure, finds Spanish words more Italian
  // than English: short Spanish care replies used to land in the Italian inbox.
  it.each([
    ['Te hemos respondido por privado, revisa tus mensajes'],
    ['Ya te mandamos los datos por mensaje privado'],
    ['Hola, lamentamos las molestias, ¿nos escribes por DM?'],
    ['Lamentamos lo ocurrido, te escribimos por privado'],
    ['Sentimos las molestias, ya lo estamos revisando'],
    ['Disculpa la espera, ya te respondimos por privado'],
    ['Síguenos y envíanos un DM con tu correo'],
    ['Lo sentimos mucho, te llamamos hoy'],
    ['Revisamos tu caso y te llamamos mañana'],
    ['¿Me puedes decir tu número de pedido?'],
  ])('recognises a Spanish care reply: %s', (text) => {
    const result = detectLanguage(text);
    expect(result.language).toBe('es');
    expect(result.reasons[0]).toMatch(/^Spanish (function words|spelling): /);
  });

  it.each([
    ['No me funciona la app desde ayer'],
    ['Mi pedido no ha llegado todavía'],
    ['Nadie me contesta y llevo una semana esperando'],
    ['Hoy tampoco llega el paquete'],
    ['¿Sigue sin funcionar?'],
    ['¡Muchas gracias!'],
    ['Llevo tres días sin línea'],
  ])('recognises a short Spanish post: %s', (text) => {
    expect(detectLanguage(text).language).toBe('es');
  });

  it.each([
    ['Olá, pode nos enviar uma mensagem privada?'],
    ['Lamentamos o ocorrido, envie-nos uma DM'],
    ['Você pode me ajudar com a fatura?'],
    ['Pedimos desculpa pelo transtorno'],
    ['Precisamos do seu número de cliente'],
    ['Lamentamos muito, vamos verificar'],
  ])('recognises Portuguese, not Spanish or Italian: %s', (text) => {
    expect(detectLanguage(text).language).toBe('pt');
  });

  it.each([
    ["Est-ce que vous pouvez m'aider ?"],
    ["Merci, c'est réglé"],
    ['Nous sommes désolés pour la gêne occasionnée'],
    ['Vous pouvez nous envoyer un message privé ?'],
  ])('recognises French, not Italian: %s', (text) => {
    expect(detectLanguage(text).language).toBe('fr');
  });

  // The same shared words in Italian, and the accents Italian tweets get wrong ("perchè", "piú",
  // "sará": a final accent is never Spanish evidence).
  it.each([
    ['Ho un problema con la mia bolletta'],
    ['Come posso avere il rimborso?'],
    ['Non mi arriva il messaggio'],
    ['Ti abbiamo inviato un messaggio privato'],
    ['Ci scusiamo per il disagio, ci scrivi in DM?'],
    ['Mi manda un messaggio privato per favore?'],
    ['Te lo dico io, la fibra non va'],
    ['Lo stesso problema da mesi'],
    ['Con questa offerta si risparmia davvero'],
    ['Mi date una mano con la fattura?'],
    ['Sará la volta buona? Piú lenta di così non si può'],
    ['Il libro di Clara Sánchez è bellissimo'],
    ['Ramos ha segnato ancora'],
  ])('keeps Italian that shares Spanish words Italian: %s', (text) => {
    expect(detectLanguage(text).language).toBe('it');
  });

  // Three-word complaints and replies: a past participle (-ado) or a Portuguese past (-ou) and one
  // function word are enough, and French adverbs count as French.
  it.each([
    ['es', 'Ya te hemos contestado'],
    ['pt', 'Pedido chegou quebrado'],
    ['pt', 'O produto chegou atrasado'],
    ['pt', 'Meu pedido foi cancelado'],
    ['fr', "C'est vraiment nul"],
    ['fr', 'Franchement trop long'],
  ])('recognises a short %s complaint: %s', (language, text) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it('names a participle or a Portuguese past as spelling evidence', () => {
    expect(detectLanguage('Pedido chegou quebrado').reasons.join(' ')).toContain('Portuguese spelling: "chegou", "quebrado"');
  });

  it.each([
    ['it', 'Malgrado il degrado'],
    ['it', 'Il tornado ha colpito il mercato'],
    ['it', 'Corrado è arrivato tardi'],
    ['en', 'thankyou so much for the help'],
    ['en', 'Sharknado is on tonight'],
  ])('keeps %s with the few -ado and -ou words Italian and English have: %s', (language, text) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it('does not read English plurals or a llama as Spanish spelling', () => {
    expect(detectLanguage('Check out the new demos at the booth').language).toBe('en');
    expect(detectLanguage('The llama farm was closed all week').language).toBe('en');
    expect(detectLanguage('¡¡OH YES it is here and I love it').language).toBe('en');
  });

  it('names Spanish spelling among the reasons', () => {
    const reasons = detectLanguage('¡Hola! Lamentamos el retraso').reasons;
    expect(reasons[0]).toBe('Spanish function words: "hola", "el"');
    expect(reasons[1]).toBe('Spanish spelling: "¿¡", "lamentamos"');
  });

  it.each([
    ['Dutch', 'Ik kan sinds gisteren niet inloggen op mijn account'],
    ['Dutch', 'Het pakket is kapot aangekomen en niemand reageert'],
    ['Polish', 'Paczka przyszła uszkodzona i nikt nie odpowiada'],
    ['Turkish', 'Bugün siparişim gelmedi, çok kötü bir hizmet'],
  ])('calls %s other rather than forcing it into a named language', (_name, text) => {
    expect(detectLanguage(text).language).toBe('other');
  });

  it.each([
    ['Cyrillic', 'Посылка пришла разбитой, верните деньги'],
    ['Greek', 'Το δέμα έφτασε σπασμένο'],
    ['Arabic', 'الطلب وصل مكسور'],
    ['Hebrew', 'החבילה הגיעה שבורה'],
    ['Japanese kana', '@AmazonHelp 荷物が壊れて届きました'],
    ['Chinese (Han)', '我的帐号无法登陆'],
    ['Devanagari', 'पैकेज टूटा हुआ आया'],
    ['Thai', 'พัสดุมาถึงแล้วแตก'],
    ['Hangul', '택배가 파손되어 도착했습니다'],
  ])('calls text in %s script other and says so', (script, text) => {
    const result = detectLanguage(text);
    expect(result.language).toBe('other');
    expect(result.reasons[0]).toContain(`written in ${script} script`);
  });

  it('explains an it/en decision with the model and the function words', () => {
    const result = detectLanguage('Non è possibile che il servizio della linea sia sempre così');
    expect(result.reasons[0]).toMatch(/^character n-grams favour Italian \(p=0\.\d\d\)$/);
    expect(result.reasons[1]).toMatch(/^Italian function words: .*"della"/);
  });

  it('names the decisive words of a rule language first', () => {
    expect(detectLanguage('Gracias por todo, los quiero mucho').reasons[0]).toMatch(/^Spanish function words: "gracias", "por"/);
  });

  it('does not let handles decide: @VirginAmerica is not English evidence', () => {
    const result = detectLanguage('@VirginAmerica @VirginAtlantic grazie mille a tutti');
    expect(result.language).toBe('it');
  });

  it('is not moved by one foreign word in an English or Italian sentence', () => {
    expect(detectLanguage('Gracias @Delta for the great flight, the crew were lovely').language).toBe('en');
    expect(detectLanguage('merci a tutti per la pazienza, domani si riparte').language).toBe('it');
  });

  it('gives more confidence to longer texts', () => {
    const short = detectLanguage('grazie');
    const long = detectLanguage('grazie mille a tutti per la pazienza, domani la linea dovrebbe tornare');
    expect(short.language).toBe('it');
    expect(long.confidence).toBeGreaterThan(short.confidence);
  });

  const hostile: [string, string][] = [
    ['empty', ''],
    ['blank', ' \n\t '],
    ['emoji only', '😡😡😡🔥'],
    ['handle only', '@VelaMobile'],
    ['link only', 'https://x.example/a?b=c'],
    ['number only', '12345 678'],
    ['punctuation', '?!?! ... ;;'],
    ['zero-width only', '\u200b\u200c\u200d\u2060\ufeff'],
    ['lone surrogates', '\ud800 \udfff \udbff\ud800'],
  ];
  it.each(hostile)('says other with low confidence for %s input, never throwing', (_name, text) => {
    const result = detectLanguage(text);
    expect(result.language).toBe('other');
    expect(result.confidence).toBeLessThanOrEqual(0.1);
    expect(result.reasons.length).toBeGreaterThan(0);
  });

  it.each([
    ['50,000 letters', 'a'.repeat(50_000)],
    ['50,000 characters of words', 'ciao come stai '.repeat(3_400)],
    ['mixed RTL and LTR', 'שלום hello مرحبا ciao \u202egrazie\u202c'],
    ['zero-width joiners inside words', 'gra\u200bzie mil\u200dle a tut\u2060ti'],
    ['invalid surrogates between words', 'grazie \ud800 mille \udc00 a tutti'],
    ['control characters', 'thanks\u0000\u0007 for\u001b nothing'],
    ['not a string', 42 as unknown as string],
    ['null', null as unknown as string],
  ])('returns a valid result for %s', (_name, text) => {
    const result = detectLanguage(text);
    expect(LANGUAGES).toContain(result.language);
    expect(result.label).toBe(result.language);
    expect(result.confidence).toBeGreaterThanOrEqual(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(result.reasons.length).toBeGreaterThan(0);
  });

  it('keeps one repeated letter from deciding: a 50,000-letter word gets low confidence', () => {
    expect(detectLanguage('a'.repeat(50_000)).confidence).toBeLessThanOrEqual(0.3);
  });

  it('keeps confidence within [0, 1] for mixed Italian and English', () => {
    const mixed = detectLanguage('the linea is down e non va, please help anche oggi');
    expect(['it', 'en']).toContain(mixed.language);
    expect(mixed.confidence).toBeGreaterThanOrEqual(0);
    expect(mixed.confidence).toBeLessThanOrEqual(1);
  });

  it('gives the same answer from tokens as from text (the pipeline tokenises once)', () => {
    for (const text of ['@user grazie mille', 'Merci beaucoup pour votre aide', '😡', 'Посылка пришла']) {
      expect(detectLanguageFromTokens(tokenize(text))).toEqual(detectLanguage(text));
    }
  });
});
