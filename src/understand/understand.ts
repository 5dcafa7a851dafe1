/**
 * From a message to a decision, in one pipeline: a reading of the message; evidence sources of one shape
 * (each a file in sources/, listed below), merged; one ranking; one decision policy. Each source can be
 * turned off (`without`), so its part can be measured on the question sets.
 */
import type { Catalog } from "../catalog/schema.ts";
import { type Analyzer, createAnalyzer } from "./analyzer.ts";
import { buildContentRanker } from "./content-ranking.ts";
import type { Understanding } from "./decision.ts";
import { type EvidenceSource, type MergedEvidence, mergeFindings, sourcePart } from "./evidence.ts";
import { compact, createSynonymTable, fold } from "./normalize.ts";
import { createPolicy } from "./policy.ts";
import { createRanking } from "./ranking.ts";
import { type MessageReading, type Span, createMessageReader } from "./reading.ts";
import { contactsSource } from "./sources/contacts.ts";
import { contentSource } from "./sources/content.ts";
import { createExampleIndex, examplesSource } from "./sources/examples.ts";
import { relatedSource } from "./sources/related.ts";
import { loadRelatedWords } from "./related-words.ts";
import { termsSource } from "./sources/terms.ts";
import { buildTermIndex } from "./term-index.ts";
import { ASPECT_NOUNS, type Lexicon, type Word, createCatalogReader, createLexicon, verbOfStem, wordKey } from "./words.ts";

/** LINE delivers at most 5,000 characters; anything longer is not a question we can read. */
export const MAX_TEXT_LENGTH = 5000;
const MAX_RESOURCES = 5;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * The parts that can be left out to measure what each adds: the evidence sources (in the order their findings
 * are merged); `subject`, the reading of which words set the scene and which say what is asked; and two
 * kinds of answer of the decision: `chatter` (a remark answered as such) and `clarify` (asking which of a few).
 */
export const partNames = ["contacts", "terms", "content", "related", "examples", "subject", "chatter", "clarify"] as const;
export type PartName = (typeof partNames)[number];

export interface UnderstanderOptions {
  analyzer?: Analyzer;
  /** Parts to leave out. */
  without?: readonly PartName[];
}

let sharedAnalyzer: Analyzer | undefined;
/** One analyzer per process: loading the dictionary is the expensive part. */
export function defaultAnalyzer(): Analyzer {
  sharedAnalyzer ??= createAnalyzer();
  return sharedAnalyzer;
}

/**
 * Everything built once from the catalog. Its own function, so the analysed catalog texts (cached
 * while building) are left to the garbage collector instead of staying with every message.
 */
