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
type Field = (typeof FIELDS)[number];
const BOOST: Record<Field, number> = { names: 3, keywords: 2, topics: 2, summary: 1 };
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

  // A word's BM25 score in each field of each resource, as MiniSearch scores it, in the order its search visits
  // them (field by field, resources in catalog order). Asked once per catalog word: a search per message cost
  // more in building its options than in scoring.
  const position = new Map(documents.map((d, i) => [d.id, i]));
  const fieldScores = new Map<string, { field: Field; resource: number; score: number }[]>();
  const scoresOf = (word: string) => {
    let scores = fieldScores.get(word);
    if (scores === undefined) {
      scores = FIELDS.flatMap((field) =>
        index
          .search(word, { fields: [field], boost: { [field]: 1 } })
          .map((hit) => ({ field, resource: position.get(String(hit.id)) ?? 0, score: hit.score }))
          .sort((a, b) => a.resource - b.resource),
      );
      fieldScores.set(word, scores);
    }
    return scores;
  };

  // MiniSearch's OR query, summed in its order so that scores are the same to the last bit: a word's fields
  // first, then the words in query order; each resource's total times the number of words it matched.
  return (words, weight) => {
    const asked = [...new Set(words)].filter((w) => (documentFrequency.get(w) ?? 0) <= maxFrequency).slice(0, MAX_QUERY_WORDS);
    const found = new Map<number, { score: number; words: Record<string, string[]> }>();
    for (const word of asked) {
      if (!documentFrequency.has(word)) continue;
      const boost = weight ? weight(word) : 1;
      const ofWord = new Map<number, { score: number; fields: string[] }>();
      for (const { field, resource, score } of scoresOf(word)) {
        const weighted = boost * BOOST[field] * score;
        const hit = ofWord.get(resource);
        if (hit) {
          hit.score += weighted;
          hit.fields.push(field);
        } else ofWord.set(resource, { score: weighted, fields: [field] });
      }
      for (const [resource, { score, fields }] of ofWord) {
        const total = found.get(resource);
        if (total) {
          total.score = total.score + score;
          total.words[word] = fields;
        } else found.set(resource, { score, words: { [word]: fields } });
      }
    }
    return [...found]
      .map(([resource, { score, words }]) => ({ resourceId: (documents[resource] as { id: string }).id, score: score * Object.keys(words).length, words }))
      .sort((a, b) => b.score - a.score);
  };
}
