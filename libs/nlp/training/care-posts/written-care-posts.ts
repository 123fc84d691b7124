import { resolve } from 'node:path';
import { shippedModels } from '../../src/models/pipeline-models';
import { createTopicMatcher } from '../../src/topics/compile-topic-query';
import type { TopicMatcher } from '../../src/topics/topic-document';
import { lexiconBaselines } from '../baselines';
import { loadFileCorpus } from '../corpus';
import { analyseItems, evaluateFile, type FileEvaluation } from '../evaluate';

/**
 * Care posts we wrote ourselves, as customers of Italian companies write to them (a phone company,
 * a bank, an energy supplier, a courier, trains, grocery delivery and more), labelled by us with PRODUCT.md's
 * sentiment, category, intent and flush reason. They copy no data set: the data sets label no
 * Italian complaint, question or outage, and none of them uses a care team's categories. Nothing
 * trains on them.
 *
 * Each file was written before the rules it measures were changed, and is named by how much it
 * was read since (docs/decisions.md, pipeline `linear-10`): `care-posts-a` was read while cues and
 * rules were added, so its figures are in-sample for them; `b` and `c` were each scored unread
 * against the rules of their day, then read to shape one or two rules more; `d` was scored unread,
 * and only its flush errors were read since (for `linear-13`); `e` (new brands: water, a gym, a pharmacy, car hire, pay TV,
 * bike sharing) was written before `linear-11`, scored unread before and after each of its changes,
 * and read once they were made; `f` (a furniture chain, pizza delivery, opticians, a coffee chain, a
 * travel agency) holds posts as they reach a brand through its own channels (comments on its Page,
 * private messages, tags of its account; each record's `brandChannel` says which), was written
 * before `linear-12`, scored unread before and after it, then read; `g` (an internet provider, a
 * bank app, coaches, meal kits, an electronics chain, a British mobile network and an airline) holds
 * posts as a keyword search brings them, small talk included, was written before `linear-13`, scored
 * unread before and after its small-talk rule, then read; `h` (parcel lockers, music streaming,
 * hotels, a metro, online shoes, a British railway, broadband and grocery delivery), written after
 * `linear-13` and scored unread against it and `linear-12`, has not been read since; `i`
 * (energy, post offices, cinemas, scooter sharing, taxis, a bookshop, a British bank, pet supplies
 * and gyms; longer posts, slang and typos), written once `linear-13` was done, was scored unread
 * against it, then its wrong labels were read for `linear-14`; `j` (motorway tolls, gas, fashion
 * e-commerce, insurance, night trains, a health booking app, British broadband, parcels, food
 * delivery and cloud storage), written before `linear-14` and scored unread against it and
 * `linear-13`, was read for `linear-15`; `k` (pharmacy delivery, home alarms, a low-cost airline,
 * laundry, a grocery chain, a condominium app, a British railway, a payments app, hostels and an
 * energy supplier; some posts through the brand's own channels), written by the author of
 * `linear-14` after it but before j was read, and scored against `linear-14` and `linear-15`, was
 * read for `linear-16`; `l` (concert tickets, a parking app, dental clinics, city transport, toys,
 * car repairs, online courses, a bakery, a British charging network and a letting agent), written
 * after `linear-15` and before k was read, was scored unread against `linear-15` and the first rules
 * of `linear-16` (which k shaped), then read for the rest of `linear-16`; `m` (appliance repairs,
 * cruises, buy-now-pay-later, vets, kitchen appliances, a theatre, mortgages, a vegetable box, a
 * British coffee subscription and serviced flats), written before l was read, and `n` (lake ferries,
 * ski passes, an organic supermarket, yoga studios, smart locks, nurseries, a job agency, tyres, British
 * coworking and photo prints), written before m was read, were each scored unread, then read for
 * `linear-16`; `o` (air conditioning, scooter sharing, appliances, fibre, a cinema, books online, a
 * pool and gym, British home cleaning and park and ride), written before n was read, was scored
 * unread, then read for `linear-16`; `p` (water delivery, windscreens, a restaurant chain, removals,
 * computer repairs, a driving school, flowers, holiday homes, British kitchen fitters and dog
 * walkers), written before o was read, was scored unread, then read for `linear-16`; `q` (coffee
 * capsules, mattresses, coaches, home insurance, furniture, opticians, a phone company, ice cream,
 * British sports nutrition and buses), written before p was read, was scored unread, then read for
 * `linear-16`; `r` (car servicing, a digital library, school canteens, building cleaning, refurbished
 * phones, swimming pools, pizza delivery, regional trains, British bin collection and physiotherapy),
 * written before q was read, has not been read: the fairest figures now (it flushes four of its 32
 * customers). Spam and bots carry the tone they are written in (a scam promising money is
 * positive); posts with no action carry `no_action`, and small talk is neutral (it takes no stance
 * on anything a team listens for).
 */
