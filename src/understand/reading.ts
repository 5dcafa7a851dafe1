/**
 * A reading of one message, made once before any evidence is weighed: its words (from the analyzer),
 * its folded form for matching, the intent words it holds, and where each word sits in the folded text.
 * Every evidence source reads the message through this.
 */
import type { Vocabulary } from "../catalog/schema.ts";
import type { Analyzer, Token } from "./analyzer.ts";
import { type AskedTime, createAskedTimeReader } from "./asked-time.ts";
import { readFocus } from "./focus.ts";
import { type SynonymTable, compact, compactMapped, fold, foldMapped } from "./normalize.ts";
import { createProgrammeDetector } from "./programmes.ts";
import { type MessageForm, type SignalName, createSignalMatcher } from "./signals.ts";
import type { LocatedWord } from "./term-index.ts";
import { type Lexicon, type Word, foldedWord, stemOfVerb, tokenReadings, wordKey } from "./words.ts";

/** A stretch of the compact (folded, spaceless) message text. */
export interface Span {
  start: number;
  end: number;
}

/** What a part of the message does: set the scene, say what is asked, or neither. */
export type Role = "scene" | "asked" | "plain";

// Words that only set the scene weigh half; the words of what is asked a quarter more.
const ROLE_WEIGHT: Record<Role, number> = { scene: 0.5, asked: 1.25, plain: 1 };

export interface MessageReading {
  /** The message in NFKC, as the analyzer read it. */
  nfkc: string;
  tokens: Token[];
  form: MessageForm;
  /** Positions of the compact text where a space was removed. */
  gaps: Set<number>;
  /** Where each NFKC position lands in the compact text. */
  at: Int32Array;
  /** Content words in dictionary form, in message order. */
  words: Word[];
  /** The same words located in the compact text. */
  located: LocatedWord[];
  /** Each token's loose reading, located in the compact text (for names typed by sound). */
  spelled: LocatedWord[];
  /** Dictionary words written in katakana (アパート): a term may not start or end inside one (パート). */
  katakanaWords: [number, number][];
  has(signal: SignalName): boolean;
  signals: ReadonlySet<SignalName>;
  /** The intent words found, per signal, for explanations. */
  signalWords: ReadonlyMap<SignalName, string[]>;
  /** Programme names the catalog does not hold (特別定額給付金). */
  unknownProgrammes: string[];
  /** Written as a question (ends in ？, か, の…). */
  question: boolean;
  /** A time the message names (2024年, 今年度, まだやってる). */
  time: AskedTime | undefined;
  /** A word's place in the compact text. */
  locate(word: { start: number; end: number }): Span;
  /** Where the message sets the scene and where it asks (empty when the subject is not read). */
  focus: { scene: Span[]; asked: Span[] };
  /** Whether a span lies inside one of the catalog's setting words, shorter than it (ウイルス of 新型コロナウイルス; never when the subject is not read). */
  insideSetting(span: Span): boolean;
  /** Whether a span is made only of setting words (新型コロナウイルス感染症対策: two of them overlapping; never when the subject is not read). */
  onlySetting(span: Span): boolean;
  /** What a part of the message does. */
  roleOf(span: Span): Role;
  /** How much a content word counts for what it does in the message (where it does most). */
  weightOf(key: string): number;
  /**
   * Some sentence asks (a question or a request); the last one ends in a predicate (not a topic named); it
   * says a problem (困っています); it ends in a feeling (つらい, 不安); it ends as a reaction (a thought reported,
   * laughter); it tells a story in the past; the writer says what they mean to do (導入したい).
   */
  sentence: { asks: boolean; declares: boolean; problem: boolean; feeling: boolean; reaction: boolean; story: boolean; intends: boolean };
  /** Keys of the mood words that end a sentence (きつい, つらい). */
  moodWords: readonly string[];
  /** Keys of the words that only say a feeling: not a subject. */
  feelingWords: ReadonlySet<string>;
}

const covers = (spans: readonly Span[], at: number) => spans.some((s) => s.start <= at && at < s.end);

