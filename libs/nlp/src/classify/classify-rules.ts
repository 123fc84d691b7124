/**
 * Every keyword, phrase and weight the rule-based classifier uses, in one place.
 *
 * How to read a rule: `'non funziona': 2.5` in COMPLAINT means "the words `non funziona` in this order
 * add 2.5 to the complaint score". A `*` at the end of a word matches any ending
 * (`bloccat*` → bloccato, bloccata, bloccati). Patterns are lower case; hashtags are matched with
 * their `#`. A rule counts once per post however often it occurs. Italian and English live side by
 * side: they rarely collide, and mixed-language posts are common. A pattern may be limited to one
 * language with a `it:` or `en:` prefix (then it also applies when the language is `other`).
 *
 * Signals and what they feed:
 *  - complaint, incident, question, praise, suggestion → the intent (highest score wins);
 *  - service (care vocabulary: billing, SIM, modem, delivery…) and marketing (campaigns, ads,
 *    press, comparisons) → the category when the intent alone does not settle it;
 *  - spam and bot → category `flush` with that reason.
 */
import { CONTRAST_CONJUNCTIONS } from '../sentiment/sentiment-lexicon';

export type Signal = 'complaint' | 'incident' | 'question' | 'praise' | 'suggestion' | 'service' | 'marketing' | 'spam' | 'bot';

