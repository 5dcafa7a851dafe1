import Fuse from "fuse.js";
import type { Catalog, Resource } from "../catalog/schema.ts";
import { isProgramme } from "../catalog/warnings.ts";
import { type Analyzer, type Token, createAnalyzer } from "./analyzer.ts";
import { type AskedTime, createAskedTimeReader } from "./asked-time.ts";
import { buildContentRanker } from "./content-ranking.ts";
import type { Decision, ResourceMatch, Understanding } from "./decision.ts";
import { compact, compactMapped, createSynonymTable, fold, foldMapped } from "./normalize.ts";
import { type MessageForm, type SignalName, createSignalMatcher } from "./signals.ts";
import { createDirectLookup } from "./lookups.ts";
import { createProgrammeDetector } from "./programmes.ts";
import { type LocatedWord, type TermOccurrence, type TermTarget, buildTermIndex, targetKey } from "./term-index.ts";
import { type Lexicon, type Word, createCatalogReader, createLexicon, foldedWord, tokenReadings, wordKey } from "./words.ts";

/** LINE delivers at most 5,000 characters; anything longer is not a question we can read. */
export const MAX_TEXT_LENGTH = 5000;

// Score thresholds, on the scale of term weights (a specific keyword of 4 characters weighs 3).
const MIN_RESOURCE_SCORE = 1.9;
const MIN_CATEGORY_SCORE = 1.5;
const CATEGORY_MEMBER_BONUS = 1;
const REGION_MATCH_BONUS = 1.5;
const REGION_UNKNOWN_FACTOR = 0.85;
const REGION_OTHER_FACTOR = 0.5;
const CONTACT_WEIGHT = 10;
const FUZZY_CONFIDENCE = 0.6;
const viaLabel = { words: "語形", reading: "読み", start: "前半", fuzzy: "あいまい" } as const;
const fieldLabel: Record<string, string> = { names: "名前", keywords: "キーワード", topics: "トピック", summary: "概要" };
const MAX_RESOURCES = 5;
const CLOSE_SECOND = 0.5;
const CATEGORY_MARGIN = 1.25;
const LISTING_MARGIN = 0.5;
// A category's list starts with the member that scores this much above the next one.
const POINTED_MARGIN = 1.5;
// Without a domain word, one generic term is not enough: it must cover this share of the message.
const MIN_COVERAGE = 0.34;
// BM25 scores (MiniSearch) grow with boosts and words; their logarithm at this rate joins the term evidence.
const CONTENT_WEIGHT = 0.6;

let sharedAnalyzer: Analyzer | undefined;
/** One analyzer per process: loading the dictionary is the expensive part. */
export function defaultAnalyzer(): Analyzer {
  sharedAnalyzer ??= createAnalyzer();
  return sharedAnalyzer;
}

interface Evidence {
  /** From catalog terms found in the message (names, keywords, topics, numbers). */
  own: number;
  /** From the content words the message shares with the resource's texts (BM25). */
  content: number;
  named: boolean;
  /** Found by a word that is not one of the catalog's category words (相談, 給付金 say what kind, not what). */
  specific: boolean;
  /** Catalog terms found for it (not counting shared content words). */
  terms: number;
  /** Found by a topic it covers or by its name: what it is about, not an object it mentions (パソコン). */
  topical: boolean;
  matched: string[];
  contactIds: string[];
  /** Characters of the message its terms cover. */
  covered: number;
}

interface CategoryEvidence {
  score: number;
  named: boolean;
  matched: string[];
  covered: number;
}

/** What was found in one message, before any decision. */
interface Reading {
  form: MessageForm;
  has: (signal: SignalName) => boolean;
  signalList: string[];
  evidence: Map<string, Evidence>;
  /** Best first. */
  categories: [string, CategoryEvidence][];
  region?: string;
  unknownProgrammes: string[];
  /** Nouns of the message that no catalog text uses (借金, Zoom): signs of another subject. */
  foreignNouns: string[];
  /** Content words of the message other than the domain's anchor words. */
  topicWords: string[];
  /** Catalog terms found that say what, not where or who: names, keywords, topics. */
  domainTerms: number;
  /** Written as a question (ends in ？, か, の…). */
  question: boolean;
  tokens: Token[];
  words: Word[];
  time: AskedTime | undefined;
}

