/**
 * Text folding shared by the index and the user's message, so both sides meet in one form:
 * NFKC (widths), lower case, katakana → hiragana, long-vowel and wave marks dropped,
 * synonyms replaced by their group's first word.
 */

// Long vowel marks, wave dashes and dashes all vary between writers; dropping them everywhere
// makes めーる, メール and ﾒｰﾙ the same key.
const LONG_MARKS = /[ー〜～~‐‑‒–—―−-]/g;
// Anything that is not a letter, a digit or a Japanese character separates words.
const SEPARATORS = /[^\p{L}\p{N}]+/gu;
const LONG_MARK = /^[ー〜～~‐‑‒–—―−-]$/;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const LATIN_ONLY = /^[a-z0-9 ]+$/;
const KANA_ONLY = /^\p{Script=Hiragana}+$/u;

/** Katakana → hiragana (ァ-ヶ, unit by unit): the same as replacing /[\u30a1-\u30f6]/g, without a callback per letter. */
export function foldKana(text: string): string {
  let first = 0;
  while (first < text.length && !isKatakanaUnit(text.charCodeAt(first))) first++;
  if (first === text.length) return text;
  let out = text.slice(0, first);
  let runStart = first;
  for (let i = first; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (!isKatakanaUnit(unit)) continue;
    if (runStart < i) out += text.slice(runStart, i);
    out += String.fromCharCode(unit - 0x60);
    runStart = i + 1;
  }
  return runStart < text.length ? out + text.slice(runStart) : out;
}

const isKatakanaUnit = (unit: number) => unit >= 0x30a1 && unit <= 0x30f6;

// の between two nouns is optional in Japanese (関連の企業 = 関連企業, 給付金の申請 = 給付金申請).
const LINKING_NO = /(?<=[\p{Script=Han}\p{Script=Katakana}ー])の(?=[\p{Script=Han}\p{Script=Katakana}])/gu;

/** NFKC, lower case, の between nouns dropped, hiragana, no long marks; spaces kept (one per gap). */
export function fold(text: string): string {
  return foldKana(text.normalize("NFKC").toLowerCase().replace(LINKING_NO, ""))
    .replace(LONG_MARKS, "")
    .replace(SEPARATORS, " ")
    .trim();
}

/** A text derived from a source text, with where each source position landed (length source + 1). */
export interface MappedText {
  text: string;
  map: Int32Array;
}

// What folding does to each UTF-16 unit on its own, filled in as units are met: the unit it becomes (plus one),
// or that it is dropped (a long mark) or separates words. A table lookup costs less than the regexes per character.
const DROPPED = -1;
const SEPARATES = -2;
const unitFolds = new Int32Array(0x10000);

function foldUnit(unit: number): number {
  let folded = unitFolds[unit] as number;
  if (folded === 0) {
    const ch = String.fromCharCode(unit);
    const lower = ch.toLowerCase();
    const kana = foldKana(lower.length === 1 ? lower : ch);
    folded = LONG_MARK.test(kana) ? DROPPED : WORD_CHAR.test(kana) ? kana.charCodeAt(0) + 1 : SEPARATES;
    unitFolds[unit] = folded;
  }
  return folded;
}

/**
 * The same folding as `fold` on an NFKC text, keeping track of positions, so that words found by the
 * analyzer in the NFKC text can be located in the folded one.
 */
export function foldMapped(nfkc: string): MappedText {
  const linking = new Set<number>();
  for (const m of nfkc.matchAll(LINKING_NO)) linking.add(m.index);
  const map = new Int32Array(nfkc.length + 1);
  const units = new Uint16Array(2 * nfkc.length);
  let length = 0;
  let pendingSpace = false;
  for (let i = 0; i < nfkc.length; i++) {
    map[i] = length + (pendingSpace && length > 0 ? 1 : 0);
    if (linking.has(i)) continue;
    const folded = foldUnit(nfkc.charCodeAt(i));
    if (folded === DROPPED) continue;
    if (folded === SEPARATES) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace && length > 0) units[length++] = 0x20;
    pendingSpace = false;
    units[length++] = folded - 1;
  }
  map[nfkc.length] = length;
  return { text: textOf(units.subarray(0, length)), map };
}

const UNITS_PER_CALL = 8192;

function textOf(units: Uint16Array): string {
  let text = "";
  for (let at = 0; at < units.length; at += UNITS_PER_CALL) text += String.fromCharCode(...units.subarray(at, at + UNITS_PER_CALL));
  return text;
}

/** Removes spaces; `gaps` are the positions where one was. */
export function compactMapped(spaced: MappedText): MappedText & { gaps: Set<number> } {
  const gaps = new Set<number>();
  const shift = new Int32Array(spaced.text.length + 1);
  let out = "";
  for (let i = 0; i < spaced.text.length; i++) {
    shift[i] = out.length;
    const ch = spaced.text[i] as string;
    if (ch === " ") gaps.add(out.length);
    else out += ch;
  }
  shift[spaced.text.length] = out.length;
  return { text: out, map: spaced.map.map((p) => shift[p] ?? out.length), gaps };
}

export function compact(folded: string): string {
  return folded.replace(/ /g, "");
}

export function isLatinTerm(folded: string): boolean {
  return LATIN_ONLY.test(folded);
}


export interface SynonymTable {
  apply(folded: string): string;
  /**
   * As `apply`, keeping track of positions. `isWord(start, end)` says whether a span of the folded text
   * is whole words: kana synonyms (める from メール) replace only whole words, not part of 止める.
   */
  applyMapped(folded: MappedText, isWord?: (start: number, end: number) => boolean): MappedText;
}

/**
 * Replaces every synonym by the first word of its group. Latin synonyms are replaced only as whole
 * words, so "hi" never rewrites part of "this"; Japanese ones anywhere (Japanese has no spaces).
 */
export function createSynonymTable(groups: string[][]): SynonymTable {
  const canonical = new Map<string, string>();
  for (const group of groups) {
    const [head, ...rest] = group.map(fold);
    if (head === undefined) continue;
    // The head maps to itself so that, longest first, メール inside メールアドレス is left alone.
    for (const word of [head, ...rest]) canonical.set(word, head);
  }
  if (canonical.size === 0) return { apply: (s) => s, applyMapped: (m) => m };
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const alternatives = [...canonical.keys()]
    .sort((a, b) => b.length - a.length)
    .map((w) => (isLatinTerm(w) ? `(?<![a-z0-9])${escape(w)}(?![a-z0-9])` : escape(w)));
  const pattern = new RegExp(alternatives.join("|"), "g");
  return {
    apply: (s) => s.replace(pattern, (m) => canonical.get(m) ?? m),
    applyMapped({ text, map }, isWord = () => true) {
      // Positions inside a replaced word land inside (or at the end of) its replacement.
      const shift = new Int32Array(text.length + 1);
      let out = "";
      let last = 0;
      for (const m of text.matchAll(pattern)) {
        if (KANA_ONLY.test(m[0]) && !isWord(m.index, m.index + m[0].length)) continue;
        for (let i = last; i < m.index; i++) shift[i] = out.length + (i - last);
        out += text.slice(last, m.index);
        const replacement = canonical.get(m[0]) ?? m[0];
        for (let i = 0; i < m[0].length; i++) shift[m.index + i] = out.length + Math.min(i, replacement.length);
        out += replacement;
        last = m.index + m[0].length;
      }
      for (let i = last; i <= text.length; i++) shift[i] = out.length + (i - last);
      out += text.slice(last);
      return { text: out, map: map.map((p) => shift[p] ?? out.length) };
    },
  };
}