export const KEYWORDS: Record<Signal, Record<string, number>> = {
  complaint: {
    'non funziona': 2.5, 'non funzionano': 2.5, 'non vanno': 2, 'non funzioni': 2.5, 'si blocca': 2, 'si bloccano': 2, 'crasha': 2,
    'si chiude da sola': 2, 'si riavvia': 1.5, 'non va': 2, 'non riesco': 2, 'non posso': 1.5, 'non arriva': 2, 'non è arrivato': 2,
    'non è mai arrivato': 2.5, 'mai arrivat*': 2.5, 'non si attiva': 2.5, 'non attiva': 2, 'guast*': 2.5, 'rott*': 1.5, 'bloccat*': 2,
    'problem*': 1.5, 'errore': 1.5, 'addebitat*': 2, 'addebito': 1.5, 'addebiti': 1.5, 'doppio addebito': 2.5, 'bolletta doppia': 2.5,
    'rimbors*': 1.5, 'truffa': 2.5, 'truffat*': 2.5, 'ritardo': 1.5, 'in ritardo': 1.5, 'nessuna risposta': 2,
    // What arrived spoiled, a delivery moved again and again, an order given up on.
    'da buttare': 2, 'consegna spostata': 2, 'consegna rimandata': 2, "annullo l'ordine": 2, 'annullo tutto': 2,
    'nessuno risponde': 2, 'nessuno mi risponde': 2, 'non mi risponde': 2, 'nessuno mi ha aiutat*': 2, 'malissimo': 1.5,
    'di fila': 1, 'nessun avviso': 2, 'mai più': 2, 'non risponde': 2, 'non rispondono': 2, 'attesa': 1, 'ore di attesa': 2, 'scandal*': 2, 'pessim*': 2,
    'maleducat*': 2.5, 'sgarbat*': 2.5, 'lentissim*': 2, 'lenta': 1, 'lento': 1, 'rincar*': 1.5, 'aumento': 1, 'costi nascosti': 2.5,
    'disdett*': 1.5, 'recesso': 1.5, 'cambio operatore': 2, 'passo a': 1, 'ladri': 2.5, 'incompetent*': 2, 'reclamo': 2,
    'segnalazione': 1, 'ancora niente': 2, 'ancora nulla': 2, 'aspetto': 1, 'sto aspettando': 1.5, 'da ieri': 1.5, 'da stamattina': 1.5, 'da stanotte': 1.5, 'ko': 1.5,
    'ho chiamato': 1, 'ho già chiamato': 2, 'ho già scritto': 2, 'vi ho scritto': 1, 'stessa risposta': 1.5, 'non possiamo': 1,
    'avete intenzione di rispondere': 3, 'vi decidete': 2,
    'senza preavviso': 2, 'senza avviso': 2, 'aumentat*': 1, 'senza il mio consenso': 2.5, 'senza consenso': 2.5,
    'non richiest*': 2, 'mai richiest*': 2, 'caduta la linea': 2, 'da ore': 1.5, 'da giorni': 1.5, 'da settimane': 2, 'da mesi': 2, 'senza linea': 2.5,
    'senza internet': 2.5, 'non si connette': 2.5, 'si disconnette': 2, 'cade la linea': 2, 'inaccettabile': 2, 'assurdo': 1.5,
    'not working': 2.5, "doesn't work": 2.5, 'does not work': 2.5, "isn't working": 2.5, "won't connect": 2.5, "can't connect": 2.5,
    "can't": 1, 'cannot': 1, 'unable to': 1.5, 'broken': 2, 'stuck': 1.5, 'blocked': 1.5, 'issue': 1, 'issues': 1,
    'error': 1.5, 'refund': 1.5, 'charged': 1.5, 'overcharged': 2.5, 'double charged': 2.5, 'scam': 2.5, 'late': 1, 'delay*': 1.5,
    'never arrived': 2.5, 'still waiting': 2, 'waiting': 1, 'since yesterday': 1.5, 'since this morning': 1.5, 'since last night': 1.5,
    'called you': 1, 'already called': 2, 'already wrote': 2, 'same answer': 1.5, 'without my consent': 2.5, 'never asked for': 2,
    'without notice': 2, 'without warning': 2, 'without internet': 2.5, 'without wifi': 2.5, 'without wi-fi': 2.5, 'without signal': 2.5,
    'without service': 2, 'without a phone': 2, 'thanks for nothing': 3,
    // Disappointment and being fed up (a negated one, "never disappoints", does not count: NEGATABLE_COMPLAINT_CUES).
    'disappoint*': 2, 'fed up': 2, 'sick of': 2, 'tired of': 1.5, 'getting worse': 2, 'gets worse': 2,
    'it:delus*': 2, 'it:delud*': 2, 'it:peggior*': 2, 'sono stufo': 2, 'sono stufa': 2, 'mi ha stufato': 2, 'mi avete stufato': 2.5,
    'stufo di': 2, 'stufa di': 2, 'solita storia': 1.5, 'non ci siamo': 1.5, 'ne ho abbastanza': 2, 'scatole piene': 2,
    // Waiting still, a visit that never happened, a promise not kept, shame.
    'ancora aspettando': 2, 'aspetto ancora': 2, 'ancora in attesa': 2, 'avevate promesso': 2, 'mi avevano promesso': 2,
    'rimborso promesso': 2,
    'doveva venire': 1.5, 'doveva arrivare': 1.5, 'non si è visto nessuno': 2.5, 'non si è presentato': 2.5, 'non si è fatto vivo': 2.5,
    'never showed up': 2.5, "didn't show up": 2.5, 'no-show': 2, 'inesistente': 2, 'nonexistent': 2, 'non-existent': 2,
    'vergogn*': 2, 'ashamed': 2, 'shame on you': 2.5,
    // What an Italian customer writes when something was done to them or did not happen.
    'non ho chiesto': 2.5, 'mai chiesto': 2.5, 'non autorizzat*': 2.5, 'senza motivo': 2, 'senza spiegazion*': 2, 'non risulta': 2,
    'mai ricevut*': 2.5, 'non ho ricevuto': 2, 'non ho mai ricevuto': 2.5, 'prodotto diverso': 2, 'diverso da quello ordinato': 2.5,
    // What does not start or stop, what vanished, who was shut in, and a charge someone must justify:
    // "il corso non parte", "il 14 non si è fermato", "è sparito dal mio profilo", "gente chiusa dentro",
    // "me lo spiegate?" (RHETORICAL_QUESTION_CUES).
    'non parte': 2, 'non partono': 2, 'non si avvia': 2, 'non si apre': 2, 'non carica': 1.5, "won't start": 2, "won't load": 2, "won't open": 2,
    'non si è fermat*': 2, 'non si ferma': 1.5, 'non si fermano': 1.5, "didn't stop": 1.5, 'sparit*': 1.5, 'scompars*': 1.5, 'disappeared': 1.5,
    'chiusi dentro': 2, 'chiusa dentro': 2, 'chiuso dentro': 2, 'bloccati dentro': 2.5, 'stuck inside': 2, 'locked in': 1.5,
    'me lo spiegate': 1.5, 'me lo spiega': 1.5, 'qualcuno me lo spiega': 2,
    // An appliance that leaks or roars, money paid for nothing, what was not done, and a wish ignored
    // ("pagati 140 euro per niente", "the flat hadn't been cleaned", "even though I've changed it twice").
    'perde acqua': 2, "perdita d'acqua": 2, 'leaking': 2, 'fa un rumore': 2, 'fa rumore': 2, 'rumoros*': 1.5, 'noisy': 1.5,
    'makes a noise': 2, 'per niente': 1, "hadn't been": 1.5, "hasn't been": 1.5, 'non era stat*': 1.5, 'even though i': 1.5,
    "even though i've": 1.5, 'anche se ho': 1.5, 'nonostante abbia': 1.5,
    // A shrug for an answer, a booking given twice, what was not ready, a job done badly, a customer
    // locked out, and "then I find out…": "il commesso alzava le spalle", "the meeting room was double
    // booked", "valvola montata male?", "chiusa fuori casa alle 23", "almeno ditelo alla cassa".
    'shrugged': 2, 'alzava le spalle': 2, 'alza le spalle': 2, 'alzato le spalle': 2, 'double booked': 2,
    'non era ancora pront*': 2, 'non ancora pront*': 1.5, 'montat* male': 2, 'installat* male': 2, 'chiusa fuori': 2, 'chiuso fuori': 2,
    'chiusi fuori': 2, 'locked out': 2, 'almeno ditelo': 2, 'almeno avvisate': 2, 'e scopro che': 1.5,
    // What switched off, stopped moving or would not unlock; costs that pop up; heating off; time wasted;
    // a fault since the day it was bought; a shuttle gone early: "si è spento in mezzo alla strada",
    // "tracking fermo", "spuntano 300 euro di materiale extra", "giro il quartiere a vuoto".
    'si è spent*': 2, 'si spegne': 2, 'non sblocca': 2, 'non si sblocca': 2, 'tracking fermo': 2, 'risulta spedit*': 1.5,
    'spuntano': 1.5, 'costi extra': 2, 'extra costs': 2, 'riscaldamento spento': 2, 'heating off': 2, 'a vuoto': 1.5,
    "da quando l'ho comprat*": 1.5, 'since i bought it': 1.5, 'minutes early': 2, 'missed my': 1.5, 'partito in anticipo': 2,
    // A promise broken ("doveva finire il trasloco in giornata"), workers who left, what will not switch on,
    // water coming in, a site out of reach, a second time: "se ne sono andati lasciando mezzo soggiorno",
    // "adesso non si accende più", "quando piove entra acqua", "irraggiungibile", "spostato per la seconda volta".
    'doveva': 1, 'dovevano': 1, 'se ne sono andati': 1.5, 'se ne è andato': 1.5, 'was supposed to': 1.5, 'non si accende': 2,
    'non si accendono': 2, "won't turn on": 2, "doesn't turn on": 2, 'entra acqua': 2, "entra l'acqua": 2, 'irraggiungibil*': 2,
    'pagina bianca': 1.5, 'blank page': 1.5, 'per la seconda volta': 1.5, 'per la terza volta': 1.5, 'for the second time': 1.5,
    'for the third time': 1.5, 'complimenti per il tempismo': 3,
    // From q: what they tell you, a bus every other day, food thawed and frozen again, a passenger left at the
    // stop, a booking nowhere to be found, an order "ma senza il materasso": "mi dicono che serve l'imballo",
    // "salta un giorno sì e uno no", "non ha fatto salire mia madre", "non risultava da nessuna parte".
    'mi dicono che': 1, 'un giorno sì e uno no': 1.5, 'ricongelat*': 2, 'non ha fatto salire': 2, 'non mi ha fatto salire': 2,
    "non c'era posto": 1.5, 'non risultava': 2, 'ma senza il': 1.5, 'ma senza la': 1.5, 'ma senza i': 1.5, 'ma senza le': 1.5,
    'drove straight past': 2, 'drove past': 1.5,
    // Narrow on purpose: "ho sbagliato", "siamo rovinati", "impossibile dimenticare" are everyday Italian.
    'ordine sbagliato': 2, 'prodotto sbagliato': 2, 'articolo sbagliato': 2, 'importo sbagliato': 2, 'taglia sbagliata': 2,
    'arrivat* rotto': 2, 'arrivat* rotta': 2, 'arrivat* danneggiat*': 2.5, 'arrivat* rovinat*': 2.5, 'danneggiat*': 1,
    'non mi fa': 2, 'credenziali errate': 2, 'impossibile': 1, 'impossibile parlare': 2.5, 'impossibile contattar*': 2.5,
    'impossibile accedere': 2.5, 'mi trattate': 2, 'staccat*': 2, 'al buio': 1, 'linea morta': 2.5, 'salta la linea': 2,
    'salta internet': 2, 'salta la connessione': 2, 'non è possibile che': 2, 'pagare due volte': 2.5, 'pagato due volte': 2.5, 'pago due volte': 2.5, 'non legge': 1.5, 'non leggono': 1.5,
    'due volte la stessa': 2, 'raddoppiat*': 1.5, 'annullat*': 1.5, 'inutilizzabil*': 2.5, 'mancava': 2, 'mancavano': 2,
    'it:incomplet*': 2, 'a metà': 1, 'arrivat* fredd*': 2.5, 'ancora nessun': 2, 'ancora nessuna': 2, 'non mi arriva': 2,
    'non mi arrivano': 2, 'non prende': 2, 'soppress*': 2, 'non è passato': 1.5, 'non risolvete': 2, 'voglio parlare': 1.5,
    // A delivery the tracking calls done and nobody got: "ParcelPoint marked my parcel as delivered", "risulta consegnato".
    'as delivered': 2, 'risulta consegnat*': 2, 'come consegnat*': 2,
    // Threats of a complaint to a regulator, a consumer group or a lawyer.
    'it:denunci*': 1.5, 'agcom': 2, 'codacons': 2.5, 'altroconsumo': 2, 'avvocat*': 1.5, 'class action': 2.5, 'ofcom': 2,
    'ombudsman': 2, 'lawyer': 1.5, 'sue you': 2.5, 'small claims': 2,
    // Questions that ask nothing (RHETORICAL_QUESTION_CUES): "Ma vi sembra normale…?", "Quanto ci vuole ancora?".
    'vi sembra normale': 3, 'ma vi sembra': 2.5, 'come è possibile che': 3, "com'è possibile che": 3, 'quanto ci vuole ancora': 3,
    'parlo da solo': 2.5, 'qualcuno legge': 2, 'continuate a': 2, 'ma è normale che': 2.5,
    'quando la sistemate': 3, 'quando lo sistemate': 3, 'quando risolvete': 3, 'how is it possible': 2.5, 'how hard can it be': 3,
    'is this normal': 1.5, 'is anyone reading': 2.5, 'aspetto una risposta': 2, 'aspetto risposta': 2, 'still no reply': 2.5,
    'no response': 2, 'no reply': 2, 'nobody answers': 2, 'worst': 2, 'terrible': 2,
    'rude': 2.5, 'useless': 1.5, 'unacceptable': 2, 'ridiculous': 1.5, 'rip-off': 2.5, 'ripoff': 2.5, 'complaint': 2,
    'hidden fees': 2.5, 'in a row': 1, 'nobody warned': 2, 'no warning': 2, 'never again': 2, 'on hold': 1.5, 'for hours': 1.5, 'for days': 1.5, 'for weeks': 2, 'for months': 2, 'switching to': 1.5, 'cancel*': 1.5, 'joke': 1,
    'no internet': 2.5, 'keeps dropping': 2, 'dropped': 1, 'crash*': 2, 'freezes': 2, 'keeps freezing': 2.5,
    'not arrived': 2, "hasn't arrived": 2, "didn't arrive": 2, 'not received': 2, "haven't received": 2, "didn't receive": 2,
    'never received': 2.5,
    'internet drops': 2.5, 'connection drops': 2.5, 'wifi drops': 2.5, 'signal drops': 2, 'price rise': 1.5, 'price increase': 1.5,
    'price hike': 2, 'wrong order': 2, 'wrong item': 2, "someone else's order": 2, "someone else's parcel": 2, 'instead of mine': 2,
    'was promised': 2, 'were promised': 2, 'promised a callback': 2.5, 'aumento dei prezzi': 1.5, 'mi avevano detto': 1, 'non è il mio': 1.5,
    // What a problem cost the customer, and changes nobody explained: "siete riusciti a farmi perdere una giornata di lavoro".
    'farmi perdere': 2, 'fatto perdere': 2, 'made me miss': 2, 'made me lose': 2, 'doubled': 1.5, 'nobody explains': 2,
    'no explanation': 2, 'nessuno spiega': 2, 'nessuno mi spiega': 2, 'is wrong': 2, 'was wrong': 1.5, 'still down': 2.5,
    // "La nuova tariffa è una presa in giro", "aspetto da 40 minuti alla fermata" (durations.ts: "da minuti").
    'presa in giro': 2, 'da minuti': 1, 'for minutes': 1,
    // A network too busy to use, and a customer asking for someone above the agent.
    'congestionat*': 2, 'speak to a manager': 2, 'talk to a manager': 2,
    // Not done yet, or done without asking: "il mio numero non è ancora passato", "mi avete attivato il roaming senza chiedermelo".
    'non è ancora': 1, 'non sono ancora': 1, 'non è ancora passato': 2, 'non è ancora attiv*': 2, 'non è ancora arrivat*': 2, 'senza chiedermelo': 2.5, 'senza chiedermi': 2.5, 'without asking': 2,
    // Hand-written care posts, 2026-11-23 (docs/quality.md, "Care posts written by us"): out of order, on and off, unusable,
    // goods arrived crushed, hung up on, told something different each time, asked "are you kidding?".
    'fuori servizio': 2, 'va e viene': 2, 'vanno e vengono': 2, 'unusable': 2.5, 'rivoglio': 1.5, 'non ordino più': 2, 'nessuno mi richiama': 2,
    'nessuno richiama': 2, 'schiacciat*': 1.5, 'ammaccat*': 2, 'smashed': 1.5, 'ruined': 2, 'damaged': 1,
    'chiuso il telefono in faccia': 2.5, 'attaccato il telefono in faccia': 2.5, 'hung up on me': 2.5, 'got cut off': 2, 'logs me out': 2,
    'pago la mora': 2, 'cose diverse': 1.5, 'stiamo scherzando': 2.5, 'are you kidding': 2.5, 'you kidding me': 2.5, 'come on': 1,
  },
  incident: {
    'down': 2, 'è down': 2.5, 'è giù': 2.5, 'outage': 3, 'disservizio': 2, 'disservizi': 2, 'disservizio generale': 1.5, 'blackout': 3, 'nessuno riesce': 2.5, 'anche voi': 2, 'anche a voi': 2, 'anche da voi': 2,
    'solo a me': 2, 'solo io': 1.5, 'qualcun altro': 2, 'tutta la zona': 3, 'in tutta': 2, 'tutto il quartiere': 3, 'in zona': 1.5,
    'mezza italia': 3, 'tutti i clienti': 2, 'tutti': 1, 'rete assente': 2.5, 'linea assente': 2.5, 'nessun segnale': 2.5,
    'niente rete': 2.5, "non c'è rete": 2.5, 'di nuovo': 1, 'ancora': 1, 'ennesim*': 1.5, 'per l\'ennesima volta': 2,
    'rete mobile assente': 2.5, 'segnale assente': 2.5, 'i miei vicini': 2, 'in centrale': 2, 'guasto in centrale': 3,
    'problema generale': 3, 'guasto generale': 3, 'qualcuno sa qualcosa': 1.5,
    // An emergency in the street, not one customer's fault: "Fuga di gas segnalata in via Matteotti".
    'fuga di gas': 2.5, 'gas leak': 2.5,
    'a voi va': 2, 'a voi funziona': 2,
    // An area that has the problem, or asked about: "my whole street has no broadband", "anyone in Leeds with no signal?".
    'whole street': 3, 'siamo in tanti': 2, 'anyone in': 1.5, 'qualcuno a': 1.5, 'qualcuno in zona': 2, 'known issue': 2.5,
    'problemi noti': 2.5, 'problema noto': 2.5, 'for anyone': 2,
    // Trains stopped: "metro ferma tra due stazioni da 25 minuti", "signal failure at York".
    'metro ferma': 2.5, 'treno fermo': 2.5, 'treni fermi': 2.5, 'signal failure': 3,
    'anyone else': 2.5, "anyone else's": 2.5, 'is it just me': 2.5, 'just me': 1.5, 'everyone': 1.5, 'whole area': 3, 'whole city': 3, 'across': 1,
    'no service': 2.5, 'no signal': 2.5, 'network down': 3, 'service down': 3, 'is down': 2.5, 'is it down': 2.5, 'went down': 2.5, 'again': 1,
    // Power cuts and stopped trains are outages. Not "everywhere" or "half of": "oil everywhere", "half of the legroom".
    'power cut': 3, 'power cuts': 3, 'senza luce': 2.5, 'senza corrente': 2.5, 'circolazione bloccata': 3, 'circolazione sospesa': 3,
    'circolazione interrotta': 3, 'circolazione rallentata': 2.5, 'tutti quelli che conosco': 2.5,
    // A place all of which has the problem (AREA_CUES); not "tutta la giornata", "all day": time is no place.
    'tutto il palazzo': 3, 'tutto il condominio': 3, 'tutto lo stabile': 3, "tutto l'isolato": 3, 'tutta la via': 3, 'tutta la strada': 3,
    'tutta la città': 3, 'tutto il paese': 3, 'tutta la regione': 3, 'tutta la provincia': 3, 'tutta la linea': 2.5, 'tutte le linee': 2.5,
    'whole building': 3, 'entire building': 3, 'whole block': 3, 'entire street': 3, 'entire city': 3, 'whole neighbourhood': 3,
    'whole neighborhood': 3, 'entire area': 3,
    // A strike. And a failure asked about as everyone's ("payments failing for everyone?"): worth nothing by
    // itself, these only make a problem asked about an outage (SHARED_PROBLEM_CUES); "posted your reply for
    // everyone to see" is none.
    'sciopero': 2, 'scioperi': 2, 'for everyone': 0, 'per tutti': 0,
    // A site or an app that is down ("sito giù da un'ora"), a train stopped between two stations.
    'sito giù': 2.5, 'app giù': 2.5, 'server giù': 2.5, 'ferma tra': 2.5, 'fermo tra': 2.5, 'fermi tra': 2.5,
    // Offices without water, dozens of customers asking, anyone who tries: "senz'acqua da ieri", "siamo in decine".
    "senz'acqua": 2.5, 'senza acqua': 2.5, 'siamo in decine': 2, 'siamo in centinaia': 2, 'chiunque provi': 1.5,
    // A whole Italian service stopped: "Tutti i bus della linea 3 fermi in deposito". (Not the English "all flights":
    // the airline set labels it a complaint, docs/decisions.md `linear-16`.)
    'tutti i bus': 1.5, 'tutti gli autobus': 1.5, 'tutti i treni': 1.5, 'tutti i voli': 1.5,
    // "Il sito va in errore a chiunque provi a comprare, nessuno ci riesce".
    'nessuno ci riesce': 2.5, 'a chiunque': 1.5, 'per chiunque': 1.5, 'in tutti i': 1.5, 'in tutte le': 1.5, 'per nessuno': 0,
  },
  question: {
    'it:come': 1, 'quando': 1, 'perché': 1, 'perchè': 1, 'perche': 1, 'dove': 1, 'quanto': 1, 'quanti': 1, 'quale': 1, 'chi': 0.5,
    'qualcuno sa': 2.5, 'sapete': 2, 'come faccio': 2.5, 'come posso': 2.5, 'si può': 1.5, 'è possibile': 1.5, 'posso': 0.5,
    'mi spiegate': 2, 'vorrei sapere': 2.5, 'volevo sapere': 2.5, 'volevo chiedere': 2.5, 'vorrei chiedere': 2.5,
    'mi sapete dire': 2.5, 'vorrei capire': 2, 'ho bisogno': 1, 'avrei bisogno': 1.5, 'ho bisogno di aiuto': 2.5, 'ho bisogno di una mano': 2.5, 'mi serve una mano': 2.5, 'need a hand': 2.5, 'aiutatemi': 2.5, 'parlare con un operatore': 2.5, 'parlare con qualcuno': 2,
    'parlare con un responsabile': 2.5, 'speak to someone': 2, 'talk to someone': 2, 'speak to a human': 2.5, 'talk to a human': 2.5,
    'potete aiutarmi': 2.5, 'mi aiutate': 2.5, 'need help': 2.5, 'can you help': 2.5, 'could you help': 2.5, 'i would like to know': 2.5, "i'd like to know": 2.5, 'wondering if': 2, 'i was wondering': 2, 'info': 1, 'informazioni': 1, 'domanda': 2, 'how': 1, 'why': 1, 'when': 1, 'where': 1, 'what': 0.5,
    'which': 0.5, 'how do i': 2.5, 'how can i': 2.5, 'anyone know': 2.5, 'does anyone': 2, 'is there a way': 2.5, 'is it possible': 2,
    'can i': 1, 'do you': 1, 'question': 2, 'any idea': 2,
  },
  praise: {
    'grazie': 1.5, 'grazie mille': 2.5, 'complimenti': 2.5, 'bravi': 2, 'bravissim*': 2.5, 'ottim*': 2, 'top': 1.5, 'perfett*': 1.5,
    'fantastic*': 2, 'eccezional*': 2, 'eccellente': 2, 'velocissim*': 2, 'impeccabile': 2.5, 'gentilissim*': 2, 'consiglio': 1,
    'lo consiglio': 2, 'mi piace': 1.5, 'mi piacciono': 1.5, 'soddisfatt*': 2, 'contento': 1.5, 'contenta': 1.5, 'finalmente': 0.5, 'risolto': 1.5, 'risolta': 1.5,
    'benissimo': 2, 'mi trovo ben*': 2.5, 'mi sono trovat* bene': 2.5, 'così bene': 1.5, 'happy with': 1.5, 'very happy': 2,
    'thanks': 1.5, 'thank you': 2, 'great': 1.5, 'love': 1.5, 'amazing': 2, 'awesome': 2, 'kudos': 2.5, 'excellent': 2, 'best': 1,
    'perfect': 1.5, 'recommend': 2, 'shout out': 2, 'lifesaver': 2.5, 'impressed': 2, 'fixed': 1, 'sorted': 1, 'well done': 2.5,
    'thanks for fixing': 2, 'thank you for fixing': 2, 'thanks for sorting': 2, 'thank you for sorting': 2,
    // The negated disappointment (NEGATABLE_COMPLAINT_CUES), said as praise; whole, because a negator before a praise cue turns it into a complaint.
    'non mi ha mai deluso': 2.5, 'non mi hanno mai deluso': 2.5, 'non delude mai': 2, 'non mi delude mai': 2, 'never disappoint*': 2,
    'never been disappointed': 2, 'never let me down': 2,
    // How thanks and liking are typed in a hurry.
    'thx': 1.5, 'thnx': 1.5, 'thanx': 1.5, 'tnx': 1.5, 'luv': 1.5, 'grz': 1.5, 'graziee*': 1.5, 'shoutout': 2, 'much better': 1.5,
    'even better': 1.5, 'siete i migliori': 2.5, 'sei il migliore': 2, 'è il migliore': 1.5, 'è la migliore': 1.5, 'niente male': 2, 'mica male': 2,
    // Said as praise; the problem word itself is negated (NEGATABLE_PROBLEM_CUES).
    'nessun problema': 1.5, 'mai un problema': 2, 'zero problemi': 2, 'never had a problem': 2, 'never had any problem*': 2,
    'never had an issue': 2, 'never had any issue*': 2,
    // Praise said through a negation: the negated words inside them do not make a complaint of it.
    "can't thank you enough": 3, 'cannot thank you enough': 3, "couldn't be happier": 3, "couldn't be better": 2.5,
    'never been better': 2.5, "can't complain": 2, 'not a single issue': 2, 'not a single problem': 2, 'nulla da ridire': 2.5,
    'niente da ridire': 2.5, 'non mi posso lamentare': 2.5, 'non posso lamentarmi': 2.5, "non c'è male": 2,
    'commend': 2, 'taken care of': 1.5, 'took care of': 1.5, 'super fast': 2, 'so fast': 1.5, 'insanely fast': 2, 'blazing fast': 2,
    'lightning fast': 2, 'che spettacolo': 1.5, 'refreshing': 1.5, 'as promised': 1.5, 'bolletta chiara': 2, 'bollette chiare': 2, 'molto meglio': 1.5, 'favorite': 1.5, 'favourite': 1.5, 'fav': 1, 'preferit*': 1,
    // A problem solved for the customer, said as praise: "support sorted my roaming in 3 minutes".
    'sorted my': 2, 'sorted out my': 2, 'fixed my': 2, 'mi ha risolto': 2.5, 'mi hanno risolto': 2.5, 'mi avete risolto': 2.5,
    'grazie di tutto': 2, 'thanks for everything': 2, 'è una bomba': 2, 'props to': 2, 'super helpful': 2.5, 'really helpful': 2, 'puntuali': 1, 'puntualissim*': 2,
    // The Italian absolute superlative of what a service is praised for (speed, kindness, ease,
    // looks), which the translated lexicon lacks: "il servizio clienti in chat è rapidissimo",
    // "montature bellissime". Not "carissimo" or "lentissimo": dear and slow are complaints.
    'rapidissim*': 2, 'bellissim*': 2, 'simpaticissim*': 2, 'comodissim*': 2, 'utilissim*': 2, 'cortesissim*': 2, 'efficientissim*': 2,
    'disponibilissim*': 2, 'professionalissim*': 2, 'buonissim*': 2, 'chiarissim*': 1.5, 'precisissim*': 2, 'semplicissim*': 2,
    // Idioms of a job well done: "così si lavora", "non sbagliate un colpo", "promossi", "senza stress", "brilliant".
    'così si lavora': 2.5, 'così si viaggia': 2.5, 'così si fa': 2, 'non sbagliate un colpo': 2.5, 'non sbagliano un colpo': 2.5,
    'promossi': 2, 'promosso': 1.5, 'promossa': 1.5, 'senza stress': 1.5, 'brilliant': 2, 'so much easier': 2, 'much easier': 1.5,
    'dieci e lode': 2.5, 'mi avete conquistat*': 2.5, 'better than advertised': 2, 'better than expected': 2, 'meglio del previsto': 2,
    // Staff praised for how they always are, and credit given: "i commessi sono sempre gentili", "credit where it's due".
    'sempre gentil*': 2, 'sempre disponibil*': 2, 'sempre cortes*': 2, "credit where it's due": 2.5, "credit where credit's due": 2.5,
    'credit to': 1.5,
    // Honest advice, and a customer who says they will come back: "siete stati onesti, tornerò sicuro". Not
    // the singular alone: "a essere onesto…" opens a complaint as often as praise.
    'onesti': 1.5, 'stato onesto': 1.5, 'stata onesta': 1.5, 'onestà': 1.5, 'tornerò sicuro': 2, 'tornerò sicuramente': 2, 'ci tornerò': 1.5,
    'ci torno sicuro': 2,
    'torneremo sicuramente': 2, 'ci torneremo': 1.5, 'will definitely be back': 2, "we'll be back": 1.5,
    // A life or a day saved, thanks that never end, a job done on time: "ha salvato il nostro cane", "non smetteremo mai
    // di ringraziarvi", "arrivato puntuale e ha sistemato il frigo in mezz'ora. Così sì".
    'ha salvato': 2, 'hanno salvato': 2, 'avete salvato': 2, 'saved my': 2, 'saved our': 2, 'ringraziarvi': 2, 'ringraziarti': 2,
    'puntuale': 1, 'ha sistemato': 1.5, 'hanno sistemato': 1.5, 'così sì': 2,
    // "le maestre sono un tesoro", "prezzo onesto, da oggi vado solo lì", "prints are gorgeous", "makes a difference".
    'sono un tesoro': 2, 'è un tesoro': 2, 'prezzo onesto': 2, 'prezzi onesti': 2, 'vado solo lì': 2, 'gorgeous': 2, 'stunning': 2,
    'makes a difference': 1.5, 'makes all the difference': 2,
    // "Che bella la vetrina", "è tutta un'altra cosa", "un libro che cercavo da anni", "Ana is a gem", "fair play to the driver".
    'che bella': 1.5, 'che bello': 1.5, 'che belli': 1.5, 'che belle': 1.5, "è un'altra cosa": 2, "tutta un'altra cosa": 2,
    'cercavo da anni': 2, 'is a gem': 2, 'absolute gem': 2, 'never looked better': 2, 'never looked this good': 2, 'fair play to': 2,
    // "patente presa al primo colpo", "cacio e pepe da urlo, conto onestissimo, torniamo di sicuro", "senza un graffio. Eroi",
    // "fiori freschissimi", "che profumo", "couldn't recommend them more" (whole: the negation inside is praise).
    'al primo colpo': 1.5, 'come un santo': 1.5, 'da urlo': 2, 'onestissim*': 2, 'torniamo di sicuro': 2, 'senza un graffio': 2, 'eroi': 1.5,
    'freschissim*': 2, 'di gioia': 1.5, 'che profumo': 1.5, "couldn't recommend them more": 3, "can't recommend them enough": 3,
    "can't recommend enough": 3, 'on budget': 1.5,
    // "non ha rivali in città" (whole: its negation is praise), "un mito". Not "geniale": said of an ad, one file labels it praise, another a reaction.
    'non ha rivali': 2.5, 'senza rivali': 2, 'ci torniamo': 1.5, 'un mito': 2,
  },
  suggestion: {
    'sarebbe bello': 3.5, 'sarebbe utile': 3.5, 'sarebbe carino': 3.5, 'sarebbe fantastico': 3.5, 'sarebbe comodo': 3.5,
    'vorrei che': 3, 'perché non': 1.5, 'potreste aggiungere': 3.5, 'potreste mettere': 3.5, 'potreste fare': 3, 'suggerisco': 3.5, 'suggerire': 3, 'vorrei proporre': 3,
    'suggerimento': 3, 'propongo': 3, 'proposta': 2, 'mi piacerebbe': 3, 'manca': 1, 'mancano': 1, 'aggiungete': 3,
    'please add': 3.5, 'it would be great': 3.5, 'would be great': 3, 'would be nice': 3, 'would love': 2.5, 'feature request': 3.5,
    'i wish': 2.5, 'you should': 2, 'why not add': 3.5, 'consider adding': 3.5, 'could you add': 3.5, 'how about': 1.5,
    'suggestion': 3, 'idea': 1, "ho un'idea": 2,
    // "Consiglio: mettete la possibilità di pagare con Satispay" ("consiglio" alone is praise: "lo consiglio").
    'dovreste': 2, 'mettete': 2, 'allungate': 2, 'aprite anche': 2, 'la possibilità di': 1, 'vi consiglio di': 3, 'should add': 3, 'bring back the': 2.5,
    'please bring back': 3, 'an option to': 1.5, 'the option to': 1.5, 'option for': 1.5, 'would be cheaper': 2,
    // "Vela dovrebbe offrire uno sconto agli studenti", "Vela should offer eSIM for smartwatches". Not "dovrebbe fare" or "can
    // you add": "cosa dovrebbe fare il governo?", "can you add my KTN to the reservation?" ask or request.
    'dovrebbe offrire': 3, 'should offer': 3, 'should introduce': 3,
    'idea per': 2, 'idea for': 2,
    // "ci vorrebbe un'app per…", "direi di mettere un promemoria…", "please do a smaller bag option",
    // "perché non fate una sera con i film in lingua originale?".
    'ci vorrebbe': 2.5, 'servirebbe': 2, 'direi di': 2, 'please do a': 2, 'perché non fate': 2, 'perché non mettete': 2.5,
  },
  service: {
    'bollett*': 1.5, 'fattur*': 1.5, 'pagament*': 1, 'ricarica': 1, 'credito': 1, 'sim': 1.5, 'esim': 1.5, 'portabilità': 1.5,
    'attivazione': 1.5, 'attivare': 1, 'modem': 1.5, 'router': 1.5, 'fibra': 1.5, 'adsl': 1.5, 'linea': 1, 'rete': 1, 'segnale': 1,
    'copertura': 1, 'roaming': 1.5, 'giga': 1, 'contratto': 1, 'assistenza': 1.5, 'operatore': 1, 'call center': 1.5,
    'servizio clienti': 1.5, 'account': 1, 'password': 1, 'login': 1, 'accesso': 1, 'consegna': 1.5, 'spedizione': 1.5, 'corriere': 1.5,
    'ordine': 1, 'pacco': 1, 'tecnico': 1.5, 'tecnici': 1.5, 'appuntamento': 1, 'installazione': 1.5, 'carta': 1, 'bancomat': 1.5, 'bonifico': 1.5, 'conto corrente': 1.5, 'rubat*': 1, 'smarrit*': 1.5,
    'bloccare': 1, 'disattivazione': 1.5, 'contatore': 1.5, 'bagagli*': 1.5, 'biglietto': 1, 'prenotazione': 1, 'volo': 1,
    'treno': 1, 'credenziali': 1, 'reso': 1.5, 'è incluso': 1.5, 'sono inclusi': 1.5, 'is included': 1.5, 'in manutenzione': 1.5, 'sinistro': 1.5, 'risarciment*': 1.5, 'polizza': 1.5,
    'preventivo': 1, 'agenzia': 0.5, 'filiale': 1, 'rider': 1, 'autobus': 1, 'fermata': 1, 'tariffa': 1, 'ho ordinato': 1.5,
    'disattivare': 1, 'servizi a pagamento': 1.5, 'servizio a pagamento': 1.5, 'penale': 1.5, 'app': 0.5, 'internet': 1,
    'bill': 1.5, 'billing': 1.5, 'invoice': 1.5, 'payment': 1, 'top-up': 1, 'activation': 1.5, 'activate': 1, 'fiber': 1.5, 'fibre': 1.5,
    'broadband': 1.5, 'wifi': 1, 'wi-fi': 1, 'signal': 1, 'coverage': 1, 'en:data': 0.5, 'contract': 1, 'support': 1.5,
    'customer service': 1.5, 'agent': 1, 'delivery': 1.5, 'courier': 1.5, 'order': 1, 'package': 1, 'parcel': 1, 'technician': 1.5,
    'appointment': 1, 'installation': 1.5, 'help': 1.5, 'aiuto': 1.5, 'help me': 1.5, 'dm': 0.5,
    // A customer following up a conversation in private: "Scritto in DM, aspetto risposta".
    'in dm': 1.5, 'in privato': 1.5, 'sent you a dm': 2, 'sent a dm': 2, 'dmed': 2, "dm'd": 2, 'check your dm': 2, 'check dm': 2,
    'numero': 0.5, 'il mio numero': 1,
  },
  marketing: {
    'campagna': 2, 'spot': 2, 'pubblicità': 2, 'sponsor*': 2, 'testimonial': 2, 'influencer': 2, 'concorso': 2, 'nuova offerta': 2,
    'offerta': 1, 'nuova collezione': 2, 'lancia': 1.5, 'lancio': 1.5, 'annuncia': 2, 'comunicato stampa': 3, 'partnership': 2, 'acquisizione': 2,
    'ricavi': 2.5, 'fatturato': 2.5, 'trimestre': 2, 'amministratore delegato': 2.5, 'secondo i dati': 2, 'milioni di clienti': 2,
    'meglio di': 1.5, 'ho cambiato operatore': 2, 'rispetto a': 1, 'jingle': 2, 'canzone': 1, 'cartellone': 2, 'evento': 1, 'festival': 1.5, 'concerto': 1.5,
    'campaign': 2, 'commercial': 2, 'advert': 2, 'en:ad': 1, 'ads': 1.5, 'sponsored': 2.5, 'press release': 3, 'announces': 2, 'announced': 2,
    'launches': 2, 'launched': 1.5, 'revenue': 2.5, 'quarter': 2, 'ceo': 2, 'acquisition': 2, 'better than': 1.5, 'compared to': 1.5,
    // Collaborations and limited editions: "BrewBox x local roasters collab dropping next week, looks like a limited run".
    'collab': 2, 'limited edition': 2, 'limited run': 2, 'edizione limitata': 2, 'worth it': 1,
    // A shop opening: "BioMarket apre il nuovo punto vendita a Bergamo, inaugurazione sabato".
    // Not "nuovo negozio": "che bello il nuovo negozio, ci torno sicuro" praises it.
    'nuovo punto vendita': 2, 'inaugurazione': 2, 'grand opening': 2.5,
    // A company sold, as the news says; brand content asked about; the brand against a local alternative.
    'acquired by': 2, 'bought by': 1.5, 'according to the news': 2, 'avete visto il video': 2, 'il nuovo video': 2,
    'or a local': 2, 'what do people prefer': 2, 'cosa preferite': 1.5,
    'vs': 1, 'versus': 1, 'billboard': 2, 'event': 1, '#ad': 3, '#adv': 3, '#sponsored': 3, '#pubblicità': 3, '#promo': 2, '#concorso': 2,
    '#giveaway': 1.5, 'new plan': 1.5, 'nuovo piano': 1.5,
    // A brand's own promotion is marketing, not spam (spam needs scam or stuffing cues on top).
    'codice sconto': 2, 'promo code': 2, 'discount code': 2, 'sconto': 1, 'discount': 1, 'offerta lampo': 2, 'flash sale': 2,
    'solo oggi': 1, 'only today': 1, 'approfitta*': 2, 'nuovi clienti': 1.5, 'new customers': 1.5, 'non perdete': 1.5, "don't miss": 1.5,
    'scopri di più': 1.5, 'learn more': 1.5, 'saldi': 1.5, 'black friday': 2, 'cyber monday': 2,
    // Reactions to an advert: "Vela's new ad is everywhere on TV tonight", "l'ho vista in tv".
    'new ad': 2, 'tv ad': 2, 'on tv': 1.5, 'in tv': 1.5, 'in televisione': 1.5, 'nuovo spot': 1, 'on the telly': 2,
    'new unlimited': 1.5, 'unlimited plan': 1,
    // Press: "Intervista all'AD di Vela sul Corriere", "secondo il Sole 24 Ore Vela sta per acquisire…".
    // "Ad di" is the chief executive ("ad" as a preposition comes before a vowel); "sul corriere" is the paper, "il corriere" the courier.
    'intervista': 2, 'interview with': 2, 'it:ad di': 2, 'sul corriere': 2, 'corriere della sera': 3, 'sole 24 ore': 3,
    'acquisire': 2, 'acquisirà': 2, 'acquires': 2, 'acquired': 1.5,
    // Comparisons with competitors and switching being weighed (PRODUCT.md counts comparisons as marketing).
    'partners with': 2, 'costa meno': 1.5, 'costano meno': 1.5, 'prende meglio': 1.5, 'pensando di passare': 2, 'conviene passare': 2, 'vale la pena passare': 2,
    'ne vale la pena': 1.5, 'thinking of switching': 2, 'thinking about switching': 2, 'considering switching': 2, 'should i switch': 2,
    'worth switching': 2, 'worse than': 1, 'peggio di': 1, 'comparing': 1.5, 'comparison': 1.5, 'a confronto': 2, 'confronto tra': 1.5,
    'wins on': 1.5, 'vince su': 1.5, 'blog post': 1.5,
    // Paid partnerships disclosed as such (DISCLOSURES): an influencer's "collab … link in bio #adv" is marketing, not spam.
    '#collab': 2, 'in collaborazione con': 2.5, 'paid partnership': 3, 'partnership retribuita': 3, '#gifted': 2.5,
    // Business news and employees' own posts about their company: "Reuters: Vela in talks to buy…", "Proud to announce I've joined…".
    // Not "award": an airline's "award travel" is a booking with miles.
    'reuters': 2, 'bloomberg': 2, 'financial times': 2.5, 'la repubblica': 2, 'secondo repubblica': 2, 'in talks to': 2, 'in trattativa': 1.5,
    'shares up': 2, 'shares down': 2, 'in borsa': 2, 'proud to announce': 2.5, 'excited to announce': 2.5, 'joined the team': 2,
    "i've joined": 1.5, 'fiero di lavorare': 2.5, 'fiera di lavorare': 2.5, 'premiat*': 1.5,
    // A company's statements and results as the press reports them: "…lo annuncia il gruppo in una nota",
    // "…the company said on Tuesday", record profits, jobs created or cut.
    'in una nota': 2, 'the company said': 2.5, 'in a statement': 2, 'record profits': 2.5, 'utile netto': 2.5,
    'posti di lavoro': 2, 'esuberi': 2.5, 'licenziamenti': 2, 'layoffs': 2.5, 'job cuts': 2.5, 'restructuring': 2,
  },
  spam: {
    'clicca qui': 3, 'click here': 3, 'guadagn*': 2, 'soldi facili': 3, 'easy money': 3, 'make money': 3, 'earn': 1.5, 'crypto': 2.5,
    'bitcoin': 2.5, 'btc': 2, 'forex': 2.5, 'airdrop': 3, 'nft': 2, 'onlyfans': 3, 'link in bio': 3, 'dm for promo': 3.5,
    'dm me for': 2.5, 'iphone gratis': 3, 'free iphone': 3, 'hai vinto': 2.5, 'you won': 2.5, 'winner': 1.5, 'vinci': 1, 'gratis': 1,
    'free': 0.5, 'compra follower': 3.5, 'compro follower': 3.5, 'follower veri': 3, 'buy followers': 3.5, 'free followers': 3.5, 'casino': 2, 'scommesse': 2, 'betting': 2,
    'offerta limitata': 2, 'limited time': 2, 'act now': 2.5, 'investimento garantito': 3.5, 'guaranteed': 1.5, 'passive income': 3,
    'rendita passiva': 3, 'telegram': 1.5, 'whatsapp': 1, 'promo code': 1, 'codice sconto': 1, 'x10': 2, 'x100': 2.5,
    // Work-from-home schemes and fake giveaways: "Guadagna 500€ al giorno da casa, scrivimi in DM".
    'lavoro da casa': 2, 'lavorare da casa': 2, 'work from home': 2, 'guadagni garantiti': 3.5, 'guadagno garantito': 3.5,
    'guaranteed income': 3, 'contattami': 1, 'scrivimi in dm': 1.5, 'scrivimi in privato': 1.5, 'segui il link': 1.5,
    'follow the link': 1.5, 'trading': 1.5, 'scrivimi': 1, 'per vincere': 1.5, 'buoni amazon': 2, 'buono amazon': 2,
    // Paid "signals" groups: "Crypto signals group, 90% win rate, join now before it's full".
    'trading signals': 2, 'crypto signals': 1, 'forex signals': 1, 'segnali di trading': 2, 'win rate': 1.5, 'join now': 1, 'unisciti ora': 1,
    // Loans with no questions asked, seats running out, passive income: "Prestiti veloci senza busta paga".
    'prestiti veloci': 3, 'prestito veloce': 3, 'senza busta paga': 2.5, 'fast loans': 3, 'payday loan*': 2.5, 'no credit check': 2.5,
    'limited places': 1.5, 'posti limitati': 1.5, '#passiveincome': 2.5,
    // Card details asked for a prize, jobs that need no experience: "inserisci i dati della carta qui", "no esperienza, scrivetemi".
    'inserisci i dati': 2.5, 'enter your card details': 3, 'no esperienza': 1.5, 'nessuna esperienza richiesta': 2,
    'no experience needed': 1.5, 'scrivetemi': 1,
    // Crypto "investments" and share-to-win bait: "Investi con me in criptovalute, rendimento garantito", "solo per i primi 100
    // che condividono questo post".
    'criptovalut*': 2.5, 'investi con me': 2.5, 'rendimento garantito': 3, 'garantito': 1, 'solo per i primi': 1.5,
    'condividi questo post': 2, 'condividono questo post': 2, 'share this post': 2, 'vip group': 2, 'join my': 1,
    'tag three friends': 2, 'tag 3 friends': 2, 'tagga tre amici': 2, 'tagga 3 amici': 2, 'for the first': 1,
  },
  bot: {
    'follow for follow': 3.5, 'f4f': 3.5, 'follow4follow': 3.5, 'followback': 3, 'follow back': 3, 'ricambio follow': 3.5,
    'seguimi': 2, 'seguitemi': 2, 'like4like': 3.5, 'l4l': 3, 'auto-generated': 3, 'automated post': 3.5, 'this is an automated': 3.5,
    'sono un bot': 3.5, 'i am a bot': 3.5, "i'm a bot": 3.5, 'beep boop': 3, 'rt if': 2, 'retweet if': 2, 'daily reminder': 1.5,
    '#f4f': 3.5, '#followback': 3, '#l4l': 3, '#bot': 2.5,
    // A feed that signs its posts: "Fonte NavigaLago, pubblicato automaticamente", "Auto-posted 07:00 GMT".
    'pubblicato automaticamente': 3, 'generato automaticamente': 3, 'auto-posted': 3, 'automatically posted': 3, 'posted automatically': 3,
    'auto update every': 3, 'updated every': 2, 'aggiornato ogni': 2, 'refreshed every': 2,
  },
};