export const WRITTEN_CARE_POSTS: ReadonlyArray<{ name: string; path: string }> = [
  { name: 'care-posts-a (read while the rules were written)', path: resolve(__dirname, 'care-posts-a.jsonl') },
  { name: 'care-posts-b (scored unread, then read for one rule)', path: resolve(__dirname, 'care-posts-b.jsonl') },
  { name: 'care-posts-c (scored unread, then read for two rules)', path: resolve(__dirname, 'care-posts-c.jsonl') },
  { name: 'care-posts-d (scored unread; only its flush errors read since, for linear-13)', path: resolve(__dirname, 'care-posts-d.jsonl') },
  { name: 'care-posts-e (written before linear-11, scored unread through it, then read)', path: resolve(__dirname, 'care-posts-e.jsonl') },
  { name: "care-posts-f (the brand's own channels; written before linear-12, scored unread through it, then read)", path: resolve(__dirname, 'care-posts-f.jsonl') },
  { name: 'care-posts-g (a keyword search; written before linear-13, scored unread through its small-talk rule, then read)', path: resolve(__dirname, 'care-posts-g.jsonl') },
  { name: 'care-posts-h (written after linear-13, scored unread, not read since)', path: resolve(__dirname, 'care-posts-h.jsonl') },
  { name: 'care-posts-i (written after linear-13, scored unread against it and linear-12, read for linear-14)', path: resolve(__dirname, 'care-posts-i.jsonl') },
  { name: 'care-posts-j (written after linear-13, scored unread against it and linear-14, read for linear-15)', path: resolve(__dirname, 'care-posts-j.jsonl') },
  { name: 'care-posts-k (written after linear-14, before j was read; scored against linear-14 and linear-15, read for linear-16)', path: resolve(__dirname, 'care-posts-k.jsonl') },
  { name: 'care-posts-l (written after linear-15, before k was read; scored unread against linear-15, read for linear-16)', path: resolve(__dirname, 'care-posts-l.jsonl') },
  { name: 'care-posts-m (written before l was read; scored unread against linear-15 and linear-16, read for linear-16)', path: resolve(__dirname, 'care-posts-m.jsonl') },
  { name: 'care-posts-n (written before m was read; scored unread against linear-15 and linear-16, read for linear-16)', path: resolve(__dirname, 'care-posts-n.jsonl') },
  { name: 'care-posts-o (written before n was read; scored unread against linear-15 and linear-16, read for linear-16)', path: resolve(__dirname, 'care-posts-o.jsonl') },
  { name: 'care-posts-p (written before o was read; scored unread against linear-15 and linear-16, read for linear-16)', path: resolve(__dirname, 'care-posts-p.jsonl') },
  { name: 'care-posts-q (written before p was read; scored unread against linear-15 and linear-16, read for linear-16)', path: resolve(__dirname, 'care-posts-q.jsonl') },
  { name: 'care-posts-r (written before q was read; scored against linear-15 and linear-16, not read)', path: resolve(__dirname, 'care-posts-r.jsonl') },
];

