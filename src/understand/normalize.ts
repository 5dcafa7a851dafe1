/**
 * Text folding shared by the index and the user's message, so both sides meet in one form:
 * NFKC (widths), lower case, katakana → hiragana, long-vowel and wave marks dropped,
 * synonyms replaced by their group's first word.
 */

const KATAKANA = /[\u30a1-\u30f6]/g;
// Long vowel marks, wave dashes and dashes all vary between writers; dropping them everywhere
// makes てれわーく, テレワーク and ﾃﾚﾜｰｸ the same key.
const LONG_MARKS = /[ー〜～~‐‑‒–—―−-]/g;
// Anything that is not a letter, a digit or a Japanese character separates words.
const SEPARATORS = /[^\p{L}\p{N}]+/gu;
const LATIN_WORD = /[a-z0-9]+/g;
const LATIN_ONLY = /^[a-z0-9 ]+$/;

export function foldKana(text: string): string {
  return text.replace(KATAKANA, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
}

// の between two nouns is optional in Japanese (関連の企業 = 関連企業, 助成金の申請 = 助成金申請).
const LINKING_NO = /(?<=[\p{Script=Han}\p{Script=Katakana}ー])の(?=[\p{Script=Han}\p{Script=Katakana}])/gu;

/** NFKC, lower case, の between nouns dropped, hiragana, no long marks; spaces kept (one per gap). */
export function fold(text: string): string {
  return foldKana(text.normalize("NFKC").toLowerCase().replace(LINKING_NO, ""))
    .replace(LONG_MARKS, "")
    .replace(SEPARATORS, " ")
    .trim();
}

export function compact(folded: string): string {
  return folded.replace(/ /g, "");
}

export function isLatinTerm(folded: string): boolean {
  return LATIN_ONLY.test(folded);
}

export function latinWords(folded: string): string[] {
  return folded.match(LATIN_WORD) ?? [];
}

export interface SynonymTable {
  apply(folded: string): string;
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
  if (canonical.size === 0) return { apply: (s) => s };
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const alternatives = [...canonical.keys()]
    .sort((a, b) => b.length - a.length)
    .map((w) => (isLatinTerm(w) ? `(?<![a-z0-9])${escape(w)}(?![a-z0-9])` : escape(w)));
  const pattern = new RegExp(alternatives.join("|"), "g");
  return { apply: (s) => s.replace(pattern, (m) => canonical.get(m) ?? m) };
}
