/**
 * Japanese morphological analysis (Lindera with the IPADIC dictionary, compiled to WebAssembly and
 * shipped inside its npm package): words with their base form, part of speech and reading.
 * Loaded once per process (about 0.3 s and 140 MB of RSS, outside the JS heap); a short message
 * takes about 0.05–0.2 ms.
 */
import { createRequire } from "node:module";
import { type LeanToken, type LeanTokenizer, createLeanTokenizer } from "./lindera-lean.ts";
import { foldKana } from "./normalize.ts";

export interface Token {
  /** The word as written (NFKC). */
  surface: string;
  /** Dictionary form (申請し → 申請, もらえ → もらえる); the surface for unknown words. */
  base: string;
  /** Hiragana reading; the surface (kana-folded) for unknown words. */
  reading: string;
  /** Part of speech and its first subcategory (名詞/サ変接続, 動詞/自立, UNK for unknown words). */
  pos: string;
  pos1: string;
  /** Whether the dictionary knows the word (unknown runs of katakana or Latin are whole tokens). */
  known: boolean;
  /** Offsets in the analysed text (UTF-16 code units). */
  start: number;
  end: number;
}

export interface Analyzer {
  tokenize(text: string): Token[];
}

const UNKNOWN_WORD_ID = 4294967295;
// The dictionary search grows faster than the text on long runs without punctuation (5,000 あ take
// about 0.2 s at once), so text is analysed in sentences of at most this many characters.
const MAX_PIECE = 100;
const SENTENCE_END = /[。．.!！?？\n]/u;

/** Sentences of the text (each with its offset), long ones cut into pieces of MAX_PIECE characters. */
function pieces(text: string): { piece: string; offset: number }[] {
  const out: { piece: string; offset: number }[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const atEnd = i === text.length;
    if (!atEnd && !SENTENCE_END.test(text[i] as string) && i - start < MAX_PIECE) continue;
    const end = atEnd ? i : SENTENCE_END.test(text[i] as string) ? i + 1 : i;
    if (end > start) out.push({ piece: text.slice(start, end), offset: start });
    start = end;
  }
  return out;
}

// Only the beginning of a very long message is analysed (a pasted document holds its question early),
// and a character repeated many times (ああああ, ！！！！) is read as three: more says no more.
const MAX_ANALYSED = 500;
const MAX_REPEAT = 3;

/** The text to analyse, and for each of its characters the position it came from. */
function condensed(text: string): { text: string; from: number[] } {
  let out = "";
  const from: number[] = [];
  let run = 0;
  for (let i = 0; i < text.length && out.length < MAX_ANALYSED; i++) {
    run = i > 0 && text[i] === text[i - 1] ? run + 1 : 1;
    if (run > MAX_REPEAT) continue;
    out += text[i];
    from.push(i);
  }
  return { text: out, from };
}

/** The package's own glue: slower, kept for a version of the package the lean binding does not know. */
export function packageTokenizer(): LeanTokenizer {
  const { TokenizerBuilder } = createRequire(import.meta.url)("lindera-wasm-nodejs-ipadic") as typeof import("lindera-wasm-nodejs-ipadic");
  const builder = new TokenizerBuilder();
  builder.setDictionary("embedded://ipadic");
  builder.setMode("normal");
  return builder.build() as LeanTokenizer;
}

function leanOrPackageTokenizer(): LeanTokenizer {
  try {
    return createLeanTokenizer();
  } catch {
    return packageTokenizer();
  }
}

// Sentences recur inside longer messages (「今電話つながる？」, a greeting before the question), so the
// tokens of recent sentences are kept, least recently used first out.
const SENTENCES_KEPT = 2000;

export function createAnalyzer(tokenizer: LeanTokenizer = leanOrPackageTokenizer()): Analyzer {
  const recent = new Map<string, readonly Token[]>();
  const sentenceTokens = (piece: string): readonly Token[] => {
    let tokens = recent.get(piece);
    if (tokens) recent.delete(piece);
    else {
      tokens = tokenizePiece(piece);
      if (recent.size >= SENTENCES_KEPT) recent.delete(recent.keys().next().value as string);
    }
    recent.set(piece, tokens);
    return tokens;
  };
  return {
    tokenize(text) {
      const { text: analysed, from } = condensed(text);
      const tokens: Token[] = [];
      // Copies: callers get tokens of their own, at this message's offsets.
      for (const { piece, offset } of pieces(analysed)) for (const t of sentenceTokens(piece)) tokens.push({ ...t, start: t.start + offset, end: t.end + offset });
      // Offsets back in the caller's text: a token ends after the source of its last character.
      for (const t of tokens) [t.start, t.end] = [from[t.start] ?? text.length, (from[t.end - 1] ?? text.length - 1) + 1];
      return tokens;
    },
  };

  function tokenizePiece(text: string): Token[] {
      const raw: LeanToken[] = tokenizer.tokenize(text);
      const tokens: Token[] = [];
      let at = 0;
      for (const t of raw) {
        // Lindera reports byte offsets; surfaces are contiguous, so UTF-16 offsets follow from their lengths.
        const start = text.indexOf(t.surface, at);
        const from = start < 0 ? at : start;
        at = from + t.surface.length;
        const known = t.wordId !== UNKNOWN_WORD_ID && t.partOfSpeech !== "UNK";
        const base = known && t.baseForm && t.baseForm !== "*" ? t.baseForm : t.surface;
        const reading = known && t.reading && t.reading !== "*" ? t.reading : t.surface;
        tokens.push({
          surface: t.surface,
          base,
          reading: foldKana(reading.toLowerCase()),
          pos: known ? (t.partOfSpeech ?? "UNK") : "UNK",
          pos1: known ? (t.partOfSpeechSubcategory1 ?? "*") : "*",
          known,
          start: from,
          end: at,
        });
      }
      return tokens;
  }
}
