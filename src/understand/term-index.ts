import type { Catalog } from "../catalog/schema.ts";
import { compact, fold, isLatinTerm } from "./normalize.ts";
import { type CatalogReader, type Lexicon, tokenReadings } from "./words.ts";

/** How a term relates to its target; names say more than keywords, keywords more than topics and an organisation. */
export type TermKind = "name" | "keyword" | "topic" | "organization" | "region";

export interface TermTarget {
  type: "resource" | "category" | "region";
  id: string;
  kind: TermKind;
  /** The term as written in the catalog, for explanations. */
  source: string;
  weight: number;
}

export interface IndexedTerm {
  key: string;
  latin: boolean;
  /** Content words of the term in dictionary form (補助がもらえる → 補助), for matching conjugated questions. */
  words: string[];
  targets: TermTarget[];
  /** type:id of every target, for containment checks. */
  targetKeys: ReadonlySet<string>;
}

/** A term that more resources than this share says nothing about any one of them (and costs time). */
export const MAX_SHARED_TARGETS = 64;
/** Fuzzy comparison is the slow step: only the names closest by shared bigrams get one. */
const MAX_FUZZY_CANDIDATES = 8;

export function targetKey(target: { type: string; id: string }): string {
  return `${target.type}:${target.id}`;
}

export interface TermOccurrence {
  term: IndexedTerm;
  start: number;
  end: number;
  /** 1 for an exact match; below 1 for one by words, by reading or by fuzzy comparison. */
  confidence: number;
  /** How it was found, for explanations. */
  via: "exact" | "words" | "reading" | "start" | "fuzzy";
  /** Characters of the message it covers (words found apart cover only themselves). */
  covered: number;
}

const KIND_WEIGHT: Record<TermKind, number> = { name: 4, keyword: 2, topic: 1.6, organization: 1.2, region: 0 };
/** A term found by its words or its sound says a little less than one written as the catalog writes it. */
export const WORD_CONFIDENCE = 0.9;
const READING_CONFIDENCE = 0.7;
/** A name's first part stands for it when it is this long and this share of the name. */
const MIN_NAME_START = 4;
const NAME_START_SHARE = 0.5;
const NAME_START_CONFIDENCE = 0.6;
/** One wrong character in a shorter name is too often another word (ボランティアです is one edit from ボランティアコース). */
const MIN_FUZZY_LENGTH = 7;
/** Readings shorter than this (in kana) are too often someone else's word (機器/危機). */
const MIN_READING_LENGTH = 3;
/** Words of one term must be this close (in tokens of the message) to count as the term. */
const WORD_WINDOW = 4;

// Longer terms are more specific; the gain levels off so one long alias cannot drown everything else.
function lengthFactor(key: string): number {
  return Math.min(key.length, 10) / 4 + 0.5;
}

/** A content word or a token reading of the message, located in the compact text. */
export interface LocatedWord {
  key: string;
  start: number;
  end: number;
}

export interface TermIndex {
  /** Exact occurrences in a compact text; `gaps` are positions where a space was removed. */
  find(text: string, gaps: ReadonlySet<number>): TermOccurrence[];
  /** Terms all of whose content words the message has, near each other (`words` in message order). */
  findByWords(words: readonly LocatedWord[]): TermOccurrence[];
  /** Terms whose reading the message spells, from token to token (`readings` one per token, in order). */
  findByReading(readings: readonly LocatedWord[]): TermOccurrence[];
  /** Names written only in their first part (消費生活 for 消費生活センター), in a compact text. */
  findNameStarts(text: string): TermOccurrence[];
  /** Name terms sharing enough character bigrams with the text to be worth a fuzzy comparison. */
  fuzzyCandidates(text: string, exclude: ReadonlySet<string>): IndexedTerm[];
  has(key: string): boolean;
  size: number;
}

function isAlnum(ch: string | undefined): boolean {
  return ch !== undefined && /[a-z0-9]/.test(ch);
}

/**
 * The message words that spell a term's words most closely together, within WORD_WINDOW words of
 * each other (補助 … もらえる, not 補助 at the start and 申請 at the end of a long post); null if none.
 */