/**
 * Parts of hashtags that carry a signal (`#velamobiledown`, `#fibradown`). With `atEnd`, only as the
 * hashtag's last letters and not in `except` (`#countdown`, `#lockdown` are not outages).
 */
export const HASHTAG_CUES: Array<{ contains: string; signal: Signal; weight: number; atEnd?: boolean; except?: readonly string[] }> = [
  {
    contains: 'down',
    signal: 'incident',
    weight: 2,
    atEnd: true,
    except: [
      '#countdown', '#countingdown', '#lockdown', '#meltdown', '#showdown', '#touchdown', '#sundown', '#lowdown', '#smackdown', '#throwdown',
      '#markdown', '#slowdown', '#rundown', '#letdown', '#upsidedown', '#thumbsdown', '#calmdown', '#godown', '#winddown', '#knockdown',
      '#takedown', '#breakdown', '#handsdown', '#turndown', '#turnitdown',
    ],
  },
  { contains: 'outage', signal: 'incident', weight: 2.5 },
  { contains: 'disservizio', signal: 'incident', weight: 2 },
  { contains: 'fail', signal: 'complaint', weight: 1.5 },
  { contains: 'vergogna', signal: 'complaint', weight: 1.5 },
  { contains: 'promo', signal: 'marketing', weight: 1.5 },
  { contains: 'giveaway', signal: 'marketing', weight: 1 },
];