/** Fuse scores a pattern by its share of wrong characters: allow about one typo in a name. */
function fuzzyLimit(length: number): number {
  return Math.min(0.3, 1.2 / length);
}

/**
 * Everything built once from the catalog. Its own function, so the analysed catalog texts (cached
 * while building) are left to the garbage collector instead of staying with every message.
 */
function buildIndexes(catalog: Catalog, lexicon: Lexicon) {
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
  const knownWords = new Set([
    ...catalogTexts.flatMap(wordsOfText),
    ...catalogTexts.map((t) => compact(synonyms.apply(fold(t)))),
    ...catalogTexts.flatMap((t) => reader.tokensOf(t).map((token) => wordKey(token.base, synonyms))),
  ]);
  const categoryWords = new Set(catalog.categories.flatMap((c) => [c.name, ...c.aliases, ...c.keywords]).flatMap(wordsOfText));
  const anchorWords = new Set(vocabulary.anchors.flatMap(wordsOfText));
  const genericWords = new Set([...categoryWords, ...anchorWords, ...catalog.regions.flatMap((r) => [r.name, ...r.hints]).flatMap(wordsOfText)]);
  return { index: buildTermIndex(catalog, lexicon, reader), rankByContent: buildContentRanker(catalog, reader), knownWords, anchorWords, genericWords };
}

