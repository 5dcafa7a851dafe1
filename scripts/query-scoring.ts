// Scoring the core (no server) on question sets in the evaluator's format, the way the evaluator
// scores replies: shared by `npm run measure` and the matching-quality test.
import { readFileSync } from "node:fs";
import type { Catalog } from "../src/catalog/schema.ts";
import { orderByRegion } from "../src/reply/render.ts";
import type { Decision } from "../src/understand/decision.ts";

export interface Query {
  id: string;
  text: string;
  kind: "resource" | "category" | "open_now" | "out_of_scope" | "greeting";
  expect: string[];
}

export function readQueries(file: string): Query[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#") && !l.startsWith("//"))
    .map((l) => JSON.parse(l) as Query);
}

/** Whether the reply to `decision` would pass the evaluator for `q`. */
export function createScorer(catalog: Catalog): (q: Query, decision: Decision) => boolean {
  const nameOf = (id: string) => catalog.resources.find((r) => r.id === id)?.name ?? id;
  // As the evaluator reads `expect`: a canonical name, a resource id, or a category name (its members).
  const inCategory = (e: string, id: string) => catalog.categories.some((c) => c.name === e && catalog.resources.some((r) => r.id === id && r.category === c.id));
  const expected = (q: Query, id: string) => q.expect.some((e) => nameOf(id).includes(e) || e === id || inCategory(e, id));

  // The resources whose cards come first, in the order shown.
  function shownFirst(decision: Decision): string[] {
    const c = catalog;
    switch (decision.kind) {
      case "resources":
        return decision.matches.slice(0, 1).map((m) => m.resourceId);
      case "referral":
        return [decision.resourceId];
      case "category":
        // In the order the card carousel shows them.
        return orderByRegion(c.resources.filter((r) => r.category === decision.categoryId), decision.region).map((r) => r.id);
      case "openNow":
        return decision.resourceIds.length > 0 ? decision.resourceIds : c.resources.filter((r) => r.contacts.some((x) => x.kind === "phone" && x.hours)).map((r) => r.id);
      default:
        return [];
    }
  }

  function passes(q: Query, decision: Decision): boolean {
    const shown = shownFirst(decision);
    switch (q.kind) {
      case "resource":
        return expected(q, shown[0] ?? "");
      case "category":
        return decision.kind === "category" && expected(q, shown[0] ?? "");
      case "open_now":
        return decision.kind === "openNow" && q.expect.every((e) => shown.some((id) => nameOf(id).includes(e)));
      case "out_of_scope":
        return decision.kind === "noMatch" || decision.kind === "greeting";
      case "greeting":
        return decision.kind === "greeting";
    }
  }
  return passes;
}