/** Weights of the signals that are not words. */
export const STRUCTURE = {
  /** A question mark anywhere. */
  questionMark: 2,
  /** Links: from this many on, the post looks like promotion… */
  linksSuspicious: 2,
  linksSuspiciousWeight: 1.5,
  /** …and from this many on, like spam. */
  linksSpam: 3,
  linksSpamWeight: 3,
  /** Hashtag stuffing. */
  hashtagsSuspicious: 5,
  hashtagsSuspiciousWeight: 1.5,
  hashtagsSpam: 8,
  hashtagsSpamWeight: 3,
  /** Many @handles in one post: bots tagging accounts. */
  mentionsBot: 5,
  mentionsBotWeight: 1.5,
  /**
   * A machine-made report (a price ticker, the weather, an earthquake feed): at least this many
   * numbers, making at least this share of the numbers and words of three letters or more, with no
   * handle, no question, no care word and no person in it (PERSON_WORDS). Chosen on the dev files:
   * at 4 and 0.3 it fires on trending-topic lists, game codes, score lines and listing bots, and on
   * no tweet to an airline or brand; at 3 numbers it also took people ("iPad 2 … 70% were 1st time users").
   */
  reportNumbers: 4,
  reportNumberShare: 0.35,
  reportWeight: 3,
  /**
   * An automated post by its shape (AUTOMATION_LABEL_WORDS): a label that says it is a bot or
   * automatic flushes the post by itself; a bulletin's label and an hour stamp each count
   * `automatedPartWeight`, so it takes both.
   */
  automatedLabelWeight: 3.5,
  automatedPartWeight: 1.5,
  /** Followers offered with a price or a sales word (FOLLOWER_SALE_WORDS). */
  followersForSaleWeight: 3.5,
  /** Money or a prize promised for an action (PRIZE_WORDS, PROMISE_WORDS, ACTION_WORDS). */
  prizeForActionWeight: 3,
  /** A run of the same character this long (`!!!!!!!!`, `€€€€€€€€`). */
  repeatedChars: 8,
  repeatedCharsWeight: 1,
  /** Share of upper-case letters (with at least `capsMinLetters` letters) that reads as shouting. */
  capsShare: 0.7,
  capsMinLetters: 20,
  /** All caps is spam-like only together with a promotional word. */
  capsWithPromoWeight: 1.5,
  /** Several hashtags and no care vocabulary: campaign or brand chatter. */
  hashtagChatter: 2,
  hashtagChatterWeight: 1,
  /**
   * A question that sets two names side by side ("Vela o Iliad per chi viaggia in Europa?",
   * brand-comparison.ts), with no complaint or outage cue: a comparison with competitors, which
   * PRODUCT.md counts as marketing. Enough to outweigh a care word or two ("data", "rete").
   */
  comparisonWeight: 3,
  /**
   * Where a trained complaint model exists (English), a probability p > 0.5 adds
   * `THRESHOLDS.intent + complaintModelWeight × (p − 0.5)` to complaint: the model's own decision
   * reaches the intent threshold by itself, and a confident one outweighs a question mark. It
   * replaces the negative-sentiment bonus below (the model has learned what negativity means for
   * complaints).
   */
  complaintModelWeight: 4,
  /** Negative sentiment adds `negativeWeight × |score|` to complaint; positive adds to praise. */
  negativeWeight: 2,
  positiveWeight: 2.5,
  /** Applied to the positive-sentiment bonus once for a question mark and once for marketing cues. */
  positiveDampening: 0.5,
  /** Praise cues before a contrast word count this much when a problem is named after it (CONTRAST_WORDS). */
  praiseBeforeContrast: 0.25,
  /** In a review rated this many stars or fewer, praise cues do not count (sentiment-from-rating.ts decides its tone). */
  praiseMaxLowRating: 2,
} as const;