/**
 * The topics a care team of each brand in the posts would set up: its account and its name. The
 * posts are scored as that team's inbox would show them, so a post written to the brand's account
 * counts as such (`TopicMatcher.handles`).
 */
export const CARE_POST_TOPIC_QUERIES: readonly string[] = [
  '@VelaMobile OR "Vela Mobile"',
  '@BancaFenice OR "Banca Fenice"',
  '@AuroraEnergia OR "Aurora Energia"',
  '@TreniRapidi OR "Treni Rapidi"',
  '@SpesaFacile OR "Spesa Facile"',
  '@LampoExpress OR "Lampo Express"',
  '@StreamItalia OR "Stream Italia"',
  '@NoleggioRapido OR "Noleggio Rapido"',
  '@GiroBici OR GiroBici',
  '@VolaItalia OR "Vola Italia"',
  '@TeleNovaTV OR TeleNova',
  '@PolizzaSerena OR "Polizza Serena"',
  '@PalestraFit OR PalestraFit',
  '@FarmaciaSole OR "Farmacia Sole"',
  '@AcquaVivaSpa OR "AcquaViva"',
  '@OndaFibra OR "Onda Fibra"',
  '@ContoLibero OR "Conto Libero"',
  '@FrecciaBus OR "Freccia Bus"',
  '@GustoBox OR GustoBox',
  '@ElettroStella OR ElettroStella',
  '@BrightCell OR BrightCell',
  '@NimbusAir OR "Nimbus Air"',
  '@PuntoPacco OR PuntoPacco',
  '@SuonoPlay OR SuonoPlay',
  '@AlbergoRiva OR "Albergo Riva"',
  '@MetroLinea OR MetroLinea',
  '@ScarpeVeloci OR ScarpeVeloci',
  '@QuickRail OR QuickRail',
  '@HomeHub OR HomeHub',
  '@FreshCart OR FreshCart',
  '@LuceChiara OR LuceChiara',
  '@PostaVeloce OR PostaVeloce',
  '@CinemaStella OR CinemaStella',
  '@MotoShare OR MotoShare',
  '@TaxiGo OR TaxiGo',
  '@LibreriaPonte OR "Libreria Ponte"',
  '@CityBank OR CityBank',
  '@PetPal OR PetPal',
  '@GymBox OR GymBox',
  '@AutostradaPiu OR AutostradaPiù',
  '@GasNostro OR "Gas Nostro"',
  '@ModaViva OR ModaViva',
  '@AssicuraFacile OR AssicuraFacile',
  '@TrenoNotte OR TrenoNotte',
  '@PrenotaSalute OR PrenotaSalute',
  '@SkylarkBB OR "Skylark Broadband"',
  '@ParcelPoint OR ParcelPoint',
  '@FoodRush OR FoodRush',
  '@CloudNest OR CloudNest',
  '@FarmaVeloce OR FarmaVeloce',
  '@CasaSicura OR CasaSicura',
  '@VoliLow OR VoliLow',
  '@LavaSubito OR LavaSubito',
  '@MercatoVerde OR "Mercato Verde"',
  '@CondominioApp OR CondominioApp',
  '@RailNorth OR RailNorth',
  '@MintPay OR MintPay',
  '@HostelHub OR HostelHub',
  '@VoltHome OR VoltHome',
  '@TicketOra OR TicketOra',
  '@ParkFacile OR ParkFacile',
  '@SorrisoClinic OR SorrisoClinic',
  '@MoviCittà OR MoviCittà',
  '@GiocaMondo OR GiocaMondo',
  '@AutoRiparo OR AutoRiparo',
  '@ScuolaSmart OR ScuolaSmart',
  '@FornoAntico OR "Forno Antico"',
  '@ChargeUp OR ChargeUp OR "Charge Up"',
  '@NestLet OR NestLet',
  '@TelePronto OR TelePronto',
  '@CrocieraBlu OR CrocieraBlu',
  '@PagoSubito OR PagoSubito',
  '@ZampaSana OR ZampaSana',
  '@CucinaPro OR CucinaPro',
  '@TeatroNuovo OR TeatroNuovo OR "Teatro Nuovo"',
  '@MutuoFacile OR MutuoFacile',
  '@OrtoFresco OR OrtoFresco',
  '@BrewBox OR BrewBox',
  '@StayFlex OR StayFlex',
  '@NavigaLago OR NavigaLago',
  '@SciPass OR SciPass',
  '@BioMarket OR BioMarket',
  '@YogaLuce OR YogaLuce',
  '@SmartLock OR SmartLock OR "smart lock"',
  '@AsiloVerde OR AsiloVerde',
  '@LavoroPiu OR LavoroPiù',
  '@PneusItalia OR PneusItalia',
  '@GigWorks OR GigWorks',
  '@SnapPrint OR SnapPrint OR "snap print"',
  '@ClimaCasa OR ClimaCasa',
  '@RuotaLibera OR RuotaLibera OR "ruota libera"',
  '@ElettroCasa OR ElettroCasa',
  '@FibraSud OR FibraSud',
  '@MultiSalaAurora OR "MultiSala Aurora"',
  '@LibriOnline OR LibriOnline',
  '@PalestraOnda OR PalestraOnda',
  '@HomeCleanCo OR HomeCleanCo',
  '@ParkRideUK OR ParkRideUK',
  '@AcquaDolce OR AcquaDolce OR "acqua dolce"',
  '@VetroAuto OR VetroAuto',
  '@OsteriaMia OR OsteriaMia',
  '@TraslochiRapidi OR TraslochiRapidi',
  '@PCdottore OR PCdottore',
  '@GuidaSicura OR GuidaSicura',
  '@FioriOggi OR FioriOggi',
  '@VacanzeMare OR VacanzeMare',
  '@KitchenFit OR KitchenFit OR "kitchen fit"',
  '@PawWalk OR PawWalk',
  '@CaffeTre OR CaffèTre',
  '@DormiBene OR DormiBene OR "Dormi Bene"',
  '@BusAzzurro OR BusAzzurro',
  '@AssicuraCasa OR AssicuraCasa',
  '@ArredaSubito OR ArredaSubito',
  '@OttimaVista OR OttimaVista',
  '@TelefoniaZeta OR TelefoniaZeta',
  '@GelatoRe OR GelatoRe',
  '@FitFuel OR FitFuel',
  '@LocalBus42 OR LocalBus42',
  '@MeccanicaPro OR MeccanicaPro',
  '@BiblioDigitale OR BiblioDigitale',
  '@ScuolaGusto OR ScuolaGusto',
  '@CasaPulita OR CasaPulita',
  '@RiNuovo OR RiNuovo',
  '@AcquaFit OR AcquaFit',
  '@PizzaVolante OR PizzaVolante',
  '@TrenoBlu OR TrenoBlu OR "Treno Blu"',
  '@BrightBins OR BrightBins',
  '@CityPhysio OR CityPhysio',
];

export function carePostTopics(): TopicMatcher[] {
  return CARE_POST_TOPIC_QUERIES.map((query, i) => createTopicMatcher({ id: `brand-${i + 1}`, query }));
}

/** Scores the written posts with the committed models (trained on every dev file; none of these). */
export function evaluateWrittenCarePosts(): Record<string, FileEvaluation> {
  const models = shippedModels();
  const baselines = lexiconBaselines();
  const topics = carePostTopics();
  const out: Record<string, FileEvaluation> = {};
  for (const { name, path } of WRITTEN_CARE_POSTS) {
    const items = loadFileCorpus(path, name);
    out[name] = evaluateFile(items, analyseItems(items, () => models, topics), baselines);
  }
  return out;
}
