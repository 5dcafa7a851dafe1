/**
 * The message's words read through their related words (a synonym dictionary's groups that meet the catalog):
 * 漏れる finds 情報漏洩 with 情報, 出費 finds the texts that say 費用. Weaker than the catalog's own words, and
 * a word with a related catalog word is not another subject.
 */
import type { ContentRanker } from "../content-ranking.ts";
import type { EvidenceSource, ResourceHit } from "../evidence.ts";
import type { Span } from "../reading.ts";
import { type LocatedWord, type TermIndex, type TermOccurrence, targetKey } from "../term-index.ts";
import { claimsOf } from "./terms.ts";

/** A catalog term found through a related word says less than the term itself. */
const RELATED_CONFIDENCE = 0.6;
/** Shared words found through related words join the content evidence at this rate. */
const RELATED_CONTENT = 0.5;
// As the content source weighs BM25 scores.
const CONTENT_WEIGHT = 0.6;

export function relatedSource(related: ReadonlyMap<string, readonly string[]>, index: TermIndex, rankByContent: ContentRanker, isCatalogWord: (key: string) => boolean): EvidenceSource {
  return {
    name: "related",
    find(message) {
      const resources: ResourceHit[] = [];
      const spans: Span[] = [];
      const extra: LocatedWord[] = [];
      // Related words of a word the catalog itself uses (経費) only complete terms; as shared words they would
      // lift every text that says the related word (費用), against the catalog's own choice of words.
      const unknownExtra: LocatedWord[] = [];
      const via = new Map<string, string>();
      const weight = new Map<string, number>();
      for (const word of message.located) {
        for (const key of related.get(word.key) ?? []) {
          extra.push({ key, start: word.start, end: word.end });
          if (!isCatalogWord(word.key)) unknownExtra.push({ key, start: word.start, end: word.end });
          via.set(key, `${word.key}→${key}`);
          weight.set(key, Math.max(weight.get(key) ?? 0, message.weightOf(word.key)));
        }
        if (related.has(word.key)) spans.push({ start: word.start, end: word.end });
      }
      if (extra.length === 0) return { resources, categories: [], spans, domainTerms: 0 };

      // Catalog terms the related words complete (情報 + 漏れる→漏洩 = 情報漏洩), not those the words alone found.
      const own = new Set(index.findByWords(message.located).map((o) => o.term.key));
      const words = [...message.located, ...extra].sort((a, b) => a.start - b.start);
      const counted = new Set<string>();
      const found: TermOccurrence[] = [];
      let domainTerms = 0;
      for (const occurrence of index.findByWords(words)) {
        if (own.has(occurrence.term.key)) continue;
        found.push(occurrence);
        const factor = RELATED_CONFIDENCE * occurrence.confidence;
        const scene = message.roleOf(occurrence) === "scene" ? { scene: true } : {};
        const through = [...via].filter(([key]) => occurrence.term.words.includes(key)).map(([, shown]) => shown).join("・");
        // Category words are broad already: a related word does not make a category of them.
        for (const target of occurrence.term.targets) {
          const once = `${occurrence.term.key}|${targetKey(target)}`;
          if (counted.has(once) || target.type !== "resource") continue;
          counted.add(once);
          if (target.kind === "name" || target.kind === "keyword" || target.kind === "topic") domainTerms++;
          resources.push({
            resourceId: target.id,
            own: target.weight * factor,
            specific: target.kind !== "organization" && !occurrence.term.targets.some((t) => t.type === "category"),
            term: true,
            topical: target.kind === "topic",
            covered: occurrence.covered,
            span: { start: occurrence.start, end: occurrence.end },
            matched: `${target.source}(関連語:${through})`,
            indirect: true,
            ...scene,
          });
        }
      }
      // Shared words through related words: the related words alone, so the message's own are not counted twice.
      const keys = [...new Set(unknownExtra.map((w) => w.key))];
      for (const hit of rankByContent(keys, (key) => weight.get(key) ?? 1)) {
        const hitWords = Object.keys(hit.words);
        resources.push({
          resourceId: hit.resourceId,
          content: RELATED_CONTENT * CONTENT_WEIGHT * Math.log1p(hit.score),
          ...(hitWords.every((w) => (weight.get(w) ?? 1) < 1) ? { scene: true } : {}),
          matched: `関連語:${hitWords.map((w) => via.get(w) ?? w).join("・")}`,
        });
      }
      const claims = claimsOf(
        message,
        found.filter((o) => o.term.targets.some((t) => t.type === "resource" && t.kind !== "organization")),
        (key) => related.get(key) ?? [],
      );
      return { resources, categories: [], spans, domainTerms, claims };
    },
  };
}