/**
 * Complaint cues that only count when the post also has evidence of a problem (complaint evidence
 * worth at least 1 from other cues, a clearly negative sentiment or the complaint model; or an
 * incident cue): how long something has lasted ("da 3
 * giorni", "for two weeks", durations.ts; "da ieri") is a wait in "senza linea da 3 giorni" and an
 * offer in "free streaming for 3 months".
 */
export const COMPLAINT_NEEDS_PROBLEM: ReadonlySet<string> = new Set([
  // Leaving is a churn threat when something is wrong ("fed up, switching to Iliad") and news otherwise
  // ("thinking of switching to Vela, any thoughts?").
  'switching to', 'passo a', 'cambio operatore',
  'da minuti', 'for minutes', 'da ore', 'da giorni', 'da settimane', 'da mesi', 'da ieri', 'da stamattina', 'da stanotte',
  'for hours', 'for days', 'for weeks', 'for months', 'since yesterday', 'since this morning', 'since last night',
]);

/**
 * Between a negator and a praise cue, these words keep the negation ("non sono soddisfatto", "not
 * very happy"); any other word ends it ("mai stato così bene" is praise).
 */
export const NEGATION_BRIDGES: ReadonlySet<string> = new Set([
  'sono', 'è', 'sei', 'siamo', 'siete', 'era', 'ero', 'mi', 'ci', 'si', 'ti', 'molto', 'troppo', 'così', 'proprio', 'tanto', 'affatto',
  'is', 'am', 'are', 'was', 'were', 'be', 'very', 'so', 'too', 'really', 'that', 'at', 'all',
  // "non mi ha deluso", "has never disappointed", "non è il peggiore", "never get tired of".
  'ha', 'hanno', 'has', 'have', 'been', 'il', 'la', 'the', 'get',
]);
/** Complaint cues (as shown, without a language prefix) that a negator right before turns off: "non mi ha deluso", "never disappoints", "non è peggiorato". */
export const NEGATABLE_COMPLAINT_CUES: ReadonlySet<string> = new Set(['disappoint*', 'tired of', 'delus*', 'delud*', 'peggior*']);
/**
 * Problem words a negator before them turns off: "mai un problema in 5 anni", "nessun problema",
 * "never had any issues", "senza problemi". Only these words may stand between (no articles: in
 * "No, il problema persiste" the "no" answers, it does not negate).
 */