function tightestPlacement(termWords: readonly string[], words: readonly LocatedWord[]): LocatedWord[] | null {
  // Where each term word is in the message; none for one of them, no placement (asked per candidate term).
  const positions: number[][] = [];
  for (const w of termWords) {
    const at: number[] = [];
    for (let i = 0; i < words.length; i++) if ((words[i] as LocatedWord).key === w) at.push(i);
    if (at.length === 0) return null;
    positions.push(at);
  }
  let best: number[] | null = null;
  let bestWidth = Number.POSITIVE_INFINITY;
  for (const anchor of positions[0] ?? []) {
    const chosen = positions.map((p) => p.reduce((a, b) => (Math.abs(b - anchor) < Math.abs(a - anchor) ? b : a)));
    const width = Math.max(...chosen) - Math.min(...chosen);
    if (width < bestWidth) [best, bestWidth] = [chosen, width];
  }
  return best && bestWidth <= WORD_WINDOW ? best.map((i) => words[i] as LocatedWord) : null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 <= s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

export function buildTermIndex(catalog: Catalog, lexicon: Lexicon, reader: CatalogReader): TermIndex {
  const { synonyms } = lexicon;
  const anchorKeys = catalog.vocabulary.anchors.map((a) => compact(synonyms.apply(fold(a)))).filter((k) => k.length > 0);
  const stripped = new Map<string, string>();
  const withoutAnchors = (key: string) => {
    let rest = stripped.get(key);
    if (rest === undefined) stripped.set(key, (rest = anchorKeys.reduce((k, anchor) => k.replace(anchor, ""), key)));
    return rest;
  };
  const byKey = new Map<string, { key: string; latin: boolean; raw: string; targets: Map<string, TermTarget> }>();
  const add = (raw: string, type: TermTarget["type"], id: string, kind: TermKind) => {
    const folded = synonyms.apply(fold(raw));
    const key = compact(folded);
    if (key.length === 0) return;
    let term = byKey.get(key);
    if (!term) {
      term = { key, latin: isLatinTerm(folded), raw, targets: new Map() };
      byKey.set(key, term);
    }
    // The strongest relation wins when a term is listed twice for one target.
    const tk = targetKey({ type, id });
    const existing = term.targets.get(tk);
    if (!existing) term.targets.set(tk, { type, id, kind, source: raw, weight: 0 });
    else if (KIND_WEIGHT[kind] > KIND_WEIGHT[existing.kind]) Object.assign(existing, { kind, source: raw });
  };

  for (const r of catalog.resources) {
    for (const t of [r.name, r.officialName, ...r.aliases, ...r.readings]) add(t, "resource", r.id, "name");
    for (const t of r.keywords) add(t, "resource", r.id, "keyword");
    for (const t of r.topics.flatMap((topic) => topic.terms)) add(t, "resource", r.id, "topic");
    for (const t of r.organization.split(/[・、,]/)) add(t, "resource", r.id, "organization");
  }
  for (const c of catalog.categories) {
    for (const t of [c.name, ...c.aliases, ...c.readings]) add(t, "category", c.id, "name");
    for (const t of c.keywords) add(t, "category", c.id, "keyword");
  }
  for (const region of catalog.regions) for (const t of region.hints) add(t, "region", region.id, "region");

  // A term shared by several targets of one type says less about each of them.
  const terms: IndexedTerm[] = [];
  const readings = new Map<string, IndexedTerm[]>();
  for (const { key, latin, raw, targets } of byKey.values()) {
    const shared = new Map<string, number>();
    for (const t of targets.values()) shared.set(t.type, (shared.get(t.type) ?? 0) + 1);
    const kept = [...targets.values()].filter((t) => (shared.get(t.type) ?? 0) <= MAX_SHARED_TARGETS);
    // The domain's own words (e.g. the catalog's anchors) are in nearly every question, so they do not make a term more specific.
    const specific = withoutAnchors(key) || key;
    for (const t of kept) t.weight = (KIND_WEIGHT[t.kind] * lengthFactor(specific)) / (shared.get(t.type) ?? 1);
    if (kept.length === 0) continue;
    // Kana-only terms (readings) match as written: the dictionary cuts kana spellings into arbitrary words.
    const tokens = latin || /^[\p{Script=Hiragana}ー\s]+$/u.test(raw) ? [] : reader.tokensOf(raw);
    // Only a term whose words say what it is about (a noun) is found by its words: 聞いてほしい is not
    // in every question that asks where to 聞く.
    const termWords = lexicon.faithful(tokens) ? lexicon.words(tokens) : [];
    const words = termWords.some((w) => w.noun) ? [...new Set(termWords.map((w) => w.key))] : [];
    const term: IndexedTerm = { key, latin, words, targets: kept, targetKeys: new Set(kept.map(targetKey)) };
    terms.push(term);
    // By sound only where the catalog writes kanji: kana terms already meet kana questions exactly.
    if (/\p{Script=Han}/u.test(raw)) {
      const reading = tokenReadings(tokens)
        .map((r) => r.reading)
        .join("");
      if (reading.length >= MIN_READING_LENGTH) push(readings, reading, term);
    }
  }

  // Words are looked up by each term's rarest word, so a common word does not pull in every term.
  const wordFrequency = new Map<string, number>();
  for (const term of terms) for (const w of term.words) wordFrequency.set(w, (wordFrequency.get(w) ?? 0) + 1);
  const byRarestWord = new Map<string, IndexedTerm[]>();
  for (const term of terms) {
    const rarest = [...term.words].sort((a, b) => (wordFrequency.get(a) ?? 0) - (wordFrequency.get(b) ?? 0))[0];
    if (rarest !== undefined) push(byRarestWord, rarest, term);
  }
  // Every start of a reading: spelling on from a text that starts none cannot reach one.
  const readingStarts = new Set<string>();
  for (const reading of readings.keys()) for (let n = 1; n <= reading.length; n++) readingStarts.add(reading.slice(0, n));

  // Exact lookup starts from the first two characters (one for one-character terms).
  const byPrefix = new Map<string, IndexedTerm[]>();
  const fuzzyTerms: IndexedTerm[] = [];
  const fuzzyByBigram = new Map<string, number[]>();
  for (const term of terms) {
    push(byPrefix, term.key.slice(0, 2), term);
    const fuzzy = term.key.length >= MIN_FUZZY_LENGTH && !term.latin && term.targets.some((t) => t.type === "resource" && t.kind === "name");
    if (fuzzy) {
      for (const bg of new Set(bigrams(term.key))) push(fuzzyByBigram, bg, fuzzyTerms.length);
      fuzzyTerms.push(term);
    }
  }
  // The same lists by the UTF-16 units of their start, so a scan looks them up without cutting the text.
  const byPair = new Map<number, IndexedTerm[]>();
  const bySingle = new Map<number, IndexedTerm[]>();
  for (const [prefix, list] of byPrefix) {
    if (prefix.length === 2) byPair.set(prefix.charCodeAt(0) * 0x10000 + prefix.charCodeAt(1), list);
    else if (prefix.length === 1) bySingle.set(prefix.charCodeAt(0), list);
  }
  // Names in sorted order: those sharing the longest start with a text sit next to where it would go.
  const names = terms.filter((t) => !t.latin && t.targets.some((x) => x.type === "resource" && x.kind === "name")).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const sharedStart = (text: string, at: number, key: string) => {
    let n = 0;
    while (n < key.length && text[at + n] === key[n]) n++;
    return n;
  };
  /** Names that begin with at least MIN_NAME_START characters of the text at `at`, and how many. */
  function namesSharingStart(text: string, at: number): { term: IndexedTerm; length: number }[] {
    const rest = text.slice(at);
    let low = 0;
    let high = names.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((names[mid] as IndexedTerm).key < rest) low = mid + 1;
      else high = mid;
    }
    const out: { term: IndexedTerm; length: number }[] = [];
    for (const step of [-1, 1]) {
      for (let j = step < 0 ? low - 1 : low; j >= 0 && j < names.length; j += step) {
        const term = names[j] as IndexedTerm;
        const length = sharedStart(text, at, term.key);
        if (length < MIN_NAME_START) break;
        out.push({ term, length });
      }
    }
    return out;
  }

  // Reused across messages: counting in a typed array keeps the prefilter cheap on large catalogs.
  const hitCounts = new Uint16Array(fuzzyTerms.length);

  const boundary = (text: string, gaps: ReadonlySet<number>, i: number) =>
    i === 0 || i === text.length || gaps.has(i) || !isAlnum(text[i - 1]) || !isAlnum(text[i]);

  return {
    size: terms.length,
    has: (key) => byKey.has(key),
    find(text, gaps) {
      const found: TermOccurrence[] = [];
      const scan = (candidates: readonly IndexedTerm[] | undefined, i: number) => {
        if (candidates === undefined) return;
        for (const term of candidates) {
          if (!text.startsWith(term.key, i)) continue;
          const end = i + term.key.length;
          if (term.latin && !(boundary(text, gaps, i) && boundary(text, gaps, end))) continue;
          found.push({ term, start: i, end, confidence: 1, via: "exact", covered: end - i });
        }
      };
      // Terms starting with the two units at i, then one-unit terms (at the last unit, only those).
      for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        if (i + 1 < text.length) scan(byPair.get(unit * 0x10000 + text.charCodeAt(i + 1)), i);
        scan(bySingle.get(unit), i);
      }
      return found;
    },
    findByWords(words) {
      const found: TermOccurrence[] = [];
      const seen = new Set<IndexedTerm>();
      for (const word of words) {
        for (const term of byRarestWord.get(word.key) ?? []) {
          if (seen.has(term)) continue;
          seen.add(term);
          const placed = tightestPlacement(term.words, words);
          if (!placed) continue;
          const start = Math.min(...placed.map((w) => w.start));
          const end = Math.max(...placed.map((w) => w.end));
          const covered = new Set(placed).size === 1 ? end - start : placed.reduce((n, w) => n + (w.end - w.start), 0);
          // Words far apart are weaker evidence of the term than words side by side.
          const tightness = Math.min(covered, end - start) / (end - start);
          found.push({ term, start, end, confidence: WORD_CONFIDENCE * tightness, via: "words", covered: Math.min(covered, end - start) });
        }
      }
      return found;
    },
    findNameStarts(text) {
      const found: TermOccurrence[] = [];
      for (let i = 0; i + MIN_NAME_START <= text.length; i++) {
        for (const { term, length } of namesSharingStart(text, i)) {
          if (length === term.key.length) continue;
          // What the part says beyond the domain's own words (ボランティア募集 says only 募集 in a volunteering catalog).
          const part = withoutAnchors(term.key.slice(0, length));
          if (part.length < MIN_NAME_START || part.length < withoutAnchors(term.key).length * NAME_START_SHARE) continue;
          found.push({ term, start: i, end: i + length, confidence: NAME_START_CONFIDENCE, via: "start", covered: length });
        }
      }
      return found;
    },
    findByReading(spelled) {
      const found: TermOccurrence[] = [];
      for (let first = 0; first < spelled.length; first++) {
        let reading = "";
        for (let last = first; last < spelled.length; last++) {
          reading += (spelled[last] as LocatedWord).key;
          if (!readingStarts.has(reading)) break;
          for (const term of readings.get(reading) ?? []) {
            const start = (spelled[first] as LocatedWord).start;
            const end = (spelled[last] as LocatedWord).end;
            found.push({ term, start, end, confidence: READING_CONFIDENCE, via: "reading", covered: end - start });
          }
        }
      }
      return found;
    },
    fuzzyCandidates(text, exclude) {
      const touched: number[] = [];
      for (const bg of new Set(bigrams(text))) {
        for (const i of fuzzyByBigram.get(bg) ?? []) {
          if (hitCounts[i] === 0) touched.push(i);
          hitCounts[i] = (hitCounts[i] ?? 0) + 1;
        }
      }
      const close: { term: IndexedTerm; share: number }[] = [];
      for (const i of touched) {
        const term = fuzzyTerms[i] as IndexedTerm;
        const n = hitCounts[i] ?? 0;
        hitCounts[i] = 0;
        const share = n / (term.key.length - 1);
        if (n >= 2 && share >= 0.5 && !exclude.has(term.key)) close.push({ term, share });
      }
      return close
        .sort((a, b) => b.share - a.share)
        .slice(0, MAX_FUZZY_CANDIDATES)
        .map(({ term }) => term);
    },
  };
}
