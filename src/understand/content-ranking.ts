/**
 * BM25 over the content words of each resource (names, keywords, topics, summary), so that a long
 * question counts every word it shares with a resource, rare words most. MiniSearch does the
 * weighting; words come from the analyzer, the same way for the catalog and the message.
 */
import MiniSearch from "minisearch";
import type { Catalog } from "../catalog/schema.ts";
import type { Lexicon } from "./words.ts";

export interface ContentMatch {
  resourceId: string;
  score: number;
  /** Matched words and the fields they were found in, for explanations. */
  words: Record<string, string[]>;
}

export type ContentRanker = (words: readonly string[]) => ContentMatch[];

const FIELDS = ["names", "keywords", "topics", "summary"] as const;
const BOOST: Record<(typeof FIELDS)[number], number> = { names: 3, keywords: 2, topics: 2, summary: 1 };
// Words arrive already analysed; fields hold them joined by a character no word contains.
const JOINER = "\u0001";

export function buildContentRanker(catalog: Catalog, lexicon: Lexicon): ContentRanker {
  const wordsOf = (texts: readonly string[]) => texts.flatMap((text) => lexicon.keysOf(text)).join(JOINER);

  const index = new MiniSearch<{ id: string } & Record<(typeof FIELDS)[number], string>>({
    fields: [...FIELDS],
    tokenize: (text) => (text === "" ? [] : text.split(JOINER)),
    processTerm: (term) => term,
    searchOptions: { boost: BOOST, combineWith: "OR", prefix: false, fuzzy: false },
  });
  index.addAll(
    catalog.resources.map((r) => ({
      id: r.id,
      names: wordsOf([r.name, r.officialName, ...r.aliases]),
      keywords: wordsOf(r.keywords),
      topics: wordsOf(r.topics.flatMap((t) => t.terms)),
      summary: wordsOf([r.summary, ...(r.target ? [r.target] : [])]),
    })),
  );

  return (words) => {
    if (words.length === 0) return [];
    const query = [...new Set(words)].join(JOINER);
    return index.search(query).map((hit) => ({ resourceId: String(hit.id), score: hit.score, words: hit.match }));
  };
}