export const NEGATABLE_PROBLEM_CUES: ReadonlySet<string> = new Set(['problem*', 'issue', 'issues']);
export const PROBLEM_NEGATION_BRIDGES: ReadonlySet<string> = new Set([
  'un', 'uno', 'una', 'alcun', 'alcuna', 'ho', 'avuto', 'mai', 'a', 'an', 'any', 'had', 'have', 'ever', 'real', 'single',
]);

/**
 * Sarcasm that names the problem as one more of the same: "Great job, another outage", "Ottimo,
 * un'altra settimana senza linea. Bravi davvero", "Thanks, delayed again". When a complaint or
 * incident cue follows one of these within REPEATED_PROBLEM_WINDOW words (or "again" / "di nuovo"
 * follows it right after), praise cues and a positive sentiment do not count as praise, and the
 * sarcasm adds REPEATED_PROBLEM_COMPLAINT to the complaint. Not "again" before the problem
 * ("thanks again for sorting the refund" is sincere).
 */
export const REPEATED_PROBLEM_BEFORE: ReadonlySet<string> = new Set(['another', 'altra', 'altro', 'ennesimo', 'ennesima', 'ennesimi', 'ennesime']);
export const REPEATED_PROBLEM_AFTER: ReadonlySet<string> = new Set(['again', 'nuovo']);
export const REPEATED_PROBLEM_WINDOW = 4;
export const REPEATED_PROBLEM_COMPLAINT = 1;

/**
 * Sarcastic thanks: "thanks for ignoring all my tweets", "thanks for sending the wrong shirt",
 * "grazie per aver perso il mio pacco". One of SARCASTIC_THANKS, then, within REPEATED_PROBLEM_WINDOW
 * words of the same sentence, one of SARCASTIC_THANKS_FOR (a `*` ends a prefix). Not any problem
 * word: "thanks for sorting the refund" is sincere. Read like a repeated problem (REPEATED_PROBLEM_*).
 */
export const SARCASTIC_THANKS: readonly string[] = ['thanks for', 'thank you for', 'thanks so much for', 'thank you so much for', 'grazie per', 'grazie di'];
export const SARCASTIC_THANKS_FOR: readonly string[] = [
  'ignor*', 'wast*', 'ruin*', 'cancel*', 'overcharg*', 'strand*', 'delay*', 'losing', 'lost', 'wrong', 'expired', 'nothing', 'breaking',
  'perso', 'persa', 'ignorato', 'ignorata', 'ignorarmi', 'rovinato', 'rovinata', 'annullato', 'annullata', 'cancellato', 'cancellata',
  'niente', 'nulla', 'sbagliato', 'sbagliata',
];
/**
 * Sarcastic love: "Love when @x hangs up on you", "I love how I have to fill out a form to give
 * feedback". One of these in a post whose sentiment is not positive, then a complaint or incident cue
 * later in the same sentence, or a negative sentiment. With a positive tone it is love ("gotta love
 * those skycaps, solving problems faster than anyone").
 */
export const SARCASTIC_LOVE: readonly string[] = ['gotta love', 'love it when', 'love when', 'love how', 'i love waiting'];
/** What sarcastic thanks, or sarcastic love with only a negative sentiment, adds to complaint: no cue names the problem, so it must decide alone. */
export const SARCASTIC_PRAISE_COMPLAINT = 2;
/**
 * Thanks for a late answer: "Grazie per avermi risposto dopo 3 settimane", "thanks for getting back
 * to me after 2 weeks". One of SARCASTIC_THANKS, then, within LATE_WINDOW words, one of
 * LATE_AFTER followed within two words by one of LATE_UNITS (days or longer: an answer after two
 * hours may be thanked sincerely). Read like sarcastic thanks.
 */
export const LATE_AFTER: ReadonlySet<string> = new Set(['dopo', 'after']);
/** How many words after the thanks "after" may come ("thanks for getting back to me after 2 weeks"). */
export const LATE_WINDOW = 6;
export const LATE_UNITS: ReadonlySet<string> = new Set(['giorni', 'settimane', 'settimana', 'mesi', 'mese', 'days', 'weeks', 'week', 'months', 'month']);

/**
 * Thanks that close a problem report are politeness, not praise: "Day 3 without wifi. Thanks",
 * "Ordine mai arrivato, grazie". When one of these thanks (not followed by "for"/"per"/"di", which
 * say what is thanked) is the post's only praise cue and comes after cues naming a problem (not
 * negated: "4 flights with no delays! Thank you!") worth at least THRESHOLDS.intent, or the complaint
 * model reads a complaint (p > 0.5, which counts THRESHOLDS.intent), with no contrast
 * word between them and no word of RESOLVED in the post, the thanks and a positive sentiment do not
 * count as praise.
 */
export const POLITE_THANKS: ReadonlySet<string> = new Set(['thanks', 'thank you', 'thx', 'grazie', 'grazie mille', 'grz']);
/**
 * A private message made only of these words ("ok grazie", "thanks!", "perfetto, ricevuto") closes
 * a conversation: nothing is asked, and nothing is praised but the answer just given. At most
 * ACKNOWLEDGMENT_MAX_WORDS words, no question, no link.
 */
