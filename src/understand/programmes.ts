import type { Vocabulary } from "../catalog/schema.ts";
import type { Token } from "./analyzer.ts";
import { type SynonymTable, compact, fold } from "./normalize.ts";

// Japanese particles and connectors end a programme's name when reading backwards from a programme suffix.
const PARTICLES = new Set(["の", "を", "は", "が", "に", "で", "と", "も", "や", "へ", "って", "から", "まで", "より", "とか", "について", "など", "等の"]);
const MAX_NAME_LENGTH = 24;

/**
 * Finds programme names the catalog does not hold (特別定額給付金 when the catalog lacks it): the words right
 * before a programme suffix, unless the whole name is known or is made only of known words
 * (国の給付金, 東京都の給付金, コロナ給付金 describe, they do not name).
 */
export function createProgrammeDetector(vocabulary: Vocabulary, synonyms: SynonymTable, isKnownTerm: (key: string) => boolean) {
  const key = (s: string) => compact(synonyms.apply(fold(s)));
  const suffixes = vocabulary.programmeSuffixes.map((s) => s.normalize("NFKC"));
  const known = new Set([...vocabulary.qualifiers, ...vocabulary.synonyms.flat(), ...vocabulary.anchors].map(key));
  const isKnown = (k: string) => known.has(k) || isKnownTerm(k);

  // Whether the name can be cut entirely into known words (a short dynamic programme over its characters).
  const madeOfKnownWords = (name: string) => {
    const reachable = [true, ...Array<boolean>(name.length).fill(false)];
    for (let end = 1; end <= name.length; end++) {
      for (let start = 0; start < end && !reachable[end]; start++) reachable[end] = Boolean(reachable[start]) && isKnown(name.slice(start, end));
    }
    return reachable[name.length] === true;
  };

  // Nouns make a name (雇用調整, IT導入); a verb only as the stem of a noun it ends in (働き+方).
  const partOfName = (tokens: readonly Token[], i: number) => {
    const t = tokens[i] as Token;
    if (t.pos === "名詞") return t.pos1 !== "非自立" && t.pos1 !== "代名詞";
    if (t.pos === "UNK") return /[\p{L}\p{N}]/u.test(t.surface);
    const next = tokens[i + 1];
    return t.pos === "動詞" && next !== undefined && next.pos === "名詞" && next.pos1 === "接尾";
  };

  return (nfkc: string, tokens: readonly Token[]): string[] => {
    if (!suffixes.some((s) => nfkc.includes(s))) return [];
    const unknown: string[] = [];
    for (const suffix of suffixes) {
      for (let at = nfkc.indexOf(suffix); at >= 0; at = nfkc.indexOf(suffix, at + 1)) {
        let start = at;
        for (let i = tokens.length - 1; i >= 0; i--) {
          const t = tokens[i] as Token;
          if (t.start >= start) continue;
          if (t.end !== start || !partOfName(tokens, i) || PARTICLES.has(t.surface) || at - t.start > MAX_NAME_LENGTH) break;
          start = t.start;
        }
        const qualifier = key(nfkc.slice(start, at));
        if (qualifier.length === 0) continue;
        const name = nfkc.slice(start, at + suffix.length);
        if (isKnown(key(name)) || madeOfKnownWords(qualifier)) continue;
        unknown.push(name);
      }
    }
    return unknown;
  };
}