/** subject: whether to read which words set the scene and which ask (off only to measure what it adds). */
export function createMessageReader(vocabulary: Vocabulary, lexicon: Lexicon, analyzer: Analyzer, isKnownTerm: (key: string) => boolean, subject = true) {
  const { synonyms } = lexicon;
  const settingKeys = vocabulary.setting.map((w) => compact(synonyms.apply(fold(w)))).filter((k) => k.length > 0);
  // Words that say how or where to ask, or name the domain itself: a sentence made of them has no subject of its own.
  const intent = [vocabulary.availability, vocabulary.time, vocabulary.phone, vocabulary.inquiry, vocabulary.listing, vocabulary.help, vocabulary.greetings, vocabulary.thanks, vocabulary.anchors].flat();
  const genericKeys = new Set(intent.flatMap((w) => lexicon.words(analyzer.tokenize(w.normalize("NFKC"))).map((x) => x.key)));
  const signalsOf = createSignalMatcher(vocabulary, synonyms);
  const unknownProgrammes = createProgrammeDetector(vocabulary, synonyms, isKnownTerm);
  const askedTime = createAskedTimeReader(vocabulary.askedTime);
  // Topics outside the domain of two words or more are found by their words too, as the catalog's terms are
  // (残業代請求 in 残業代は請求できないのか, 出社拒否 in 出社するよう言われています。拒否して…).
  const outsideTopics = vocabulary.outOfScopeTopics
    .map((topic) => ({ topic: compact(synonyms.apply(fold(topic))), keys: lexicon.words(analyzer.tokenize(topic.normalize("NFKC"))).map((w) => w.key) }))
    .filter(({ keys }) => keys.length >= 2);

  return (text: string): MessageReading => {
    const nfkc = text.normalize("NFKC");
    const tokens = analyzer.tokenize(nfkc);
    const { form, gaps, at } = messageForm(nfkc, tokens, synonyms);
    const { signals, found } = signalsOf(form);
    const words = lexicon.words(tokens);
    const outsideByWords = outsideTopics.filter(({ topic, keys }) => !found.get("outOfScopeTopic")?.includes(topic) && wordsClose(words, keys));
    if (outsideByWords.length > 0) {
      signals.add("outOfScopeTopic");
      found.set("outOfScopeTopic", [...(found.get("outOfScopeTopic") ?? []), ...outsideByWords.map(({ topic }) => topic)]);
    }
    const locate = (w: { start: number; end: number }): Span => ({ start: at[w.start] ?? 0, end: at[w.end] ?? 0 });
    const tokenAt = new Map(tokens.map((t) => [t.start, t]));
    const setting = settingSpans(form.text, settingKeys);
    const read = readFocus(tokens, settingAt(tokens, locate, setting), (i) => genericKeys.has(wordKey((tokens[i] as Token).base, synonyms)));
    const spansOf = (indices: Set<number>) => [...indices].map((i) => locate(tokens[i] as Token)).filter((span) => span.end > span.start);
    const focus = subject ? { scene: spansOf(read.scene), asked: spansOf(read.asked) } : { scene: [], asked: [] };
    const roleOf = (span: Span): Role => {
      if (span.end <= span.start) return "plain";
      const positions = Array.from({ length: span.end - span.start }, (_, i) => span.start + i);
      if (positions.some((p) => covers(focus.asked, p))) return "asked";
      return positions.every((p) => covers(focus.scene, p)) ? "scene" : "plain";
    };
    const weights = new Map<string, number>();
    for (const w of words) weights.set(w.key, Math.max(weights.get(w.key) ?? 0, ROLE_WEIGHT[roleOf(locate(w))]));
    return {
      nfkc,
      tokens,
      form,
      gaps,
      at,
      words,
      // A verb also stands for the noun of its stem form, so a term written as a noun (持ち出し) is found in
      // a question that says it as a verb (資料を持ち出すときは…).
      located: words.flatMap((w) => {
        const token = tokenAt.get(w.start);
        const stem = token?.pos === "動詞" && token.end === w.end ? stemOfVerb(token.base) : undefined;
        const located = { key: w.key, ...locate(w) };
        return stem ? [located, { key: wordKey(stem, synonyms), ...locate(w) }] : [located];
      }),
      spelled: tokenReadings(tokens).map((r) => ({ key: r.reading, ...locate(r) })),
      katakanaWords: tokens
        .filter((t) => t.known && t.surface.length >= 2 && /^[\p{Script=Katakana}ー]+$/u.test(t.surface))
        .map((t) => [at[t.start] ?? 0, at[t.end] ?? 0]),
      has: (signal) => signals.has(signal),
      signals,
      signalWords: found,
      unknownProgrammes: unknownProgrammes(nfkc, tokens),
      question: /([?？]|か|の|かな)[。.]?$/u.test(nfkc.trim()),
      time: askedTime(nfkc),
      locate,
      focus,
      insideSetting: (span) => subject && setting.some((s) => s.start <= span.start && span.end <= s.end && span.end - span.start < s.end - s.start),
      onlySetting: (span) => subject && span.end > span.start && Array.from({ length: span.end - span.start }, (_, k) => span.start + k).every((p) => setting.some((s) => s.start <= p && p < s.end)),
      roleOf,
      weightOf: (key) => weights.get(key) ?? 1,
      sentence: { asks: read.asks, declares: read.declares, problem: read.problem, feeling: read.feeling, reaction: read.reaction, story: read.story, intends: read.intends },
      feelingWords: new Set([...read.feelings].map((i) => wordKey((tokens[i] as Token).base, synonyms))),
      moodWords: [...read.moods].map((i) => wordKey((tokens[i] as Token).base, synonyms)),
    };
  };
}

/** How far apart, in words, the words of a topic may stand and still say it. */
const TOPIC_WORD_WINDOW = 4;

/** Whether every key is among the words, in order, the first and last at most TOPIC_WORD_WINDOW words apart. */
function wordsClose(words: readonly { key: string }[], keys: readonly string[]): boolean {
  return words.some((w, start) => {
    if (w.key !== keys[0]) return false;
    let at = start;
    for (const key of keys.slice(1)) {
      const next = words.findIndex((x, i) => i > at && x.key === key);
      if (next < 0 || next - start > TOPIC_WORD_WINDOW) return false;
      at = next;
    }
    return true;
  });
}

/** Where the catalog's setting words are in the compact text. */
function settingSpans(text: string, keys: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (const key of keys) for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) spans.push({ start: at, end: at + key.length });
  return spans;
}

/** Whether token i lies in one of the setting words' places. */
function settingAt(tokens: readonly Token[], locate: (t: Token) => Span, setting: readonly Span[]): (i: number) => boolean {
  return (i) => {
    const { start, end } = locate(tokens[i] as Token);
    return end > start && setting.some((s) => s.start <= start && end <= s.end);
  };
}

/** The message folded for matching, with the place of every NFKC position in the compact text. */
function messageForm(nfkc: string, tokens: readonly Token[], synonyms: SynonymTable): { form: MessageForm; gaps: Set<number>; at: Int32Array } {
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