export const ACKNOWLEDGMENT_WORDS: ReadonlySet<string> = new Set([
  'ok', 'okay', 'okk', 'grazie', 'mille', 'grz', 'va', 'bene', 'perfetto', 'ricevuto', 'capito', 'ottimo', 'gentilissimi', 'gentilissima', 'gentilissimo',
  'tante', 'thanks', 'thank', 'you', 'so', 'very', 'much', 'thx', 'ty', 'cheers', 'great', 'perfect', 'got', 'it', 'noted', "that's", 'thats',
  'sounds', 'good', 'lovely', 'benissimo', 'top', 'all', 'sorted', 'now', 'done', 'tutto', 'a', 'risolto', 'posto', 'adesso', 'ora',
  'brilliant', 'fab',
]);
export const ACKNOWLEDGMENT_MAX_WORDS = 5;
/**
 * Italian words of the informal "tu", or of a plan made together: a question that opens with
 * someone's handle and holds one of them is put to that person ("@luca_ferrante ti ricordi la
 * crociera CrocieraBlu del 2019?", "@giulia_bnc hai visto che TicketOra ha messo i biglietti?
 * Andiamo?"). Italian writes to a brand with "voi" (or the formal "Lei"), to a friend with "tu";
 * English "you" says neither, so English is left alone.
 */
export const FRIEND_QUESTION_WORDS: ReadonlySet<string> = new Set([
  'ti', 'tu', 'hai', 'sai', 'ricordi', 'vieni', 'andiamo', 'fai', 'vuoi', 'puoi', 'dici', 'pensi', 'sei',
]);
export const THANKED_FOR: ReadonlySet<string> = new Set(['for', 'per', 'di', 'a', 'to']);
export const RESOLVED: ReadonlySet<string> = new Set([
  'fixed', 'sorted', 'resolved', 'solved', 'finally', 'risolto', 'risolta', 'risolti', 'sistemato', 'sistemata', 'finalmente',
  'tornato', 'tornata', 'tornati', 'ripristinato', 'ripristinata',
]);

/**
 * Emoji that roll their eyes: with a praise cue and a cue naming a problem, the praise is sarcasm
 * ("Ottimo servizio, ancora senza linea 🙄"), read like a repeated problem. Without a problem they
 * say nothing about care ("Love the new ad 🙄").
 */
export const EYE_ROLL_EMOJI: ReadonlySet<string> = new Set(['🙄', '🙃', '😒']);

/** A negated praise cue ("non mi trovo bene", "not happy with") counts this much of its weight as complaint. */
/**
 * Words that make the praise cue right after them a wish or a condition, not praise: "would be super
 * helpful", "sarebbe perfetto se…", "could be better". Such a cue does not count (nor as a complaint).
 */
export const HYPOTHETICAL_BEFORE_PRAISE: readonly string[] = ['would', 'would be', "it'd be", "would've been", 'could be', 'sarebbe', 'sarebbe stato', 'sarebbe stata', 'sarebbero'];
export const NEGATED_PRAISE_AS_COMPLAINT = 0.5;

/**
 * Words that turn a post around: in "Ottimo servizio, ma la bolletta è aumentata" or "Great app but
 * it crashes" the point is what follows. Not as the first word ("Ma è normale che…" asks).
 */
export const CONTRAST_WORDS: ReadonlySet<string> = new Set([...CONTRAST_CONJUNCTIONS, 'peccato', 'purtroppo', 'unfortunately', 'sadly']);
/**
 * Contrast words that close their sentence and turn round what came just before them: in "Thanks
 * for the quick reply, my internet is still down though" the point is the problem, named before
 * "though". The problem then counts as the contrast's point, like a problem after "but".
 */
export const TRAILING_CONTRAST_WORDS: ReadonlySet<string> = new Set(['though', 'tho', 'però']);

/**
 * Incident cues that ask whether others have the problem too: with a complaint in the same post
 * ("Anche a voi non funziona WhatsApp?", "Is it just me or is the app broken?") the post reports an
 * outage, so incident wins over complaint. Only when asked: the post has a question mark or the cue
 * opens a sentence ("Anyone else have this problem."), not "more problems than anyone else".
 */
export const SHARED_PROBLEM_CUES: ReadonlySet<string> = new Set([
  'anche voi', 'anche a voi', 'anche da voi', 'a voi va', 'a voi funziona', 'problema generale', 'guasto generale', 'solo a me', 'solo io',
  'qualcun altro', 'anyone else', "anyone else's", 'is it just me', 'just me', 'anyone in', 'qualcuno a', 'qualcuno in zona', 'for anyone',
  'for everyone', 'per tutti', 'per nessuno',
]);

/**
 * Incident cues that place the problem over an area ("in tutta Bologna", "my whole street"): with
 * a complaint in the same post the post reports an outage, so incident wins over complaint, asked
 * or not ("Vela non va in tutta Bologna da un'ora").
 */
export const AREA_CUES: ReadonlySet<string> = new Set([
  'in tutta', 'tutta la zona', 'tutto il quartiere', 'mezza italia', 'i miei vicini', 'tutti i clienti', 'siamo in tanti', 'whole area',
  'whole city', 'whole street', 'tutti quelli che conosco', 'tutto il palazzo', 'tutto il condominio', 'tutto lo stabile', "tutto l'isolato",
  'tutta la via', 'tutta la strada', 'tutta la città', 'tutto il paese', 'tutta la regione', 'tutta la provincia', 'tutta la linea',
  'tutte le linee', 'whole building', 'entire building', 'whole block', 'entire street', 'entire city', 'whole neighbourhood',
  'whole neighborhood', 'entire area', 'a chiunque', 'per chiunque', 'in tutti i', 'in tutte le', 'nessuno riesce', 'nessuno ci riesce',
  'siamo in decine', 'siamo in centinaia', 'chiunque provi', 'tutti i bus', 'tutti gli autobus', 'tutti i treni', 'tutti i voli',
]);

/**
 * Incident cues that name the outage itself, not who else has it ("tutti", "in zona"): they count in
 * full even when no complaint or care word comes with them ("Vela down?", "#VelaDown"), and asked in a
 * question ("Is Vela down in London? Nothing works") they ask whether others have it too, as
 * SHARED_PROBLEM_CUES do. Bare "down" only in a question, where it ends its sentence or one of
 * DOWN_FOLLOWERS comes next ("are the servers down?", "Vela down in London?"). After one of
 * NOT_OUTAGE_BEFORE_DOWN bare "down" is no incident cue at all: "hands down", "never lets me down!",
 * "my driver broke down", "tracking it down" ("is it down?" is a cue of its own).
 */
export const OUTAGE_CUES: ReadonlySet<string> = new Set([
  'down', 'è down', 'è giù', 'is down', 'is it down', 'went down', 'outage', 'blackout', 'network down', 'service down', 'disservizio', 'disservizi',
  'known issue', 'problemi noti', 'problema noto', 'power cut', 'power cuts', 'senza luce', 'senza corrente', 'circolazione bloccata',
  'circolazione sospesa', 'circolazione interrotta', 'sito giù', 'app giù', 'server giù', "senz'acqua", 'senza acqua',
]);
export const DOWN_FOLLOWERS: ReadonlySet<string> = new Set([
  'in', 'again', 'today', 'now', 'right', 'for', 'everywhere', 'anywhere', 'oggi', 'ora', 'adesso', 'ancora', 'a', 'da', 'anche', 'di',
]);
export const NOT_OUTAGE_BEFORE_DOWN: ReadonlySet<string> = new Set([
  'me', 'us', 'him', 'her', 'them', 'it', 'let', 'lets', 'letting', 'turn', 'turned', 'calm', 'sit', 'put', 'lay', 'hands', 'marked', 'write', 'wrote', 'slow', 'slowing', 'back',
  'upside', 'thumbs', 'settle', 'break', 'breaks', 'broke', 'broken', 'breaking', 'cut', 'step', 'stepped',
  'goals', 'points', 'run', 'ran', 'throw', 'knock', 'knocked', 'take', 'took', 'touch', 'touched', 'look', 'looked', 'looking', 'go', 'went', 'going',
]);

/**
 * Advertising disclosures: a post that says it is paid promotion ("#adv", "in collaborazione con")
 * is an influencer's or the brand's own marketing, whose "link in bio" or discount code is not spam
 * by itself. With one, a post is flushed as spam only at THRESHOLDS.flush + DISCLOSED_SPAM_ALLOWANCE
 * (scam cues still get there: "guadagni garantiti … #ad"). Each is also a marketing cue.
 */
export const DISCLOSURES: ReadonlySet<string> = new Set([
  '#ad', '#adv', '#sponsored', '#pubblicità', 'sponsored', '#collab', 'in collaborazione con', 'paid partnership',
  'partnership retribuita', '#gifted',
]);
export const DISCLOSED_SPAM_ALLOWANCE = 2;

/**
 * Complaint cues that make a question rhetorical: with one of them the question mark asks nothing
 * ("Ma vi sembra normale far aspettare un cliente 2 ore?"), so it does not count for `question`.
 */
export const RHETORICAL_QUESTION_CUES: ReadonlySet<string> = new Set([
  'vi sembra normale', 'ma vi sembra', 'come è possibile che', "com'è possibile che", 'quanto ci vuole ancora',
  'parlo da solo', 'qualcuno legge', 'continuate a', 'ma è normale che', 'quando la sistemate', 'quando lo sistemate', 'quando risolvete',
  'how is it possible', 'how hard can it be', 'is anyone reading', 'stiamo scherzando', 'are you kidding', 'you kidding me',
  'me lo spiegate', 'me lo spiega', 'qualcuno me lo spiega',
]);

/**
 * Words that make a question ask for something: information ("quando torna?", "how do I…?") or an
 * action ("potete richiamarmi?"). A short question closing a problem report without any of them
 * ("…da 9 giorni. Che fine ha fatto?", "e adesso?", "siete spariti?") asks for nothing: it is the
 * complaint's last word (`closingQuestionAsksNothing`, classify-mention.ts).
 */
export const REQUEST_WORDS: ReadonlySet<string> = new Set([
  'come', 'quando', 'dove', 'quanto', 'quanti', 'quanta', 'quale', 'quali', 'posso', 'possiamo', 'potete', 'potreste', 'può', 'puoi',
  'serve', 'servono', 'devo', 'dobbiamo', 'bisogna', 'avete', 'fate', 'sapete', 'sa', 'esiste', 'conviene', 'funziona', 'riuscite',
  'how', 'when', 'where', 'which', 'can', 'could', 'should', 'do', 'does', 'is', 'are', 'will', 'would', 'eta', 'anyone', 'any',
]);
/** A closing question of more words than this is a real question, whatever its words. */
export const CLOSING_QUESTION_MAX_WORDS = 5;