function buildIndexes(catalog: Catalog, lexicon: Lexicon, { withExamples, withRelated }: { withExamples: boolean; withRelated: boolean }) {
  const { synonyms } = lexicon;
  const reader = createCatalogReader(lexicon);
  const wordsOfText = (text: string) => reader.keysOf(text);
  // Every word the catalog uses anywhere: a question made of other nouns is about something else.
  const { vocabulary } = catalog;
  const catalogTexts = [
    ...catalog.resources.flatMap((r) => [r.name, r.officialName, r.organization, r.summary, r.target ?? "", ...r.aliases, ...r.keywords, ...r.topics.flatMap((t) => t.terms)]),
    ...catalog.categories.flatMap((c) => [c.name, c.lead, ...c.aliases, ...c.keywords]),
    ...catalog.regions.flatMap((r) => [r.name, ...r.hints]),
    ...[vocabulary.availability, vocabulary.time, vocabulary.phone, vocabulary.inquiry, vocabulary.greetings, vocabulary.thanks, vocabulary.help, vocabulary.listing].flat(),
    ...[vocabulary.qualifiers, vocabulary.anchors, vocabulary.programmeSuffixes, vocabulary.synonyms.flat(), Object.values(vocabulary.askedTime).flat()].flat(),
    // Words that ask about what was shown or one of its details (リンク, 出典), and the pages' labels (PDF): the
    // catalog's own words, not another subject.
    ...Object.values(vocabulary.followUp).flat(2),
    ...Object.values(vocabulary.details).flat(),
    ...catalog.resources.flatMap((r) => r.links.map((l) => l.label)),
  ];
  // Whole entries too: コンニチハ is one unknown word, and it is the greeting こんにちは.
  // And each word of a compound the lexicon reads as one (仕事 of 家で仕事).
  // The words of the questions a resource answers (its examples) are the domain's everyday words too (部下).
  const inScopeExamples = withExamples ? catalog.resources.flatMap((r) => r.examples.map((e) => e.text)) : [];
  const knownWords = new Set([
    ...[...catalogTexts, ...inScopeExamples].flatMap(wordsOfText),
    ...catalogTexts.map((t) => compact(synonyms.apply(fold(t)))),
    ...catalogTexts.flatMap((t) => reader.tokensOf(t).map((token) => wordKey(token.base, synonyms))),
  ]);
  // The words resources and categories are described with: what a related word may lead to.
  const describing = [
    ...catalog.resources.flatMap((r) => [r.name, r.officialName, r.organization, r.summary, r.target ?? "", ...r.aliases, ...r.keywords, ...r.topics.flatMap((t) => t.terms)]),
    ...catalog.categories.flatMap((c) => [c.name, c.lead, ...c.aliases, ...c.keywords]),
  ];
  const describingTokens = describing.flatMap((t) => reader.tokensOf(t));
  const describingKeys = new Set(describing.flatMap(wordsOfText));
  // What the domain's questions are about: the words resources are described with, and those of the questions they answer.
  const subjectWords = new Set([...describingKeys, ...inScopeExamples.flatMap(wordsOfText)]);
  const related = withRelated
    ? loadRelatedWords(
        new Set([...describing.map((t) => t.normalize("NFKC")), ...describingTokens.flatMap((t) => [t.surface, t.base])]),
        (word) => wordKey(word, synonyms),
        (key) => describingKeys.has(key),
      )
    : new Map<string, string[]>();
  const categoryWords = new Set(catalog.categories.flatMap((c) => [c.name, ...c.aliases, ...c.keywords]).flatMap(wordsOfText));
  // Words that say how to ask (相談, 電話, 今), set the scene or only qualify (会社, 国): not what a question is about.
  // A part of a setting or qualifier of several words that a category names on its own is that category's subject
  // (ウイルス of 新型コロナウイルス is malware in ウイルス対策ソフトは必要？).
  const categoryOwn = new Set(
    catalog.categories
      .flatMap((c) => [c.name, ...c.aliases, ...c.keywords])
      .map(wordsOfText)
      .filter((words) => words.length === 1)
      .flat(),
  );
  const intentWords = new Set([
    ...[vocabulary.availability, vocabulary.time, vocabulary.phone, vocabulary.inquiry, vocabulary.listing, vocabulary.help, vocabulary.greetings, vocabulary.thanks].flat().flatMap(wordsOfText),
    ...[...vocabulary.setting, ...vocabulary.qualifiers].map(wordsOfText).flatMap((words) => (words.length === 1 ? words : words.filter((w) => !categoryOwn.has(w)))),
  ]);
  const anchorWords = new Set(vocabulary.anchors.flatMap(wordsOfText));
  const employerWords = new Set(vocabulary.employer.flatMap(wordsOfText));
  // Words that ask a detail of what was shown (いくらかかる, 何時まで): alone they ask about nothing yet.
  const detailWords = new Set([...Object.values(vocabulary.details).flat(), ...Object.values(vocabulary.followUp).flat(2)].flatMap(wordsOfText));
  // Category terms made only of words that say what something costs (the catalog's words for a cost detail) and
  // qualifiers (導入費用): they ask what it costs, not for the funding a category of programmes gives.
  // (Only the words that say a cost alone: お金 of お金がかかる is also money given.)
  const alone = (t: string) => wordsOfText(t).length === 1;
  const costKeys = new Set([...vocabulary.details.cost.filter(alone), ...vocabulary.qualifiers].flatMap(wordsOfText));
  // A term's words of their own: a suffix pair (相談+先) is its first word's.
  const ownKeys = (t: string) => lexicon.words(reader.tokensOf(t)).filter((w) => w.noun || w.predicate).map((w) => w.key);
  const categoryTerms = catalog.categories.flatMap((c) => [c.name, ...c.aliases, ...c.keywords]);
  const costOnlyTerms = new Set(categoryTerms.filter((t) => ownKeys(t).length > 0 && ownKeys(t).every((k) => costKeys.has(k))));
  // Category terms made only of words that say how to ask (a consultation desk, an inquiry): they name no area of the domain.
  const howToAskTerms = new Set(categoryTerms.filter((t) => ownKeys(t).every((k) => intentWords.has(k))));
  const genericWords = new Set([...categoryWords, ...anchorWords, ...catalog.regions.flatMap((r) => [r.name, ...r.hints]).flatMap(wordsOfText)]);
  return {
    index: buildTermIndex(catalog, lexicon, reader),
    rankByContent: buildContentRanker(catalog, reader),
    examples: createExampleIndex(catalog, reader),
    related,
    knownWords,
    subjectWords,
    describingKeys,
    intentWords,
    anchorWords,
    employerWords,
    genericWords,
    howToAskTerms,
    costOnlyTerms,
    detailWords,
  };
}

