/**
 * A reading of one message, made once before any evidence is weighed: its words (from the analyzer),
 * its folded form for matching, the intent words it holds, and where each word sits in the folded text.
 * Every evidence source reads the message through this.
 */
import type { Vocabulary } from "../catalog/schema.ts";
import type { Analyzer, Token } from "./analyzer.ts";
import { type AskedTime, createAskedTimeReader } from "./asked-time.ts";
import { type SynonymTable, compactMapped, foldMapped } from "./normalize.ts";
import { createProgrammeDetector } from "./programmes.ts";
import { type MessageForm, type SignalName, createSignalMatcher } from "./signals.ts";
import type { LocatedWord } from "./term-index.ts";
import { type Lexicon, type Word, foldedWord, tokenReadings } from "./words.ts";

/** A stretch of the compact (folded, spaceless) message text. */
export interface Span {
  start: number;
  end: number;
}

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
}

export function createMessageReader(vocabulary: Vocabulary, lexicon: Lexicon, analyzer: Analyzer, isKnownTerm: (key: string) => boolean) {
  const { synonyms } = lexicon;
  const signalsOf = createSignalMatcher(vocabulary, synonyms);
  const unknownProgrammes = createProgrammeDetector(vocabulary, synonyms, isKnownTerm);
  const askedTime = createAskedTimeReader(vocabulary.askedTime);

  return (text: string): MessageReading => {
    const nfkc = text.normalize("NFKC");
    const tokens = analyzer.tokenize(nfkc);
    const { form, gaps, at } = messageForm(nfkc, tokens, synonyms);
    const { signals, found } = signalsOf(form);
    const words = lexicon.words(tokens);
    const locate = (w: { start: number; end: number }): Span => ({ start: at[w.start] ?? 0, end: at[w.end] ?? 0 });
    return {
      nfkc,
      tokens,
      form,
      gaps,
      at,
      words,
      located: words.map((w) => ({ key: w.key, ...locate(w) })),
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
    };
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
