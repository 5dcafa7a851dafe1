/** Many words of a long question, weighed by how rare they are in the catalog (BM25 over each resource's texts). */
import type { ContentRanker } from "../content-ranking.ts";
import { type EvidenceSource, type ResourceHit, noFinding } from "../evidence.ts";

// BM25 scores (MiniSearch) grow with boosts and words; their logarithm at this rate joins the term evidence.
const CONTENT_WEIGHT = 0.6;
const fieldLabel: Record<string, string> = { names: "名前", keywords: "キーワード", topics: "トピック", summary: "概要" };

/**
 * isTerm: whether a word is a whole catalog term of its own; generic: category, anchor and place words.
 * Only such a non-generic word found in a resource's names, keywords or topics says what the question is about.
 */
export function contentSource(rankByContent: ContentRanker, isTerm: (word: string) => boolean, genericWords: ReadonlySet<string>): EvidenceSource {
  return {
    name: "content",
    find(message) {
      const resources: ResourceHit[] = [];
      // Words weigh by what they do in the message: less in the scene, more in what is asked. A word inside a
      // setting word (ウイルス of 新型コロナウイルス) is the setting's, not a word of its own.
      const own = new Set(message.located.filter((w) => !message.insideSetting(w)).map((w) => w.key));
      for (const hit of rankByContent([...own], message.weightOf)) {
        const hitWords = Object.keys(hit.words);
        const scene = hitWords.every((w) => message.weightOf(w) < 1);
        // A part of a keyword (感染 of 感染拡大防止), a place or a summary word does not make the match specific.
        const specific = hitWords.some((w) => !genericWords.has(w) && (hit.words[w] ?? []).some((field) => field === "topics" || (field !== "summary" && isTerm(w))));
        resources.push({
          resourceId: hit.resourceId,
          content: CONTENT_WEIGHT * Math.log1p(hit.score),
          specific,
          ...(scene ? { scene } : {}),
          matched: `語:${hitWords.map((w) => `${w}[${(hit.words[w] ?? []).map((f) => fieldLabel[f] ?? f).join("/")}]`).join("・")}`,
        });
      }
      return { ...noFinding(), resources };
    },
  };
}