/** Particles that make the noun before them what the word after them is done to, or whose it is. */
const OBJECT_PARTICLES = new Set(["を", "が", "の"]);

/** Parts of speech of nouns that say a quality or a time (便利, 大事, 最近): no field of their own. */
const QUALITY_POS1 = new Set(["形容動詞語幹", "副詞可能", "ナイ形容詞語幹"]);

export function createUnderstander(catalog: Catalog, options: UnderstanderOptions = {}): (text: string) => Understanding {
  const analyzer = options.analyzer ?? defaultAnalyzer();
  const synonyms = createSynonymTable(catalog.vocabulary.synonyms);
  const lexicon = createLexicon(catalog.vocabulary, synonyms, analyzer);
  const without = new Set(options.without ?? []);
  const { index, rankByContent, examples, related, knownWords, subjectWords, describingKeys, intentWords, anchorWords, employerWords, genericWords, howToAskTerms, costOnlyTerms, detailWords } = buildIndexes(catalog, lexicon, {
    withExamples: !without.has("examples"),
    withRelated: !without.has("related"),
  });
  const read = createMessageReader(catalog.vocabulary, lexicon, analyzer, (key) => index.has(key), !without.has("subject"));
  const sources: EvidenceSource[] = [
    contactsSource(catalog),
    termsSource(index),
    contentSource(rankByContent, (key) => index.has(key), genericWords),
    relatedSource(related, index, rankByContent, (key) => describingKeys.has(key)),
    examplesSource(examples),
  ].filter((s) => !without.has(s.name as PartName));
  // What a cost is (導入費用, お金) is not a request for funding: a programme's kind is asked for by its other words.
  const ranking = createRanking(catalog, (c) => c.asked && c.matched.some((m) => !costOnlyTerms.has(m)));
  const programmeCategories = new Set(catalog.categories.filter((c) => c.programmes).map((c) => c.id));
  const decide = createPolicy(catalog, ranking, { chatter: !without.has("chatter"), clarify: !without.has("clarify") });

  /**
   * Nouns the catalog never uses, and no source accounts for (キュウフキン is 給付金 by its reading). Kana-only
   * tokens are left out: the dictionary cuts kana-spelled words (そうだんまどぐち) into arbitrary nouns.
   */
  function foreignNouns(message: MessageReading, spans: Span[]): Word[] {
    // In an English message every other word is one the catalog lacks; only Japanese text is judged so.
    if (!JAPANESE.test(message.nfkc)) return [];
    const tokenAt = new Map(message.tokens.map((t) => [t.start, t]));
    return message.words.filter((w) => {
      const written = message.nfkc.slice(w.start, w.end);
      if (!w.noun || knownWords.has(w.key) || message.feelingWords.has(w.key) || written.length < 2 || /^[\p{Script=Hiragana}ー]+$/u.test(written)) return false;
      // Which side of a subject is asked (注意点, 責任), or a verb the catalog uses, made a noun (働き of 働く).
      const verb = verbOfStem(written);
      if (ASPECT_NOUNS.has(written) || (verb !== undefined && knownWords.has(wordKey(verb, lexicon.synonyms)))) return false;
      // A quality (便利, 大事, 最近) says how something is or when, not what field it belongs to.
      const token = tokenAt.get(w.start);
      if (token && token.end === w.end && QUALITY_POS1.has(token.pos1)) return false;
      const { start, end } = message.locate(w);
      return !spans.some((o) => o.start <= start && end <= o.end);
    });
  }

  /**
   * Nouns of the message that the domain's questions are about (部下, 社員, 通信費): words resources are described
   * with or their example questions use, or related to them; not the domain's own name, how to ask, a feeling.
   */
  function subjectWordsOf(message: MessageReading): Word[] {
    return message.words.filter(
      (w) =>
        w.noun &&
        JAPANESE.test(w.key) &&
        (subjectWords.has(w.key) || related.has(w.key)) &&
        !genericWords.has(w.key) &&
        !intentWords.has(w.key) &&
        !message.feelingWords.has(w.key),
    );
  }

  /**
   * Whether the domain's nouns outnumber the nouns it lacks: an everyday noun (家族 of 家族で使うパソコンで仕事を
   * しても大丈夫？) does not take a question about the domain's things elsewhere. A noun the catalog lacks that is
   * what happens (パソコンがフリーズして, 修理) is the subject, and the domain's nouns in its phrase (インボイス制度の
   * 登録) are parts of the other thing.
   */
  function domainOutweighs(message: MessageReading, foreign: readonly Word[], subject: readonly Word[]): boolean {
    if (foreign.length === 0) return true;
    const at = new Map(message.tokens.map((t) => [t.start, t]));
    // A verbal noun (修理, 相続) names an act or event, unless it says how (一緒に); any noun followed by する does too.
    const done = (w: Word) => {
      const after = at.get(w.end);
      const next = after?.base;
      // …and not when it only qualifies the noun after it (高機能携帯電話).
      return w.predicate || next === "する" || (at.get(w.start)?.pos1 === "サ変接続" && next !== "に" && after?.pos !== "名詞");
    };
    if (foreign.some(done)) return false;
    // The nouns after a foreign one in its phrase (インボイス制度の登録) are its parts.
    const theirs = new Set<number>();
    for (const w of foreign) {
      for (let t = at.get(w.end); t && (t.pos === "名詞" || t.base === "の") && !theirs.has(t.start); t = at.get(t.end)) theirs.add(t.start);
    }
    // Only the catalog's own words and its examples' count: a related word is a guess at one.
    const own = new Set(subject.filter((w) => !theirs.has(w.start) && subjectWords.has(w.key)).map((w) => w.key));
    return own.size > new Set(foreign.map((w) => w.key)).size;
  }

  /**
   * A topic right after a noun of another field is that thing's (財布を紛失した, お弁当の持ち出し: the particle
   * between them is not in the compact text): it places nothing in the domain, as a compound led by such a noun
   * does not (ホームセキュリティ). A resource found only so keeps its score but is not about what is asked.
   */
  function withoutForeignLedTopics(merged: MergedEvidence, message: MessageReading, foreign: readonly Word[]): MergedEvidence {
    if (foreign.length === 0) return merged;
    const tokenAt = new Map(message.tokens.map((t) => [t.start, t]));
    // Where the noun ends, and where the particle that makes it the topic's object or owner ends (を, が, の).
    const foreignEnds = new Set(
      foreign.flatMap((w) => {
        const particle = tokenAt.get(w.end);
        return [message.locate(w).end, ...(particle && OBJECT_PARTICLES.has(particle.surface) ? [message.locate(particle).end] : [])];
      }),
    );
    const resources = new Map(
      [...merged.resources].map(([id, e]) =>
        !e.byName && e.topicSpans.length > 0 && e.topicSpans.every((s) => foreignEnds.has(s.start)) ? [id, { ...e, topical: false, topicAsked: false, topicCovered: 0 }] : [id, e],
      ),
    );
    return { ...merged, resources };
  }

  /**
   * Areas of the domain the message names in what it asks: a category's own term that says what it covers
   * (セキュリティ, 情報漏洩), not how to ask (a desk for questions) nor a word a kind of programme shares with every
   * other programme (money), unless the kind is named outright; or a topic a resource's documents cover (中抜け, 労災).
   */
  function areasNamed(merged: MergedEvidence, message: MessageReading, foreign: readonly Word[]): string[] {
    // A compound led by a noun of another field is another thing (ホームセキュリティ is not セキュリティ).
    const foreignEnds = new Set(foreign.map((w) => message.locate(w).end));
    const led = (span: Span) => foreignEnds.has(span.start);
    const areas = merged.categories
      .filter(([id, c]) => c.asked && (!programmeCategories.has(id) || c.named) && c.matched.some((m) => !howToAskTerms.has(m)) && !c.spans.every(led))
      .map(([id]) => id);
    const topics = [...merged.resources].filter(([, e]) => e.topicAsked).map(([id]) => id);
    return [...areas, ...topics];
  }

  /**
   * Japanese made only of words the catalog uses or of kana, with something said beyond how, when and where to
   * ask (サボる人が出てくるのでは？): no noun of any length that the catalog lacks (熱, 感染者数 are).
   */
  function everydayWords(message: MessageReading): boolean {
    if (!JAPANESE.test(message.nfkc)) return false;
    const unknown = message.words.some((w) => w.noun && !knownWords.has(w.key) && !message.feelingWords.has(w.key) && !/^[\p{Script=Hiragana}ー]+$/u.test(message.nfkc.slice(w.start, w.end)));
    // Suffix pairs (感染+者) are their first word's.
    return !unknown && message.words.some((w) => (w.noun || w.predicate) && !intentWords.has(w.key) && !genericWords.has(w.key) && !detailWords.has(w.key));
  }

  return (input: string): Understanding => {
    const message = read(input.slice(0, MAX_TEXT_LENGTH));
    const findings = sources.map((s) => s.find(message));
    const merged = mergeFindings(findings);
    const candidates = ranking.rank(merged);
    const foreignWords = foreignNouns(message, merged.spans);
    const evidence = withoutForeignLedTopics(merged, message, foreignWords);
    const foreign = [...new Set(foreignWords.map((w) => w.key))];
    const subject = subjectWordsOf(message);
    const judged = {
      message,
      evidence,
      foreignNouns: foreign,
      subjectNouns: [...new Set(subject.map((w) => w.key))],
      domainOutweighs: domainOutweighs(message, foreignWords, subject),
      areas: areasNamed(evidence, message, foreignWords),
      topicWords: [...new Set(message.words.map((w) => w.key).filter((k) => !anchorWords.has(k)))],
      // A mood the catalog's own words never name (きつい in a telework catalog; not つらい where a line takes it).
      mood: message.moodWords.some((k) => !knownWords.has(k)),
      employer: message.words.some((w) => employerWords.has(w.key)),
      saysOnlyHow: message.words.every((w) => intentWords.has(w.key) || anchorWords.has(w.key)),
      everyday: everydayWords(message),
    };
    const time = message.time ? { time: message.time } : {};
    return {
      decision: { ...decide(judged, candidates), ...time },
      ...time,
      explain: {
        normalized: message.form.text,
        ...(evidence.region ? { region: evidence.region } : {}),
        candidates: candidates.slice(0, MAX_RESOURCES),
        sources: sources.map((s, i) => sourcePart(s.name, findings[i] ?? { resources: [], categories: [], spans: [], domainTerms: 0 })),
        signals: [...[...message.signals].map((s) => `${s}:${message.signalWords.get(s)?.join("/")}`), ...message.unknownProgrammes.map((p) => `unknownProgramme:${p}`)],
        tokens: message.tokens.map((t) => (t.surface === t.base ? `${t.surface}/${t.reading}` : `${t.surface}→${t.base}/${t.reading}`)),
        words: message.words.map((w) => w.key),
        foreignNouns: judged.foreignNouns,
      },
    };
  };
}
