/** One ranking of the resources from the merged evidence of every source. */
import type { Catalog } from "../catalog/schema.ts";
import { isProgramme } from "../catalog/warnings.ts";
import type { ResourceMatch } from "./decision.ts";
import type { CategoryEvidence, MergedEvidence } from "./evidence.ts";

export const MIN_CATEGORY_SCORE = 1.5;
const CATEGORY_MEMBER_BONUS = 1;
const REGION_MATCH_BONUS = 1.5;
const REGION_UNKNOWN_FACTOR = 0.85;
const REGION_OTHER_FACTOR = 0.5;

/**
 * asksForKind: whether a category's evidence asks for its kind (by default, found in what is asked); a
 * programme comes first only when its kind is asked for.
 */
export function createRanking(catalog: Catalog, asksForKind: (category: CategoryEvidence) => boolean = (c) => c.asked) {
  const resources = new Map(catalog.resources.map((r) => [r.id, r]));
  const programmes = new Set(catalog.resources.filter((r) => isProgramme(catalog, r)).map((r) => r.id));

  /**
   * What the message says for a resource: its own terms and shared words, lifted when its category is
   * asked about. Only resources with evidence of their own are ranked: a category word alone lifts its
   * members but does not make them candidates (the category answer covers that case).
   */
  function strength({ resources: evidence, categories }: MergedEvidence, id: string): number {
    const r = resources.get(id);
    const categoryScore = categories.find(([categoryId]) => categoryId === r?.category)?.[1].score ?? 0;
    const e = evidence.get(id);
    return (e?.own ?? 0) + (e?.content ?? 0) + (categoryScore >= MIN_CATEGORY_SCORE ? CATEGORY_MEMBER_BONUS : 0);
  }

  /**
   * A programme (a subsidy) comes first only when its kind is asked for (a word of its category, not only in
   * the scene, and not only what something costs), it is named (in one piece or by its words), or two of its own
   * terms are, in two places of the message (two terms sharing a word name one object asked about):
   * 「PCで情報が漏れたら」 does not ask for money because a subsidy lists PCs.
   */
  function unaskedProgramme(merged: MergedEvidence, id: string): boolean {
    const e = merged.resources.get(id);
    const category = merged.categories.find(([c]) => c === resources.get(id)?.category)?.[1];
    return programmes.has(id) && !e?.byName && (e?.places ?? 0) < 2 && !(category && asksForKind(category));
  }

  /** Whether a resource may be shown first: found by what is asked (not only the scene), and not a programme nobody asked for. */
  function mayLead(merged: MergedEvidence, id: string): boolean {
    return (merged.resources.get(id)?.asked ?? false) && !unaskedProgramme(merged, id);
  }

  function rank(merged: MergedEvidence): ResourceMatch[] {
    const { resources: evidence, region } = merged;
    const scores = new Map<string, number>();
    for (const id of evidence.keys()) {
      const r = resources.get(id);
      if (!r) continue;
      let score = strength(merged, id);
      if (score === 0 && !evidence.get(id)?.decisive) continue;
      if (r.region !== undefined) {
        if (r.region === region) score += REGION_MATCH_BONUS;
        else score *= region === undefined ? REGION_UNKNOWN_FACTOR : REGION_OTHER_FACTOR;
      }
      scores.set(id, score);
    }
    // A firm that says it is elsewhere sees region-only help after everything else that matched.
    // Unless they name it: then it is what they ask about.
    const elsewhere = (id: string) => {
      const r = resources.get(id)?.region;
      return region !== undefined && r !== undefined && r !== region && !evidence.get(id)?.named ? 1 : 0;
    };
    // The same question asked before (an example) decides: it comes first, the most alike first. Then those
    // that may lead (a resource found only by words that set the scene is not what is asked).
    const decisive = (id: string) => (evidence.get(id)?.decisive ? (evidence.get(id)?.likeness ?? 0) : 0);
    const sceneOnly = (id: string) => (evidence.get(id)?.asked ? 0 : 1);
    const unasked = (id: string) => (unaskedProgramme(merged, id) ? 1 : 0);
    return [...scores]
      .sort((a, b) => decisive(b[0]) - decisive(a[0]) || sceneOnly(a[0]) - sceneOnly(b[0]) || unasked(a[0]) - unasked(b[0]) || elsewhere(a[0]) - elsewhere(b[0]) || b[1] - a[1])
      .map(([resourceId, score]) => {
        const e = evidence.get(resourceId);
        return { resourceId, score: Math.round(score * 100) / 100, matched: e?.matched ?? [], ...(e && e.topics.length > 0 ? { topics: e.topics } : {}) };
      });
  }

  return { rank, strength, mayLead, asksForKind };
}
