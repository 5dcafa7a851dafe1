/**
 * Content words of a text: what a question is about, in dictionary form, so that 申請したい,
 * 申請できる and 申請方法 all carry 申請, and 補助してもらえますか carries 補助.
 */
import type { Vocabulary } from "../catalog/schema.ts";
import { memoized } from "../memoized.ts";
import type { Analyzer, Token } from "./analyzer.ts";
import { type SynonymTable, compact, fold } from "./normalize.ts";
import { looseReading, romajiAsHiragana } from "./readings.ts";

export interface Word {
  /** Folded dictionary form with synonyms applied (在宅 → the group's first word). */
  key: string;
  /** Offsets of the token in the analysed (NFKC) text. */
  start: number;
  end: number;
  /** A noun (or an unknown word): what can put a question in or out of a domain. */
  noun: boolean;
  /** A verb, or a verbal noun used as one (負担する): what a clause says is done. */
  predicate?: boolean;
}

// Words of general Japanese that say nothing about a topic: light verbs, formal nouns, question
// words. Language-level, not domain words: a catalog about anything shares them.
const STOPWORDS = new Set(
  [
    "する", "できる", "出来る", "なる", "ある", "いる", "居る", "おる", "れる", "られる", "せる", "させる", "もらう", "もらえる", "貰う", "くれる", "いただく", "いただける", "頂く",
    "やる", "いう", "言う", "思う", "考える", "教える", "知る", "わかる", "分かる", "みる", "見る", "来る", "くる", "行く", "いく", "おく", "しまう", "ください", "下さる", "くださる",
    "ほしい", "欲しい", "いい", "良い", "よい", "ない", "無い", "多い", "すごい", "どう", "こう", "そう", "ああ",
    "こと", "事", "もの", "物", "ため", "為", "とき", "時", "ところ", "所", "方", "ほう", "件", "点", "中", "よう", "様", "感じ", "的", "等", "など", "ら", "たち", "達", "さん", "様子",
    "何", "なに", "なん", "どこ", "いつ", "誰", "だれ", "どれ", "どちら", "どっち", "どの", "どんな", "いくら", "これ", "それ", "あれ", "ここ", "そこ", "あそこ", "こちら", "そちら",
    "私", "わたし", "僕", "自分", "うち", "我々", "皆", "みんな", "今", "いま", "今回", "最近", "場合", "方法", "やり方", "仕方", "質問", "お願い", "願い", "よろしく",
  ].map((w) => w.normalize("NFKC")),
);

// Nouns that say which side of a subject is asked about (注意点, コツ, 責任), not a subject of their own: a
// question made with one is about the subject beside it. Language-level, as the stopwords above.
export const ASPECT_NOUNS = new Set(
  [
    "注意点", "注意", "留意点", "留意", "注意事項", "留意事項", "事項", "ポイント", "コツ", "こつ", "メリット", "デメリット", "利点", "欠点", "長所", "短所",
    "懸念", "懸念点", "問題点", "責任", "可否", "是非", "義務", "基準", "流れ", "具体例", "詳細", "工夫", "対処", "対処法", "心構え", "注意すべき点",
  ].map((w) => w.normalize("NFKC")),
);

// The last kana of a godan verb's stem form (働き) and of its dictionary form (働く): a noun so made is the verb's.
const STEM_TO_DICTIONARY: Record<string, string> = { き: "く", ぎ: "ぐ", し: "す", ち: "つ", に: "ぬ", び: "ぶ", み: "む", り: "る", い: "う" };

/** The dictionary form of the verb a noun is the stem form of (働き → 働く), or undefined. */
export function verbOfStem(noun: string): string | undefined {
  const last = noun.at(-1) ?? "";
  const ending = STEM_TO_DICTIONARY[last];
  return ending === undefined || noun.length < 2 ? undefined : `${noun.slice(0, -1)}${ending}`;
}

const DICTIONARY_TO_STEM: Record<string, string> = Object.fromEntries(Object.entries(STEM_TO_DICTIONARY).map(([stem, end]) => [end, stem]));

/** The noun a godan verb makes of its stem form (持ち出す → 持ち出し), or undefined: a topic is often written so. */
export function stemOfVerb(verb: string): string | undefined {
  const stem = DICTIONARY_TO_STEM[verb.at(-1) ?? ""];
  return stem === undefined || verb.length < 2 ? undefined : `${verb.slice(0, -1)}${stem}`;
}

