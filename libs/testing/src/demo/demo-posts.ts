import type { Category, FlushReason, Intent } from '@ascolto/domain';

/*
 * Demo content about "Vela Mobile" (@VelaMobile, #VelaMobile, summer campaign #VelaEstate), a
 * fictional Italian mobile and fibre operator. Every post, name and handle was written for Ascolto;
 * any resemblance to real people or companies is not intended.
 *
 * `expected` is how a care team member would label the post. It is not what the pipeline says:
 * tests and benchmarks compare the two to measure the pipeline, not to fit it.
 *
 * Some posts carry harmless HTML (as Mastodon or forum feeds do) and a few carry hostile markup in
 * the text or the author's name: the product must show all of it as plain text.
 */

export interface DemoPost {
  /** May contain HTML. */
  text: string;
  author: { name: string; handle: string };
  language: 'it' | 'en';
  expected: { category: Category; intent: Intent; flushReason?: FlushReason };
}

/**
 * The demo's topic, as `npm run demo` sets it up: the pipeline reads the posts through it. "Vela"
 * alone is the brand too, except where it is sailing: the exclusions flush those posts as off_topic.
 */
export const DEMO_TOPIC = {
  name: 'Vela Mobile',
  query: '"Vela Mobile" OR @VelaMobile OR #VelaMobile OR #VelaEstate OR (vela NOT (regata OR randa OR barca OR velista OR nautic* OR "corsi di vela"))',
  languages: ['it', 'en'],
} as const;

const a = (name: string, handle: string) => ({ name, handle });
const service = (intent: Intent) => ({ category: 'service' as const, intent });
const marketing = (intent: Intent) => ({ category: 'marketing' as const, intent });
const flush = (flushReason: FlushReason, intent: Intent = 'other') => ({ category: 'flush' as const, intent, flushReason });

