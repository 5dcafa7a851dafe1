import type { Vocabulary } from "../catalog/schema.ts";
import { type SynonymTable, compact, fold } from "./normalize.ts";

// Japanese particles and connectors end a programme's name when reading backwards from 助成金 etc.
const PARTICLES = new Set(["の", "を", "は", "が", "に", "で", "と", "も", "や", "へ", "って", "から", "まで", "より", "とか", "について", "など", "等の"]);
const MAX_NAME_LENGTH = 24;

/**
 * Finds programme names the catalog does not hold (ものづくり補助金, 雇用調整助成金): the words right
 * before a programme suffix, unless the whole name is known or is made only of known words
 * (テレワーク助成金, 東京都の助成金, コロナ助成金 describe, they do not name).
 */
export function createProgrammeDetector(vocabulary: Vocabulary, synonyms: SynonymTable, isKnownTerm: (key: string) => boolean) {
  const key = (s: string) => compact(synonyms.apply(fold(s)));
  const suffixes = vocabulary.programmeSuffixes.map((s) => s.normalize("NFKC"));
  const known = new Set([...vocabulary.qualifiers, ...vocabulary.synonyms.flat(), ...vocabulary.anchors].map(key));
  const isKnown = (k: string) => known.has(k) || isKnownTerm(k);
  const segmenter = new Intl.Segmenter("ja", { granularity: "word" });

  // Whether the name can be cut entirely into known words (a short dynamic programme over its characters).
  const madeOfKnownWords = (name: string) => {
    const reachable = [true, ...Array<boolean>(name.length).fill(false)];
    for (let end = 1; end <= name.length; end++) {
      for (let start = 0; start < end && !reachable[end]; start++) reachable[end] = Boolean(reachable[start]) && isKnown(name.slice(start, end));
    }
    return reachable[name.length] === true;
  };

  return (nfkc: string): string[] => {
    if (!suffixes.some((s) => nfkc.includes(s))) return [];
    const segments = [...segmenter.segment(nfkc)];
    const unknown: string[] = [];
    for (const suffix of suffixes) {
      for (let at = nfkc.indexOf(suffix); at >= 0; at = nfkc.indexOf(suffix, at + 1)) {
        let start = at;
        for (let i = segments.length - 1; i >= 0; i--) {
          const s = segments[i];
          if (!s || s.index >= start) continue;
          // A verb or adjective (使える, 新しい) describes the programme rather than naming it.
          const inflected = /\p{Script=Han}\p{Script=Hiragana}+$/u.test(s.segment);
          if (s.index + s.segment.length !== start || !s.isWordLike || inflected || PARTICLES.has(s.segment) || at - s.index > MAX_NAME_LENGTH) break;
          start = s.index;
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