export function createUnderstander(catalog: Catalog, analyzer: Analyzer = defaultAnalyzer()): (text: string) => Understanding {
  const synonyms = createSynonymTable(catalog.vocabulary.synonyms);
  const lexicon = createLexicon(catalog.vocabulary, synonyms, analyzer);
  const { index, rankByContent, knownWords, anchorWords, genericWords } = buildIndexes(catalog, lexicon);
  const signalsOf = createSignalMatcher(catalog.vocabulary, synonyms);
  const resources = new Map(catalog.resources.map((r) => [r.id, r]));

  const lookUp = createDirectLookup(catalog);
  const unknownProgrammes = createProgrammeDetector(catalog.vocabulary, synonyms, (key) => index.has(key));
  const askedTime = createAskedTimeReader(catalog.vocabulary.askedTime);

  /** The message folded for matching, with the place of every NFKC position in the compact text. */
  function messageForm(nfkc: string, tokens: readonly Token[]): { form: MessageForm; gaps: Set<number>; at: Int32Array } {
    const folded = foldMapped(nfkc);
    const edges = new Set(tokens.flatMap((t) => [folded.map[t.start], folded.map[t.end]]));
    const spaced = synonyms.applyMapped(folded, (start, end) => edges.has(start) && edges.has(end));
    const { text, gaps, map } = compactMapped(spaced);
    const segments = new Set<string>();
    for (const t of tokens) {
      const key = foldedWord(t.surface);
      if (key) segments.add(key);
    }
    return { form: { text, spaced: spaced.text, segments }, gaps, at: map };
  }

  /** Dictionary words written in katakana (アパート): a term may not start or end inside one (パート). */
  function wordSpans(tokens: readonly Token[], at: Int32Array): [number, number][] {
    return tokens
      .filter((t) => t.known && t.surface.length >= 2 && /^[\p{Script=Katakana}ー]+$/u.test(t.surface))
      .map((t) => [at[t.start] ?? 0, at[t.end] ?? 0]);
  }

  function occurrencesOf(text: string, gaps: Set<number>, words: LocatedWord[], spelled: LocatedWord[], spans: [number, number][]): TermOccurrence[] {
    const cutsWord = (o: TermOccurrence) => spans.some(([a, b]) => (a < o.start && o.start < b) || (a < o.end && o.end < b));
    const exact = [...index.find(text, gaps).filter((o) => !cutsWord(o)), ...index.findByWords(words), ...index.findByReading(spelled)];
    // A name cut short counts only when nothing names a resource in full.
    if (!exact.some((o) => o.term.targets.some((t) => t.type === "resource" && t.kind === "name"))) exact.push(...index.findNameStarts(text).filter((o) => !cutsWord(o)));
    // Typo tolerance is a fallback: when a resource name matched exactly, near-misses add only noise.
    if (exact.some((o) => o.term.targets.some((t) => t.type === "resource" && t.kind === "name"))) return exact;
    const candidates = index.fuzzyCandidates(text, new Set(exact.map((o) => o.term.key)));
    if (candidates.length === 0) return exact;
    const fuse = new Fuse([text], { includeScore: true, includeMatches: true, ignoreLocation: true, isCaseSensitive: true, threshold: 0.3 });
    const fuzzy: TermOccurrence[] = [];
    for (const term of candidates) {
      const hit = fuse.search(term.key)[0];
      const indices = hit?.matches?.[0]?.indices;
      if (!hit || hit.score === undefined || hit.score > fuzzyLimit(term.key.length) || !indices?.length) continue;
      const start = Math.min(...indices.map(([s]) => s));
      const end = Math.max(...indices.map(([, e]) => e)) + 1;
      fuzzy.push({ term, start, end, confidence: FUZZY_CONFIDENCE, via: "fuzzy", covered: end - start });
    }
    return [...exact, ...fuzzy];
  }

  /**
   * A term inside a longer resource name says nothing of its own (給付金 inside 特別定額給付金, 大阪 inside
   * 大阪府の相談センター); and for one target, only the longest of nested matches counts.
   */
  function acceptedMatches(occurrences: TermOccurrence[]): { occurrence: TermOccurrence; target: TermTarget }[] {
    const nameSpans = occurrences.filter((o) => o.term.targets.some((t) => t.type === "resource" && t.kind === "name"));
    const inside = (o: TermOccurrence, n: TermOccurrence) => n.start <= o.start && o.end <= n.end && n.end - n.start > o.end - o.start;
    // Longest first by what they cover: words found apart (電話 … 相談) must not swallow a name between them.
    const sorted = [...occurrences].sort((a, b) => b.covered - a.covered || b.confidence - a.confidence || a.end - a.start - (b.end - b.start));
    const acceptedSpans = new Map<string, TermOccurrence[]>();
    const accepted: { occurrence: TermOccurrence; target: TermTarget }[] = [];
    for (const occurrence of sorted) {
      const containers = nameSpans.filter((n) => inside(occurrence, n));
      for (const target of occurrence.term.targets) {
        const key = targetKey(target);
        if (containers.some((n) => !n.term.targetKeys.has(key))) continue;
        // Region hints nest across regions too: 京都 inside 東京都 is not Kyoto.
        const spansKey = target.type === "region" ? "region" : key;
        const spans = acceptedSpans.get(spansKey) ?? [];
        if (spans.some((a) => a.start <= occurrence.start && occurrence.end <= a.end)) continue;
        // Words found apart cover only themselves, so they do not hide what lies between them.
        if (occurrence.covered === occurrence.end - occurrence.start) acceptedSpans.set(spansKey, [...spans, occurrence]);
        accepted.push({ occurrence, target });
      }
    }
    return accepted;
  }

  function inquiryOrder(resource: Resource, region: string | undefined): string[] {
    const forRegion = resource.inquiries.filter((q) => q.region !== undefined && q.region === region).map((q) => q.resource);
    const general = resource.inquiries.filter((q) => q.region === undefined).map((q) => q.resource);
    const otherRegion = region === undefined ? resource.inquiries.filter((q) => q.region !== undefined).map((q) => q.resource) : [];
    return [...forRegion, ...general, resource.id, ...otherRegion];
  }

  function read(text: string): Reading {
    const nfkc = text.normalize("NFKC");
    const tokens = analyzer.tokenize(nfkc);
    const { form, gaps, at } = messageForm(nfkc, tokens);
    const { signals, found } = signalsOf(form);
    const words = lexicon.words(tokens);
    const locate = (w: { key: string; start: number; end: number }): LocatedWord => ({ key: w.key, start: at[w.start] ?? 0, end: at[w.end] ?? 0 });
    const spelled = tokenReadings(tokens).map((r) => locate({ key: r.reading, start: r.start, end: r.end }));

    const evidence = new Map<string, Evidence>();
    const evidenceOf = (id: string) => {
      let e = evidence.get(id);
      if (!e) evidence.set(id, (e = { own: 0, content: 0, named: false, specific: false, terms: 0, topical: false, matched: [], contactIds: [], covered: 0 }));
      return e;
    };
    for (const hit of lookUp(nfkc.toLowerCase())) {
      // A number pasted twice is still one line asked about.
      if (evidence.get(hit.resourceId)?.matched.includes(hit.text)) continue;
      const e = evidenceOf(hit.resourceId);
      e.own += CONTACT_WEIGHT;
      e.named = true;
      e.specific = true;
      e.matched.push(hit.text);
      if (hit.contactId) e.contactIds.push(hit.contactId);
    }

    const categories = new Map<string, CategoryEvidence>();
    let region: string | undefined;
    const accepted = acceptedMatches(occurrencesOf(form.text, gaps, words.map(locate), spelled, wordSpans(tokens, at)));
    // A term written twice is still one thing asked about.
    const counted = new Set<string>();
    for (const { occurrence, target } of accepted) {
      const once = `${occurrence.term.key}|${targetKey(target)}`;
      if (counted.has(once)) continue;
      counted.add(once);
      const weight = target.weight * occurrence.confidence;
      const length = occurrence.covered;
      if (target.type === "region") region ??= target.id;
      else if (target.type === "category") {
        const c = categories.get(target.id) ?? { score: 0, named: false, matched: [], covered: 0 };
        categories.set(target.id, { score: c.score + weight, named: c.named || target.kind === "name", matched: [...c.matched, target.source], covered: c.covered + length });
      } else {
        const e = evidenceOf(target.id);
        e.own += weight;
        // A name counts as named only written in one piece; its words scattered over a sentence do not name it.
        e.named ||= target.kind === "name" && occurrence.covered === occurrence.end - occurrence.start;
        e.specific ||= target.kind !== "organization" && !occurrence.term.targets.some((t) => t.type === "category");
        e.terms += 1;
        e.topical ||= target.kind === "topic" || (target.kind === "name" && occurrence.covered === occurrence.end - occurrence.start);
        e.covered += length;
        e.matched.push(occurrence.via === "exact" ? target.source : `${target.source}(${viaLabel[occurrence.via]})`);
      }
    }

    // Many words of a long question, weighed by how rare they are in the catalog.
    const wordKeys = words.map((w) => w.key);
    for (const hit of rankByContent(wordKeys)) {
      const e = evidenceOf(hit.resourceId);
      e.content += CONTENT_WEIGHT * Math.log1p(hit.score);
      const hitWords = Object.keys(hit.words);
      // Only a word that is a whole catalog term of its own says what the question is about: a part of a
      // keyword (感染 of 感染拡大防止), a place or a summary word does not.
      e.specific ||= hitWords.some((w) => !genericWords.has(w) && (hit.words[w] ?? []).some((field) => field === "topics" || (field !== "summary" && index.has(w))));
      e.matched.push(`語:${hitWords.map((w) => `${w}[${(hit.words[w] ?? []).map((f) => fieldLabel[f] ?? f).join("/")}]`).join("・")}`);
    }

    const programmes = unknownProgrammes(nfkc, tokens);
    return {
      form,
      has: (signal) => signals.has(signal),
      signalList: [...[...signals].map((s) => `${s}:${found.get(s)?.join("/")}`), ...programmes.map((p) => `unknownProgramme:${p}`)],
      evidence,
      categories: [...categories].sort((a, b) => b[1].score - a[1].score),
      ...(region ? { region } : {}),
      unknownProgrammes: programmes,
      foreignNouns: foreignNouns(nfkc, words, accepted.map((a) => a.occurrence), locate),
      topicWords: [...new Set(wordKeys.filter((k) => !anchorWords.has(k)))],
      question: /([?？]|か|の|かな)[。.]?$/u.test(nfkc.trim()),
      tokens,
      words,
      time: askedTime(nfkc),
      domainTerms: accepted.filter(({ target }) => target.kind === "name" || target.kind === "keyword" || target.kind === "topic").length,
    };
  }

  /**
   * Nouns the catalog never uses, and no term found covers (キュウフキン is 給付金 by its reading). Kana-only
   * tokens are left out: the dictionary cuts kana-spelled words (そうだんまどぐち) into arbitrary nouns.
   */
  function foreignNouns(nfkc: string, words: Word[], found: TermOccurrence[], locate: (w: Word) => LocatedWord): string[] {
    // In an English message every other word is one the catalog lacks; only Japanese text is judged so.
    if (!/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(nfkc)) return [];
    const foreign = words.filter((w) => {
      const written = nfkc.slice(w.start, w.end);
      if (!w.noun || knownWords.has(w.key) || written.length < 2 || /^[\p{Script=Hiragana}ー]+$/u.test(written)) return false;
      const { start, end } = locate(w);
      return !found.some((o) => o.start <= start && end <= o.end);
    });
    return [...new Set(foreign.map((w) => w.key))];
  }

  /**
   * What the message says for a resource: its own terms and shared words, lifted when its category is
   * asked about. Only resources with evidence of their own are ranked: a category word alone lifts its
   * members but does not make them candidates (the category answer covers that case).
   */
  function strength({ evidence, categories }: Reading, id: string): number {
    const r = resources.get(id);
    const categoryScore = categories.find(([categoryId]) => categoryId === r?.category)?.[1].score ?? 0;
    const e = evidence.get(id);
    return (e?.own ?? 0) + (e?.content ?? 0) + (categoryScore >= MIN_CATEGORY_SCORE ? CATEGORY_MEMBER_BONUS : 0);
  }

  function rank(reading: Reading): ResourceMatch[] {
    const { evidence, region } = reading;
    const scores = new Map<string, number>();
    for (const id of evidence.keys()) {
      const r = resources.get(id);
      if (!r) continue;
      let score = strength(reading, id);
      if (score === 0) continue;
      if (r.region !== undefined) {
        if (r.region === region) score += REGION_MATCH_BONUS;
        else score *= region === undefined ? REGION_UNKNOWN_FACTOR : REGION_OTHER_FACTOR;
      }
      scores.set(id, score);
    }
    // A firm that says it is elsewhere sees region-only help after everything else that matched.
    // Unless they name it: then it is what they ask about.
    const elsewhere = (id: string) => {
      const r = resources.get(id)?.region;
      return region !== undefined && r !== undefined && r !== region && !evidence.get(id)?.named ? 1 : 0;
    };
    return [...scores]
      .sort((a, b) => elsewhere(a[0]) - elsewhere(b[0]) || b[1] - a[1])
      .map(([resourceId, score]) => ({ resourceId, score: Math.round(score * 100) / 100, matched: evidence.get(resourceId)?.matched ?? [] }));
  }

  const hasPhone = (id: string) => resources.get(id)?.contacts.some((c) => c.kind === "phone") ?? false;
  const isProgrammeId = (id: string) => {
    const r = resources.get(id);
    return r !== undefined && isProgramme(catalog, r);
  };

  /** The lines asked about: named ones, the consultation lines of a named programme, or a named category's lines. */
  function openNowDecision({ evidence, categories, region }: Reading, named: ResourceMatch[]): Decision {
    const asked = named.flatMap((c) => {
      const r = resources.get(c.resourceId);
      if (!r) return [];
      return hasPhone(r.id) ? [r.id] : inquiryOrder(r, region).filter((id) => id !== r.id && hasPhone(id));
    });
    // A category named outright (by its name or alias) means all its lines, including those without published hours.
    const namedCategory = categories.find(([, c]) => c.named)?.[0];
    const inCategory = asked.length === 0 && namedCategory ? catalog.resources.filter((r) => r.category === namedCategory && hasPhone(r.id)).map((r) => r.id) : [];
    const contactIds = named.flatMap((c) => evidence.get(c.resourceId)?.contactIds ?? []);
    return { kind: "openNow", resourceIds: [...new Set([...asked, ...inCategory])], contactIds };
  }

  /** The best resources, with where to consult first when the user asks where to apply or ask. */
  function resourcesDecision({ has, region }: Reading, candidates: ResourceMatch[], top: ResourceMatch): Decision {
    const chosen = candidates.filter((c) => c.score >= top.score * CLOSE_SECOND);
    const topResource = resources.get(top.resourceId);
    let ordered = chosen.map((c) => c.resourceId);
    // Where to ask goes first when the user asks where to apply or consult, or asks how to reach a
    // resource that has no line of its own; a resource with its own number answers its number itself.
    const ownLine = (topResource?.contacts.length ?? 0) > 0;
    const asksWhere = ownLine ? has("inquiry") && !has("phone") : has("inquiry") || has("phone");
    if (asksWhere && topResource && topResource.inquiries.length > 0) {
      ordered = [...new Set([...inquiryOrder(topResource, region), ...ordered])];
    }
    const byId = new Map(candidates.map((c) => [c.resourceId, c]));
    const matches = ordered.slice(0, MAX_RESOURCES).map((id) => byId.get(id) ?? { resourceId: id, score: 0, matched: [`${top.resourceId}の問い合わせ先`] });
    return { kind: "resources", matches, ...(region ? { region } : {}) };
  }

  function decide(reading: Reading, candidates: ResourceMatch[]): Decision {
    const { form, has, evidence, categories, region } = reading;
    const withRegion = region ? { region } : {};
    if (form.text.length === 0 && evidence.size === 0) return { kind: "noMatch", reason: "empty", suggestions: [] };

    const named = candidates.filter((c) => evidence.get(c.resourceId)?.named);
    const elsewhere = has("outOfScope") || has("outOfScopeTopic") || reading.unknownProgrammes.length > 0;
    if (elsewhere && named.length === 0) return { kind: "noMatch", reason: "outOfScope", suggestions: [] };
    // 「(programme name)まだやってる？」 asks whether a programme still runs, not whether a line is open now.
    const asksLifetime = reading.time?.kind === "current" && !has("phone") && named.some((c) => isProgrammeId(c.resourceId));
    if (!asksLifetime && has("availability") && (has("time") || has("phone") || named.some((c) => hasPhone(c.resourceId)))) return openNowDecision(reading, named);

    // In-domain questions say so: a telework word, a name, a list request, two terms, or little else besides the term.
    const textLength = Math.max(form.text.length, 1);
    // Without foreign nouns, every noun of the message is the catalog's own: a specific term is enough.
    const ownWordsOnly = reading.foreignNouns.length === 0;
    // A topic a resource's documents cover places the question in the domain by itself (労災, 中抜け).
    const anchored = (terms: number, covered: number, isNamed: boolean, specific = false, topical = false) =>
      has("anchor") || has("listing") || isNamed || topical || terms >= 2 || covered / textLength >= MIN_COVERAGE || (specific && ownWordsOnly);

    const top = candidates[0];
    const topEvidence = top ? evidence.get(top.resourceId) : undefined;
    // The member the question points at, well ahead of the others, leads a category's list (unless a list is asked for).
    const pointedAt = (categoryId: string) => {
      const [first, second] = candidates.filter((c) => resources.get(c.resourceId)?.category === categoryId);
      return !has("listing") && first && first.score >= MIN_RESOURCE_SCORE && first.score >= (second?.score ?? 0) * POINTED_MARGIN ? { pointedAt: [first.resourceId] } : {};
    };
    const best = categories[0];
    // Nouns that no catalog text uses, with no domain word or name: the question is about something else
    // (借金の相談先), and a generic word such as 相談先 does not make it ours.
    const foreign = reading.foreignNouns.length > 0 && !has("anchor") && named.length === 0;
    const categoryUsable = (!foreign || has("listing") || (best?.[1].matched.length ?? 0) >= 2) && best !== undefined && best[1].score >= MIN_CATEGORY_SCORE && anchored(best[1].matched.length, best[1].covered, best[1].named);
    // Regions order the answer; whether there is one depends on what the message says.
    const resourceUsable =
      top !== undefined &&
      topEvidence !== undefined &&
      strength(reading, top.resourceId) >= MIN_RESOURCE_SCORE &&
      anchored(topEvidence.terms, topEvidence.covered, topEvidence.named, topEvidence.specific, topEvidence.topical) &&
      (topEvidence.terms > 0 || topEvidence.specific) &&
      // With another subject in the message, one catalog word is a coincidence (ﾊﾟｿｺﾝがﾌﾘｰｽﾞ); two are a question.
      (!foreign || topEvidence.terms >= 2 || topEvidence.topical);

    if (!resourceUsable) {
      if (categoryUsable) return { kind: "category", categoryId: best[0], matched: best[1].matched, ...pointedAt(best[0]), ...withRegion };
      if (has("thanks")) return { kind: "greeting", variant: "thanks" };
      // 「Zoomの使い方」 asks how to use something else, not this bot.
      const aboutUs = reading.foreignNouns.length === 0;
      if (has("help") && aboutUs) return { kind: "greeting", variant: "help" };
      if (has("greeting") && aboutUs) return { kind: "greeting", variant: "hello" };
      const referral = catalog.voice?.referral?.resource;
      // 「(anchor)とは？」 asks about the domain itself; an anchor word alone asks nothing yet.
      const asks = reading.topicWords.length > 0 || reading.question;
      const inDomain = !foreign && asks && (has("anchor") || reading.domainTerms > 0);
      if (referral && inDomain && resources.has(referral)) {
        return { kind: "referral", resourceId: referral, categoryIds: categories.map(([id]) => id), ...withRegion };
      }
      return { kind: "noMatch", reason: foreign ? "outOfScope" : "unknown", suggestions: foreign ? [] : candidates.slice(0, 3) };
    }

    // A list wins when asked for (unless one resource says far more), or when the category says clearly more.
    const topOwn = topEvidence?.own ?? 0;
    // A list of a category named outright (a category name with 全部) wins unless a resource is named too.
    const listsNamedCategory = categoryUsable && has("listing") && best[1].named && !topEvidence?.named;
    const categoryWins =
      categoryUsable &&
      (listsNamedCategory || ((has("listing") ? best[1].score >= topOwn * LISTING_MARGIN : best[1].score > topOwn * CATEGORY_MARGIN) && top.score < CONTACT_WEIGHT));
    if (categoryWins) return { kind: "category", categoryId: best[0], matched: best[1].matched, ...pointedAt(best[0]), ...withRegion };
    return resourcesDecision(reading, candidates, top);
  }

  return (input: string): Understanding => {
    const reading = read(input.slice(0, MAX_TEXT_LENGTH));
    const candidates = rank(reading);
    const time = reading.time ? { time: reading.time } : {};
    return {
      decision: { ...decide(reading, candidates), ...time },
      ...time,
      explain: {
        normalized: reading.form.text,
        ...(reading.region ? { region: reading.region } : {}),
        candidates: candidates.slice(0, MAX_RESOURCES),
        signals: reading.signalList,
        tokens: reading.tokens.map((t) => (t.surface === t.base ? `${t.surface}/${t.reading}` : `${t.surface}→${t.base}/${t.reading}`)),
        words: reading.words.map((w) => w.key),
        foreignNouns: reading.foreignNouns,
      },
    };
  };
}