// Dependent words that change what a phrase means (働きすぎ, 使いやすい, ならない): a term holding one
// cannot be matched by its content words alone.
const MEANINGFUL_DEPENDENTS = new Set(["すぎる", "過ぎる", "やすい", "にくい", "づらい", "ない", "ぬ", "ず"]);

const CONTENT_POS = new Set(["名詞", "動詞", "形容詞", "UNK"]);
// Nouns that only point or count (それ, こと, 3).
const NON_CONTENT_NOUNS = new Set(["代名詞", "非自立", "数", "接尾", "特殊"]);

/** A token that says what a text is about: a noun, a verb or an adjective of its own, not a light or formal word. */
export function isContent(t: Token): boolean {
  if (!CONTENT_POS.has(t.pos) || STOPWORDS.has(t.base)) return false;
  if (t.pos === "名詞") return !NON_CONTENT_NOUNS.has(t.pos1);
  if (t.pos === "動詞" || t.pos === "形容詞") return t.pos1 === "自立";
  // Unknown words: runs of letters or kana the dictionary lacks (Zoom, マイナポータル); not punctuation.
  return /[\p{L}\p{N}]/u.test(t.surface) && !/^\d+$/.test(t.surface);
}

const keysBySynonyms = new WeakMap<SynonymTable, (base: string) => string>();

export function wordKey(base: string, synonyms: SynonymTable): string {
  let key = keysBySynonyms.get(synonyms);
  if (!key) keysBySynonyms.set(synonyms, (key = memoized((b) => compact(wholeWordSynonyms(fold(b), synonyms)))));
  return key(base);
}

/** Synonyms applied to one word: a kana synonym only as the whole word (める is メール, not the end of 始める). */
function wholeWordSynonyms(folded: string, synonyms: SynonymTable): string {
  const map = Int32Array.from({ length: folded.length + 1 }, (_, i) => i);
  return synonyms.applyMapped({ text: folded, map }, (start, end) => start === 0 && end === folded.length).text;
}

/** Folded and without spaces, remembered (words and readings of tokens). */
export const foldedWord = memoized((s) => compact(fold(s)));

/** Words the catalog knows as one (労働災害), folded, and every start of one. */
interface Compounds {
  keys: ReadonlySet<string>;
  starts: ReadonlySet<string>;
}

const noCompounds: Compounds = { keys: new Set(), starts: new Set() };

/**
 * Content words in order. Consecutive tokens that spell a word the catalog knows as one (テレ+ワーク,
 * 労働+災害) are one word, so both sides split it the same way whatever the dictionary does.
 */
export function contentWords(tokens: readonly Token[], synonyms: SynonymTable, compounds: Compounds = noCompounds): Word[] {
  const words: Word[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const joined = longestCompound(tokens, i, compounds, synonyms);
    if (joined) {
      const last = tokens[joined.last] as Token;
      words.push({ key: joined.key, start: t.start, end: last.end, noun: true });
      i = joined.last;
      continue;
    }
    if (!isContent(t)) continue;
    const key = wordKey(t.base, synonyms);
    if (key.length === 0) continue;
    const verbal = t.pos === "動詞" || (t.pos1 === "サ変接続" && tokens[i + 1]?.base === "する");
    words.push({ key, start: t.start, end: t.end, noun: t.pos === "名詞" || t.pos === "UNK", ...(verbal ? { predicate: true } : {}) });
    // A suffix noun joins the word before it (通信+費, 生産+性): 通信費 is a topic, 費 alone is not.
    // The pair is not a noun of its own for the domain check: its first part already is one.
    const next = tokens[i + 1];
    if (next && next.pos === "名詞" && next.pos1 === "接尾" && t.pos === "名詞") {
      words.push({ key: wordKey(t.base + next.base, synonyms), start: t.start, end: next.end, noun: false });
    }
  }
  return words;
}

const MAX_COMPOUND_TOKENS = 4;

// Folding is not always the same joined as apart: の between nouns is dropped, NFKC joins a mark to the
// letter before it, and Greek sigma's lower case depends on the letters around it.
const JOINS_AT_START = /^[の\p{M}\u1100-\u11ff\u3131-\u318e\u3164\ua960-\ua97f\ud7b0-\ud7ff\uffa0-\uffdc\u309b\u309c\uff9e\uff9f]/u;
const CONTEXT_CASE = /[\u0370-\u03ff\u1f00-\u1fff\u{1d400}-\u{1d7ff}]/u;