export const DEMO_POSTS: readonly DemoPost[] = [
  // ── Italian: billing ───────────────────────────────────────────────────────────────────────────
  { language: 'it', author: a('Giulia Ferraris', 'giuliaferr'), expected: service('complaint'),
    text: 'Mi avete addebitato due volte la bolletta di giugno @VelaMobile. Ho già fatto reclamo ma nessuno mi risponde. Rivoglio i miei 34,90€' },
  { language: 'it', author: a('Marco Bellandi', 'marcobell_'), expected: service('complaint'),
    text: 'Bolletta di luglio a 58 euro invece di 19,99. Nessun avviso, nessuna spiegazione. Costi nascosti e servizio clienti irraggiungibile #VelaMobile' },
  { language: 'it', author: a('Sara Lombardo', 'saralombi'), expected: service('question'),
    text: 'Qualcuno sa come si scarica la fattura dall\'app Vela? Non trovo più la sezione pagamenti dopo l\'aggiornamento' },
  { language: 'it', author: a('Andrea Conti', 'andreaconti82'), expected: service('complaint'),
    text: '<p>Terzo mese di fila che pago una penale che non dovrei pagare.</p><p>@VelaMobile il rimborso promesso a marzo quando arriva?</p>' },
  { language: 'it', author: a('Federica Neri', 'fedeneri'), expected: service('complaint'),
    text: 'Disdetta inviata a maggio con PEC, a luglio mi arriva ancora la bolletta. Ma state scherzando? Vergogna' },

  // ── Italian: outage and fibre down ─────────────────────────────────────────────────────────────
  { language: 'it', author: a('Luca Moretti', 'lucamoretti'), expected: service('incident'),
    text: 'Fibra Vela down a Bologna da stamattina, anche voi? Tutta la zona di via Saragozza senza internet #VelaMobileDown' },
  { language: 'it', author: a('Chiara Gallo', 'chiaragallo_'), expected: service('incident'),
    text: '@VelaMobile nessuno riesce a chiamare in tutta Torino, rete assente da un\'ora. Che succede??' },
  { language: 'it', author: a('Paolo Ricci', 'pricci'), expected: service('complaint'),
    text: 'La fibra non funziona da tre giorni. Il tecnico doveva venire martedì, non si è visto nessuno. Lavoro da casa e sono bloccato, è urgente' },
  { language: 'it', author: a('Elena Marchetti', 'elenamarch'), expected: service('incident'),
    text: 'Di nuovo senza linea! È la terza volta questa settimana. Solo a me o è un disservizio generale? #VelaMobile' },
  { language: 'it', author: a('Davide Fontana', 'dfontana'), expected: service('complaint'),
    text: 'Internet lentissimo la sera, 3 mega su una fibra da 1 giga. Il modem si disconnette ogni mezz\'ora. Così non si può lavorare' },
  { language: 'it', author: a('Silvia Romano', 'silviaromano'), expected: service('incident'),
    text: 'Ancora blackout della rete Vela in zona Navigli, Milano. Mezza via senza segnale da ieri sera 😡' },
  { language: 'it', author: a('Tommaso Greco', 'tommigreco'), expected: service('incident'),
    text: 'Disservizio in zona Isola? Fibra assente da due ore, @VelaMobile sapete quando torna?' },

  // ── Italian: SIM activation ────────────────────────────────────────────────────────────────────
  { language: 'it', author: a('Roberto Esposito', 'robespo'), expected: service('complaint'),
    text: 'La SIM nuova non si attiva da 4 giorni, la portabilità risulta ancora in corso. Sono senza numero e mi serve per lavoro. Urgente!' },
  { language: 'it', author: a('Martina Greco', 'martigreco'), expected: service('question'),
    text: 'Ho ricevuto la eSIM ma il QR code non funziona sul mio telefono. Come posso attivarla? @VelaMobile' },
  { language: 'it', author: a('Francesco De Luca', 'francideluca'), expected: service('complaint'),
    text: 'Attivazione SIM bloccata: mi chiedono di nuovo il documento che ho già caricato due volte. Procedura assurda' },

  // ── Italian: modem delivery ────────────────────────────────────────────────────────────────────
  { language: 'it', author: a('Valentina Colombo', 'valecolombo'), expected: service('complaint'),
    text: 'Il modem ordinato il 2 giugno non è mai arrivato. Il corriere dice consegnato, ma a casa mia non c\'è niente. Chi mi aiuta?' },
  { language: 'it', author: a('Stefano Barbieri', 'stebarbieri'), expected: service('question'),
    text: 'Quanto ci vuole di solito per la consegna del router Vela? Ordine fatto lunedì, tracking fermo' },
  { language: 'it', author: a('Alessia Rinaldi', 'alessiarinaldi'), expected: service('complaint'),
    text: 'Pacco con il modem arrivato aperto e senza alimentatore. Tre chiamate all\'assistenza e ancora nulla <br>Che pazienza...' },

  // ── Italian: rude support ──────────────────────────────────────────────────────────────────────
  { language: 'it', author: a('Giorgio Mancini', 'giomancini'), expected: service('complaint'),
    text: 'Operatore del servizio clienti maleducato, mi ha chiuso la chiamata in faccia dopo 40 minuti di attesa. Pessimo' },
  { language: 'it', author: a('Laura Costa', 'lauracosta'), expected: service('complaint'),
    text: '@VelaMobile al negozio di Corso Buenos Aires mi hanno trattata malissimo. Volevo solo cambiare offerta, ma nessuno mi ha aiutata' },

  // ── Italian: roaming ───────────────────────────────────────────────────────────────────────────
  { language: 'it', author: a('Matteo Villa', 'matteovilla'), expected: service('complaint'),
    text: 'Tornato dalla Svizzera e trovo 90 euro di roaming. Nessun SMS di avviso, nessun blocco. Ladri' },
  { language: 'it', author: a('Francesca Serra', 'fraserra'), expected: service('question'),
    text: 'Parto per l\'Albania la settimana prossima: il roaming è incluso nella mia offerta Vela o devo attivare un pacchetto?' },

  // ── Italian: questions ─────────────────────────────────────────────────────────────────────────
  { language: 'it', author: a('Simone Ferri', 'simoferri'), expected: service('question'),
    text: 'Come faccio a cambiare l\'intestatario del contratto fibra? Mio padre non c\'è più e vorrei passarlo a mio nome' },
  { language: 'it', author: a('Beatrice Sala', 'bea_sala'), expected: service('question'),
    text: 'Quando arriva la fibra FTTH in via Roma a Lecce? Sul sito risulta "in pianificazione" da un anno' },
  { language: 'it', author: a('Nicola Testa', 'nicolatesta'), expected: service('question'),
    text: 'Domanda per @VelaMobile: se passo dall\'offerta Start alla Giga 200 perdo i minuti residui?' },
  { language: 'it', author: a('Irene Pellegrini', 'irenepel'), expected: service('question'),
    text: 'Perché l\'app mi chiede di nuovo il login ogni volta che la apro? È normale?' },

  // ── Italian: praise ────────────────────────────────────────────────────────────────────────────
  { language: 'it', author: a('Tommaso Guerra', 'tommiguerra'), expected: marketing('praise'),
    text: 'Devo dirlo: il tecnico Vela è arrivato puntuale, gentilissimo, fibra attiva in mezz\'ora. Complimenti @VelaMobile 👏' },
  { language: 'it', author: a('Giada Fabbri', 'giadafabbri'), expected: marketing('praise'),
    text: 'Passata a Vela da un mese: copertura ottima anche in montagna e zero problemi. Lo consiglio!' },
  { language: 'it', author: a('Alberto Caruso', 'albertocaruso'), expected: marketing('praise'),
    text: 'Grazie all\'assistenza in chat, problema della bolletta risolto in 10 minuti. Bravi ❤️' },
  { language: 'it', author: a('Marta Vitale', 'martavitale'), expected: marketing('praise'),
    text: '<p>Finalmente un operatore che risponde sui social! Grazie <a href="https://social.example/@VelaMobile">@VelaMobile</a> per la risposta velocissima</p>' },

  // ── Italian: suggestions ───────────────────────────────────────────────────────────────────────
  { language: 'it', author: a('Emanuele Sartori', 'emasartori'), expected: marketing('suggestion'),
    text: 'Sarebbe bello poter vedere il consumo dei giga giorno per giorno nell\'app, non solo il totale del mese' },
  { language: 'it', author: a('Claudia Bianco', 'claudiabianco'), expected: marketing('suggestion'),
    text: 'Vorrei che Vela offrisse una SIM solo dati per il tablet a prezzo onesto. Ci pensate? @VelaMobile' },
  { language: 'it', author: a('Riccardo Longo', 'riccardolongo'), expected: marketing('suggestion'),
    text: 'Suggerimento per l\'app: aggiungete la modalità scura e la possibilità di pagare con satispay' },

  // ── Italian: campaign chatter ──────────────────────────────────────────────────────────────────
  { language: 'it', author: a('Noemi Cattaneo', 'noemicat'), expected: marketing('other'),
    text: 'Lo spot #VelaEstate con la barca a vela e la canzone anni 80 mi è rimasto in testa tutto il giorno ☀️⛵ #VelaMobile' },
  { language: 'it', author: a('Fabio Morelli', 'fabiomorelli'), expected: marketing('other'),
    text: 'Il cartellone #VelaEstate in stazione Centrale è enorme. Campagna carina, vediamo se l\'offerta è davvero conveniente' },
  { language: 'it', author: a('Camilla Ferrara', 'camiferrara'), expected: marketing('praise'),
    text: 'Mi piace un sacco la nuova campagna #VelaEstate, finalmente una pubblicità che non urla 😄' },
  { language: 'it', author: a('Lorenzo Parisi', 'lorenzoparisi'), expected: marketing('question'),
    text: 'Ma il concorso #VelaEstate per i biglietti del concerto a Rimini è ancora aperto?' },
  { language: 'it', author: a('Arianna Gentile', 'ariannagentile'), expected: marketing('other'),
    text: 'Offerta #VelaEstate 100 giga a 7,99 vs quella dell\'altro operatore a 6,99: meglio di quanto pensassi, ma occhio ai vincoli' },

  // ── Italian: press ─────────────────────────────────────────────────────────────────────────────
  { language: 'it', author: a('TelcoNews Italia', 'telconews_it'), expected: marketing('other'),
    text: 'Vela Mobile annuncia ricavi in crescita del 12% nel secondo trimestre e supera i 3 milioni di clienti, secondo i dati diffusi oggi' },
  { language: 'it', author: a('Il Corriere della Rete', 'corriererete'), expected: marketing('other'),
    text: '<p>Comunicato stampa: Vela Mobile lancia la fibra a 2,5 Gbit/s in 40 nuove città.</p><p><a href="https://news.example/vela-fibra">Leggi l\'articolo</a></p>' },
  { language: 'it', author: a('Radio Mercati', 'radiomercati'), expected: marketing('other'),
    text: 'L\'amministratore delegato di Vela Mobile, in un\'intervista, parla della partnership con i comuni per la copertura 5G nelle aree interne' },

  // ── Italian: spam and bots ─────────────────────────────────────────────────────────────────────
  { language: 'it', author: a('Guadagni Facili', 'soldi_subito_2024'), expected: flush('spam'),
    text: 'GUADAGNA 300€ AL GIORNO DA CASA CON LE CRYPTO!!! Clicca qui 👉 https://promo.example/x1 https://promo.example/x2 https://promo.example/x3' },
  { language: 'it', author: a('Offerte Top', 'offertetop_bot'), expected: flush('bot'),
    text: 'Ricambio follow a tutti 🔁 seguimi e ti seguo #velamobile #follow #seguimi #like #instaitalia #tbt #estate #mare' },
  { language: 'it', author: a('Marco', 'marco83939201'), expected: flush('spam'),
    text: 'Hai vinto un iPhone gratis offerto da Vela Mobile!!! Conferma qui i tuoi dati entro 24 ore: https://vela-premi.example/win' },
  { language: 'it', author: a('Investi Ora', 'investi_ora'), expected: flush('spam'),
    text: 'Stanco della bolletta Vela? Con il nostro metodo forex la paghi in un giorno. Rendita passiva garantita, scrivimi su telegram 💰💰💰' },

  // ── Italian: keyword collisions (sailing, not the operator) ─────────────────────────────────────
  { language: 'it', author: a('Circolo Nautico Garda', 'cngarda'), expected: flush('off_topic'),
    text: 'Regata di domenica: vento perfetto, la vela randa nuova ha fatto la differenza. Complimenti a tutti gli equipaggi!' },
  { language: 'it', author: a('Scuola Vela Tirreno', 'scuolavelatirreno'), expected: flush('off_topic'),
    text: 'Aperte le iscrizioni ai corsi di vela per ragazzi, luglio e agosto. Info in segreteria' },

  // ── Italian: hostile markup (must be shown as text) ────────────────────────────────────────────
  { language: 'it', author: a('Utente Curioso', 'curioso_99'), expected: service('complaint'),
    text: 'Il vostro sito non funziona <script>alert(1)</script> dopo il login la pagina resta bianca @VelaMobile' },
  { language: 'it', author: a('<img src=x onerror=alert(1)> Pietro', 'pietro_x'), expected: service('question'),
    text: 'Buongiorno, è possibile avere una copia del contratto firmato? Non l\'ho mai ricevuta per email' },

  // ── Italian: a few more of the everyday mix ────────────────────────────────────────────────────
  { language: 'it', author: a('Ginevra Rossetti', 'ginevrarossetti'), expected: service('complaint'),
    text: 'Ho chiesto il trasloco della linea un mese fa e sono ancora senza internet nella casa nuova. Ogni settimana una data diversa' },
  { language: 'it', author: a('Daniele Orlando', 'danieleorlando'), expected: service('question'),
    text: 'Ciao @VelaMobile, il modem Vela supporta il wifi 6? Vorrei sapere prima di comprare un ripetitore' },
  { language: 'it', author: a('Vittoria Basile', 'vittoriabasile'), expected: marketing('praise'),
    text: 'Velocità della fibra Vela misurata stasera: 940 mega in download. Niente male davvero 🚀' },
  { language: 'it', author: a('Enrico Farina', 'enricofarina'), expected: service('complaint'),
    text: 'Chiamato 5 volte il 190, 5 risposte diverse sul mio rimborso. Nessuno sa niente, sono stufo' },
  // How people really write: sarcasm, chat shorthand, a question that asks nothing, a threat.
  { language: 'it', author: a('Tommaso Greco', 'tommigreco'), expected: service('complaint'),
    text: "Ottimo @VelaMobile, un'altra settimana senza linea. Bravi davvero 👏" },
  { language: 'it', author: a('Aurora Fumagalli', 'aurorafuma'), expected: service('complaint'),
    text: 'raga nn funziona niente da stamattina, cmq il 190 nn risponde' },
  { language: 'it', author: a('Pietro Caruso', 'pietrocaruso_'), expected: service('complaint'),
    text: 'Ma vi sembra normale far aspettare un cliente 2 ore al telefono per cambiare una SIM?' },
  { language: 'it', author: a('Beatrice Longo', 'bealongo'), expected: service('complaint'),
    text: "Se entro venerdì non risolvete il doppio addebito vado dall'avvocato e faccio segnalazione all'AGCOM" },
  // A reaction to the advert and an influencer's disclosed promotion: marketing, not care and not spam.
  { language: 'it', author: a('Chiara Valli', 'chiaravalli'), expected: marketing('other'),
    text: 'Avete visto il nuovo spot Vela con il cane in tv? Mia figlia canta il jingle tutto il giorno 😂' },
  { language: 'it', author: a('Nico Fontana', 'nicofontana_tech'), expected: marketing('other'),
    text: 'Unboxing del nuovo Vela Phone 5G in collaborazione con @VelaMobile, recensione completa link in bio #adv' },

  // ── English: complaints ────────────────────────────────────────────────────────────────────────
  { language: 'en', author: a('Oliver Bennett', 'obennett'), expected: service('complaint'),
    text: '@VelaMobile you charged me twice for the June bill and your chat just loops me back to the FAQ. I want a refund, not a bot' },
  { language: 'en', author: a('Hannah Price', 'hannahprice'), expected: service('incident'),
    text: 'Is Vela Mobile down in Milan? No signal at all since 9am, whole office is offline #VelaMobileDown' },
  { language: 'en', author: a('Jack Turner', 'jackturner'), expected: service('complaint'),
    text: 'Roaming charges from my trip to Croatia: €72 for two days of data. Nobody warned me. Never again @VelaMobile' },
  { language: 'en', author: a('Sophie Clarke', 'sophieclarke'), expected: service('complaint'),
    text: 'Ordered the Vela fibre modem 10 days ago, tracking says delivered, nothing here. Still waiting for support to call back' },
  { language: 'en', author: a('Daniel Hughes', 'danhughes'), expected: service('complaint'),
    text: 'Spent 50 minutes on hold and the agent was rude and hung up on me. Worst customer service I have ever dealt with' },
  { language: 'en', author: a('Emily Walsh', 'emilywalsh'), expected: service('incident'),
    text: 'Fibre dropped again tonight in Rome, third outage this week. Anyone else on Vela having issues?' },
  // An outage asked about, and a complaint closed with a polite thanks.
  { language: 'en', author: a('Megan Shaw', 'meganshaw'), expected: service('incident'),
    text: '@VelaMobile is the app down? Can\'t log in to pay my bill' },
  { language: 'en', author: a('Owen Price', 'owenprice'), expected: service('complaint'),
    text: 'Third day without internet at home. Thanks @VelaMobile' },
  { language: 'en', author: a('Ryan Cooper', 'ryancooper'), expected: service('complaint'),
    text: 'My new SIM still isn\'t working after 3 days and I can\'t port my number. I need my phone for work, this is urgent' },

  // ── English: questions ─────────────────────────────────────────────────────────────────────────
  { language: 'en', author: a('Grace Mitchell', 'gracemitchell'), expected: service('question'),
    text: 'How do I activate roaming before I travel to the UK? Is it included in the Giga 100 plan?' },
  { language: 'en', author: a('Liam Foster', 'liamfoster'), expected: service('question'),
    text: 'Does anyone know if Vela Mobile supports eSIM on the Pixel 8? The store staff weren\'t sure' },
  { language: 'en', author: a('Chloe Adams', 'chloeadams'), expected: service('question'),
    text: 'Moving to Florence next month as an exchange student. Which Vela plan is best for lots of data and calls home?' },
  { language: 'en', author: a('Ethan Brooks', 'ethanbrooks'), expected: service('question'),
    text: '<p>Quick question for @VelaMobile:<br>can I keep my number if I switch from prepaid to a monthly contract?</p>' },

  // ── English: praise ────────────────────────────────────────────────────────────────────────────
  { language: 'en', author: a('Amelia Reed', 'ameliareed'), expected: marketing('praise'),
    text: 'Shout out to @VelaMobile support, sorted my billing problem in one chat. Quick, friendly and no script reading. Thank you!' },
  { language: 'en', author: a('Noah Bailey', 'noahbailey'), expected: marketing('praise'),
    text: 'Been with Vela for a year now. Great coverage in the Dolomites and the fibre has been rock solid. Recommend' },
  { language: 'en', author: a('Isla Morgan', 'islamorgan'), expected: marketing('praise'),
    text: 'Love the new Vela app, paying the bill takes two taps now 😍' },
  { language: 'en', author: a('<img src=x onerror=alert(1)>', 'imgfan'), expected: marketing('praise'),
    text: 'The technician was amazing, installed the fibre and even helped set up my printer. Kudos @VelaMobile' },

  // ── English: suggestions ───────────────────────────────────────────────────────────────────────
  { language: 'en', author: a('Lucas Gray', 'lucasgray'), expected: marketing('suggestion'),
    text: 'It would be great if @VelaMobile added a family plan where we can share data between four SIMs' },
  { language: 'en', author: a('Mia Howard', 'miahoward'), expected: marketing('suggestion'),
    text: 'Feature request for the Vela app: please add usage alerts when I hit 80% of my data' },
  { language: 'en', author: a('Oscar Ward', 'oscarward'), expected: marketing('suggestion'),
    text: 'I wish Vela would offer a data-only SIM for my car wifi. Would be nice for road trips' },

  // ── English: campaign chatter and press ────────────────────────────────────────────────────────
  { language: 'en', author: a('Ella Murphy', 'ellamurphy'), expected: marketing('other'),
    text: 'That #VelaEstate ad with the sailing boat keeps showing up on every channel here in Italy ⛵ #VelaMobile' },
  { language: 'en', author: a('Travel Light Blog', 'travellightblog'), expected: marketing('other'),
    text: 'Comparing Italian SIMs for travellers: Vela Mobile vs the big three. Vela wins on price, loses on shop availability <a href="https://blog.example/italian-sims">full post</a>' },
  { language: 'en', author: a('Freya Collins', 'freyacollins'), expected: marketing('other'),
    text: 'The #VelaEstate campaign billboard at Milano Centrale is massive. Good luck missing it' },
  { language: 'en', author: a('Telecom Wire', 'telecomwire'), expected: marketing('other'),
    text: 'Press release: Vela Mobile announces a partnership with a Nordic vendor to roll out 5G standalone across northern Italy' },
  { language: 'en', author: a('Markets Today', 'marketstoday'), expected: marketing('other'),
    text: 'Vela Mobile revenue up 12% in Q2 as the CEO bets on fibre in smaller towns' },

  // ── English: spam and bots ─────────────────────────────────────────────────────────────────────
  { language: 'en', author: a('Crypto King', 'cryptoking_777'), expected: flush('spam'),
    text: 'Make money from home!!! Earn $500 a day with bitcoin trading, click here https://earn.example/a https://earn.example/b 🚀🚀🚀' },
  { language: 'en', author: a('Follow Train', 'followtrain_bot'), expected: flush('bot'),
    text: 'follow for follow 🔁 #f4f #followback #like4like #velamobile #instagood #photooftheday #love #tbt' },
  { language: 'en', author: a('Promo Deals', 'promodeals4u'), expected: flush('spam'),
    text: 'DM FOR PROMO 📩 Cheap Vela SIMs, free followers, limited time only!!!!!!!! link in bio' },
  { language: 'en', author: a('Daily Bot', 'vela_status_bot'), expected: flush('bot'),
    text: 'This is an automated post. Daily reminder: #VelaMobile #Vela #Italy #telecom #5G #fibre #mobile #deals' },

  // ── English: everyday mix ──────────────────────────────────────────────────────────────────────
  { language: 'en', author: a('Harry Scott', 'harryscott'), expected: service('complaint'),
    text: 'Third month in a row my bill is higher than the advertised price. Hidden fees everywhere, thinking of cancelling' },
  { language: 'en', author: a('Ava Russell', 'avarussell'), expected: service('question'),
    text: 'Where can I find my PUK code? Locked my SIM after too many tries 🙈' },
] as const;