/** Words that put a person in a post: a machine-made report has none (`STRUCTURE.reportNumbers`). */
export const PERSON_WORDS: ReadonlySet<string> = new Set([
  'io', 'mi', 'me', 'mio', 'mia', 'miei', 'mie', 'ho', 'sono', 'noi', 'ci', 'abbiamo', 'nostro', 'nostra', 'voi', 'vi', 'avete', 'tu', 'ti',
  'i', "i'm", "i've", "i'll", "i'd", 'my', 'mine', 'we', "we're", 'our', 'us', 'you', 'your', "you're",
]);
/** With a word for followers, these (or a price) make an offer to sell them: "Get 5000 followers cheap". */
export const FOLLOWER_SALE_WORDS: ReadonlySet<string> = new Set([
  'buy', 'get', 'cheap', 'real', 'sell', 'selling', 'vendo', 'vendesi', 'compra', 'compro', 'veri', 'reali', 'economici', 'garantiti', 'instant',
]);

/**
 * A scam or engagement bait promises money or a prize for an action: "Investi 250€ e ricevi 5.000€,
 * scrivimi in DM", "Vinci un iPhone 17! Metti like, tagga 3 amici", "You've been selected for a $500
 * gift card, claim here", "Win a free PS5!! Like, retweet and follow". A post with a sum of money or
 * one of PRIZE_WORDS, one of PROMISE_WORDS and one of ACTION_WORDS (or a link), with no care word and no
 * marketing cue of its own (a brand's declared contest, "#concorso", stays marketing).
 */
export const PRIZE_WORDS: ReadonlySet<string> = new Set([
  'iphone', 'ps5', 'playstation', 'buono', 'buoni', 'voucher', 'gift', 'regalo', 'premio', 'premi', 'prize', 'prizes', 'eth', 'btc', 'bitcoin',
]);
export const PROMISE_WORDS: ReadonlySet<string> = new Set([
  'vinci', 'vincere', 'win', 'winner', 'ricevi', 'ricevere', 'receive', 'guadagna', 'guadagnare', 'earn', 'made', 'turned', 'regalo', 'gratis',
  'free', 'selected', 'selezionato', 'selezionata', 'claim', 'riscatta', 'turn', 'trasforma', 'vinto',
]);
export const ACTION_WORDS: ReadonlySet<string> = new Set([
  'scrivimi', 'contattami', 'dm', 'tagga', 'tag', 'condividi', 'share', 'retweet', 'rt', 'segui', 'follow', 'like', 'commenta', 'comment',
  'clicca', 'click', 'link', 'bio', 'ask', 'chiedimi', 'send', 'invia', 'iscriviti', 'join', 'claim', 'riscatta',
]);

/**
 * Automated posts by their shape (`automatedPost`, classify-mention.ts; the label is `openingLabel`):
 * a feed heads its posts with what it is ("Weather bot:", "[Avviso automatico]", "[AUTO]") or with
 * the kind of bulletin ("Flight status:", "Prezzo aggiornato:"), and stamps them with the hour of the
 * reading ("Updated 08:00", "Prossimo aggiornamento ore 12", "Next check in 15 minutes"). Their words
 * are also a customer's ("il vostro messaggio automatico", "update: still no refund"), so only a post
 * with no person in it (PERSON_WORDS), no @handle, no question and no complaint or outage cue is read
 * this way, and a label that quotes what a brand sent ("Risposta automatica: …") is not one.
 */
export const AUTOMATION_LABEL_WORDS: ReadonlySet<string> = new Set([
  'bot', 'auto', 'automatico', 'automatica', 'automatici', 'automatiche', 'automated', 'automatic', 'autogenerated', 'feed',
  'tracker',
]);
export const BULLETIN_LABEL_WORDS: ReadonlySet<string> = new Set([
  'aggiornamento', 'aggiornato', 'aggiornata', 'update', 'updated', 'status', 'avviso', 'alert', 'allerta', 'bollettino', 'notiziario',
  'meteo', 'weather', 'traffico', 'traffic', 'prezzo', 'prezzi', 'price', 'prices', 'quotazione', 'quotazioni',
]);
/** Label words that quote a message a brand sent: "Risposta automatica: …", "Auto reply: …". */
export const QUOTED_MESSAGE_LABEL_WORDS: ReadonlySet<string> = new Set([
  'risposta', 'messaggio', 'mail', 'email', 'sms', 'reply', 'response', 'message', 'text', 'notifica', 'notification',
]);
/** Words that stamp a reading with its hour, when a number follows within two words ("aggiornato alle 17", "updated 08:15"). */
export const STAMP_WORDS: ReadonlySet<string> = new Set([
  'aggiornato', 'aggiornata', 'aggiornamento', 'agg', 'updated', 'update', 'checked', 'check', 'rilevazione', 'rilevato',
]);

/**
 * Care cues that a scam's call to action uses too ("EARN $500 a day from home… DM me", "scrivimi in
 * privato"): they do not stop `prizeForAction` from reading money promised for an action. A customer's
 * "I sent you a DM" names what was done, and is a cue of its own.
 */
export const CALL_TO_ACTION_CARE_CUES: ReadonlySet<string> = new Set(['dm', 'in dm', 'in privato']);

/**
 * A post that tells what somebody did to its author ("LavaSubito mi ha restituito le camicie con le
 * macchie", "they sent me someone else's order"), naming a brand a topic follows, with no cue any
 * rule knows, is kept for a person rather than flushed (`actedOnAuthor`, classify-mention.ts): one of
 * ACTED_ON_CLITICS, one of ACTED_ON_AUXILIARIES, at most one of ACTED_ON_ADVERBS, then a past
 * participle (PARTICIPLE_ENDINGS, IRREGULAR_PARTICIPLES); or one of ACTED_ON_VERBS before "me"/"us".
 * Not "mi sono", "mi è": what the author did or felt ("mi sono trovato bene").
 */
export const ACTED_ON_CLITICS: ReadonlySet<string> = new Set(['mi', 'ci']);
/** After "me"/"ce", the object pronoun of "me l'hanno battuto", "ce li hanno cambiati". */
export const ACTED_ON_OBJECT_PRONOUNS: ReadonlySet<string> = new Set(["l'", 'lo', 'la', 'li', 'le', 'ne']);
export const ACTED_ON_AUXILIARIES: ReadonlySet<string> = new Set(['ha', 'hanno', 'han', 'avete', 'hai', 'aveva', 'avevano', 'avevate']);
export const ACTED_ON_ADVERBS: ReadonlySet<string> = new Set(['già', 'appena', 'anche', 'pure', 'ancora', 'poi', 'sempre', 'mai', 'solo']);
export const PARTICIPLE_ENDINGS: ReadonlySet<string> = new Set(['ato', 'ata', 'ati', 'ate', 'ito', 'ita', 'iti', 'ite', 'uto', 'uta', 'uti', 'ute']);
export const IRREGULAR_PARTICIPLES: ReadonlySet<string> = new Set([
  'dato', 'data', 'dati', 'messo', 'messa', 'preso', 'presa', 'detto', 'fatto', 'fatta', 'chiesto', 'chiesta', 'rotto', 'rotta', 'perso', 'persa', 'chiuso', 'chiusa',
  'scritto', 'risposto', 'tolto', 'tolta', 'sospeso', 'sospesa', 'spento', 'spenta', 'promesso', 'rimasto',
]);
export const ACTED_ON_VERBS: ReadonlySet<string> = new Set([
  'sent', 'charged', 'billed', 'gave', 'told', 'sold', 'left', 'moved', 'cancelled', 'canceled', 'rebooked', 'switched', 'kicked', 'locked',
  'overcharged', 'emailed', 'texted', 'ignored', 'refused', 'denied', 'downgraded', 'bumped',
]);

/** Incident cues that only count when the post also has complaint evidence ("again" alone is not an outage). */
export const INCIDENT_NEEDS_PROBLEM: ReadonlySet<string> = new Set([
  'again', 'ancora', 'di nuovo', 'tutti', 'everyone', 'across', 'just me', 'solo io', 'anyone in', 'qualcuno a',
  // "Free shipping for everyone": who has it, not that something is wrong.
  'for everyone', 'per tutti',
  // "Il bus ferma tra via Roma e via Po" gives a stop; "ferma tra Garibaldi e Centrale, gente chiusa dentro", a stopped train.
  'ferma tra', 'fermo tra', 'fermi tra',
  // "Sconto a chiunque si iscriva", "in tutti i negozi dal 3 marzo" give an offer.
  'a chiunque', 'per chiunque', 'in tutti i', 'in tutte le', 'chiunque provi', 'tutti i bus', 'tutti gli autobus', 'tutti i treni',
  'tutti i voli',
]);

/** Decision thresholds. */
export const THRESHOLDS = {
  /** spam + bot score at which a post is flushed. */
  flush: 3,
  /** Minimum score for an intent other than `other`. */
  intent: 1.5,
  /** Minimum marketing score for an `other` post to count as marketing. */
  marketing: 1.5,
  /** Minimum service score for an `other` post to stay in the service queue. */
  service: 1.5,
  /** Posts with fewer words and no signal are `no_action`. */
  minWords: 3,
  /**
   * A post with no care, marketing or intent cue whose sentiment is at least this negative (score
   * ≤ −0.3) stays in the service queue at low confidence instead of being flushed as `no_action`,
   * provided the complaint model, where the language has one, gives it at least
   * `keepNegativeComplaintP`. Cross-validated (`npm run nlp:eval`, 2026-11-23; the rule alone, on the
   * `linear-6` models and cues; the whole of `linear-7` is in docs/decisions.md): it keeps 310 more
   * of the airline tweets labelled with a service problem (flushed 677 → 367 of 5,535) and 33 of
   * the complaints set's service tweets flushed before (102 → 69 of 861), against 40 of its 1,033
   * random tweets newly kept (category macro-F1 there 0.767 → 0.761). A wrongly flushed customer
   * costs more than a post to read. The complaint-model floor is what keeps random posts out:
   * without it, even at −0.5, 108 of them were newly kept.
   */
  keepNegative: 0.3,
  keepNegativeComplaintP: 0.3,
  /**
   * Where the language has no complaint model (Italian), only the sentiment can vouch for the post,
   * and the Italian sentiment model reads some promotions as mildly negative ("Codice sconto … solo
   * fino a domenica!" −0.47): there the post must reach −0.5. No labelled Italian category data
   * measures it; the Italian care posts of classify-mention.spec.ts check it.
   */
  keepNegativeWithoutModel: 0.5,
} as const;

/** Ties between intents go to the first in this list (the more actionable one). */
export const INTENT_PRECEDENCE = ['incident', 'complaint', 'suggestion', 'question', 'praise'] as const;