/** Whether folding two surfaces joined gives their folded forms joined. */
function foldsApart(left: string, right: string): boolean {
  return !left.endsWith("の") && !JOINS_AT_START.test(right) && !CONTEXT_CASE.test(left) && !CONTEXT_CASE.test(right);
}

function longestCompound(tokens: readonly Token[], from: number, compounds: Compounds, synonyms: SynonymTable): { key: string; last: number } | null {
  if (compounds.keys.size === 0) return null;
  let surface = (tokens[from] as Token).surface;
  // The folded surface so far, while it starts a compound; null once it starts none.
  let spelled: string | null = foldedWord(surface);
  if (!compounds.starts.has(spelled)) spelled = null;
  let found: { key: string; last: number } | null = null;
  for (let last = from + 1; last < Math.min(tokens.length, from + MAX_COMPOUND_TOKENS); last++) {
    const next = (tokens[last] as Token).surface;
    // Where the pieces fold apart, a text that starts no compound cannot grow into one.
    const apart = foldsApart(surface, next);
    surface += next;
    if (apart && spelled === null) continue;
    const key = apart ? (spelled as string) + foldedWord(next) : foldedWord(surface);
    spelled = compounds.starts.has(key) ? key : null;
    if (compounds.keys.has(key)) found = { key: wordKey(surface, synonyms), last };
  }
  return found;
}

const looseKey = memoized((reading) => looseReading(foldedWord(reading)));

/** The loose reading of each token (romaji words read as kana), for matching names typed by sound. */
export function tokenReadings(tokens: readonly Token[]): { reading: string; start: number; end: number }[] {
  return tokens
    .map((t) => {
      const latin = /^[a-z]+$/i.test(t.surface) ? romajiAsHiragana(t.surface.toLowerCase()) : null;
      return { reading: looseKey(latin ?? t.reading), start: t.start, end: t.end };
    })
    .filter((r) => r.reading.length > 0);
}

/** How one catalog reads words: its synonyms, the compounds it knows as one word, and an analyzer. */
export interface Lexicon {
  synonyms: SynonymTable;
  analyzer: Analyzer;
  words(tokens: readonly Token[]): Word[];
  /** Whether a term's content words keep its meaning (補助がもらえる → 補助: yes; 働きすぎ → 働く: no). */
  faithful(tokens: readonly Token[]): boolean;

}

export function createLexicon(vocabulary: Vocabulary, synonyms: SynonymTable, analyzer: Analyzer): Lexicon {
  const keys = new Set([...vocabulary.synonyms.flat(), ...vocabulary.anchors].map((w) => compact(fold(w))).filter((k) => k.length > 1));
  // From the empty start: a token that folds to nothing (・) may begin one.
  const starts = new Set([...keys].flatMap((k) => Array.from({ length: k.length + 1 }, (_, n) => k.slice(0, n))));
  const compounds: Compounds = { keys, starts };
  const words = (tokens: readonly Token[]) => contentWords(tokens, synonyms, compounds);
  return {
    synonyms,
    analyzer,
    words,
    faithful: (tokens) => !tokens.some((t) => MEANINGFUL_DEPENDENTS.has(t.base)),
  };
}

/** Reads catalog texts while the indexes are built, each distinct text once (catalogs repeat their words). */
export interface CatalogReader {
  tokensOf(text: string): Token[];
  /** Content-word keys of a text. */
  keysOf(text: string): string[];
}

export function createCatalogReader(lexicon: Lexicon): CatalogReader {
  const tokenCache = new Map<string, Token[]>();
  const keyCache = new Map<string, string[]>();
  const tokensOf = (text: string) => {
    let tokens = tokenCache.get(text);
    if (!tokens) tokenCache.set(text, (tokens = lexicon.analyzer.tokenize(text.normalize("NFKC"))));
    return tokens;
  };
  return {
    tokensOf,
    keysOf(text) {
      let keys = keyCache.get(text);
      if (!keys) keyCache.set(text, (keys = lexicon.words(tokensOf(text)).map((w) => w.key)));
      return keys;
    },
  };
}
