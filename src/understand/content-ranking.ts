/**
 * BM25 over the content words of each resource (names, keywords, topics, summary), so that a long
 * question counts every word it shares with a resource, rare words most. MiniSearch does the
 * weighting; words come from the analyzer, the same way for the catalog and the message.
 */
import MiniSearch from "minisearch";
import type { Catalog } from "../catalog/schema.ts";
import type { CatalogReader } from "./words.ts";

export interface ContentMatch {
  resourceId: string;
  score: number;
  /** Matched words and the fields they were found in, for explanations. */
  words: Record<string, string[]>;
}

/** `weight`: how much each word of the message counts (1 by default). */
export type ContentRanker = (words: readonly string[], weight?: (word: string) => number) => ContentMatch[];

const FIELDS = ["names", "keywords", "topics", "summary"] as const;
const BOOST: Record<(typeof FIELDS)[number], number> = { names: 3, keywords: 2, topics: 2, summary: 1 };
// Words arrive already analysed; fields hold them joined by a character no word contains.
const JOINER = "\u0001";
const MIN_COMMON = 8;
const COMMON_SHARE = 0.25;
/** A question is read for its first words; a pasted document does not make a longer query. */
const MAX_QUERY_WORDS = 60;

export function buildContentRanker(catalog: Catalog, reader: CatalogReader): ContentRanker {
  const wordsOf = (texts: readonly string[]) => texts.flatMap((text) => reader.keysOf(text)).join(JOINER);

  const index = new MiniSearch<{ id: string } & Record<(typeof FIELDS)[number], string>>({
    fields: [...FIELDS],
    tokenize: (text) => (text === "" ? [] : text.split(JOINER)),
    processTerm: (term) => term,
    searchOptions: { boost: BOOST, combineWith: "OR", prefix: false, fuzzy: false },
  });
  const documents = catalog.resources.map((r) => ({
    id: r.id,
    names: wordsOf([r.name, r.officialName, ...r.aliases]),
    keywords: wordsOf(r.keywords),
    topics: wordsOf(r.topics.flatMap((t) => t.terms)),
    summary: wordsOf([r.summary, ...(r.target ? [r.target] : [])]),
  }));
  index.addAll(documents);

  // A word in most resources ranks none of them (its weight is near zero) but makes the search score
  // every document: it is left out of the query.
  const documentFrequency = new Map<string, number>();
  for (const d of documents) {
    for (const w of new Set(FIELDS.flatMap((f) => (d[f] === "" ? [] : d[f].split(JOINER))))) documentFrequency.set(w, (documentFrequency.get(w) ?? 0) + 1);
  }
  const maxFrequency = Math.max(MIN_COMMON, documents.length * COMMON_SHARE);

  return (words, weight) => {
    const asked = [...new Set(words)].filter((w) => (documentFrequency.get(w) ?? 0) <= maxFrequency).slice(0, MAX_QUERY_WORDS);
    if (asked.length === 0) return [];
    const query = asked.join(JOINER);
    return index.search(query, weight ? { boostTerm: (term) => weight(term) } : {}).map((hit) => ({ resourceId: String(hit.id), score: hit.score, words: hit.match }));
  };
}
