// Scoring the engine (no server) on labelled questions in the evaluator's format, the way the evaluator
// scores replies, plus what "acceptable" alone hides: the best resource first, the top three, refusals.
// Shared by `npm run measure`, the matching-quality tests and the operators' score.
import { DateTime } from "luxon";
import type { Catalog } from "../catalog/schema.ts";
import { isProgramme } from "../catalog/warnings.ts";
import { shownResources } from "../reply/render.ts";
import type { Decision } from "../understand/decision.ts";

export const questionKinds = ["resource", "category", "open_now", "out_of_scope", "greeting"] as const;

export interface LabelledQuestion {
  id: string;
  text: string;
  kind: (typeof questionKinds)[number];
  /** Every first card a careful person accepts: resource ids, canonical names or category names. */
  expect: string[];
  /** The best first card(s); absent: the first of `expect`. */
  best?: string[];
  /** The instant it is asked (ISO time with an offset); absent: now. */
  at?: string;
  /** Questions with the same user form one conversation, in file order. */
  user?: string;
  note?: string;
}

/** Questions from JSONL text (blank lines and lines starting with # or // are skipped); a bad line names its number. */
export function parseQuestions(text: string, file: string): LabelledQuestion[] {
  return text.split("\n").flatMap((line, i) => {
    if (!line.trim() || line.startsWith("#") || line.startsWith("//")) return [];
    let q: LabelledQuestion;
    try {
      q = JSON.parse(line) as LabelledQuestion;
    } catch (err) {
      throw new Error(`${file}:${i + 1}: JSON として読めません (${(err as Error).message})`);
    }
    if (typeof q.text !== "string" || !questionKinds.includes(q.kind) || !Array.isArray(q.expect ?? [])) {
      throw new Error(`${file}:${i + 1}: text, kind (${questionKinds.join(" / ")}) と expect を持つ行にしてください`);
    }
    return [{ ...q, expect: q.expect ?? [] }];
  });
}

export interface Outcome {
  question: LabelledQuestion;
  /** The first card is one the labels accept (the evaluator's pass). */
  firstRight: boolean;
  /** In-scope questions: the best card comes first. */
  bestFirst: boolean;
  /** In-scope questions: an accepted card is among the first three shown. */
  topThreeRight: boolean;
  /** No card shown: refused, not found, a greeting or a remark answered as such. */
  refused: boolean;
  /** Resource ids in the order the reply shows them. */
  shown: string[];
  /** The first card is a programme with a lifetime (a subsidy…). */
  programmeFirst: boolean;
  /** The labels accept some programme: the question is about one. */
  programmeAccepted: boolean;
}

const inScope = (q: LabelledQuestion) => q.kind === "resource" || q.kind === "category";

export function createScorer(catalog: Catalog): (q: LabelledQuestion, decision: Decision) => Outcome {
  const nameOf = (id: string) => catalog.resources.find((r) => r.id === id)?.name ?? id;
  // As the evaluator reads `expect`: a canonical name, a resource id, or a category name (its members).
  const inCategory = (e: string, id: string) => catalog.categories.some((c) => c.name === e && catalog.resources.some((r) => r.id === id && r.category === c.id));
  const accepts = (labels: string[], id: string | undefined) => id !== undefined && labels.some((e) => nameOf(id).includes(e) || e === id || inCategory(e, id));
  const ctx = { catalog, now: DateTime.now().setZone("Asia/Tokyo") };
  const programmes = catalog.resources.filter((r) => isProgramme(catalog, r)).map((r) => r.id);
  const isProgrammeId = (id: string | undefined) => id !== undefined && programmes.includes(id);

  /** The resources whose cards the reply shows, in order (the lines of every open-now answer). */
  function shownFirst(decision: Decision): string[] {
    if (decision.kind === "openNow" && decision.resourceIds.length > 0) return decision.resourceIds;
    if (decision.kind === "openNow") return catalog.resources.filter((r) => r.contacts.some((x) => x.kind === "phone" && x.hours)).map((r) => r.id);
    return shownResources(decision, ctx).map((r) => r.id);
  }

  return (q, decision) => {
    const shown = shownFirst(decision);
    const [first] = shown;
    const best = q.best ?? q.expect.slice(0, 1);
    const firstRight = (() => {
      switch (q.kind) {
        case "resource":
          return accepts(q.expect, first);
        case "category":
          return decision.kind === "category" && accepts(q.expect, first);
        case "open_now":
          return decision.kind === "openNow" && q.expect.every((e) => shown.some((id) => nameOf(id).includes(e) || id === e));
        case "out_of_scope":
          return shown.length === 0 && decision.kind !== "referral";
        case "greeting":
          return decision.kind === "greeting";
      }
    })();
    return {
      question: q,
      firstRight,
      bestFirst: inScope(q) && accepts(best, first),
      topThreeRight: inScope(q) && shown.slice(0, 3).some((id) => accepts(q.expect, id)),
      refused: shown.length === 0,
      shown,
      programmeFirst: isProgrammeId(first),
      programmeAccepted: programmes.some((id) => accepts(q.expect, id)),
    };
  };
}

export interface Share {
  count: number;
  of: number;
}

export interface Summary {
  total: number;
  byKind: Record<string, Share>;
  /** The evaluator's score: the first card (or its absence) is right. */
  firstRight: Share;
  /** In-scope questions whose best card comes first. */
  bestFirst: Share;
  /** In-scope questions with an accepted card among the first three. */
  topThree: Share;
  /** In-scope questions refused or "not found": the worst error, the person leaves without help. */
  wrongRefusals: Share;
  /** Out-of-scope questions given no card. */
  outOfScopeRefused: Share;
  /** Of the questions given no card, those that were out of scope. */
  refusalPrecision: Share;
  /** Of the questions (in scope or out of scope) whose labels accept no programme, those answered with a programme card first: a reply that misleads. */
  unwantedProgrammeFirst: Share;
}

export function summarize(outcomes: Outcome[]): Summary {
  const share = (list: Outcome[], test: (o: Outcome) => boolean): Share => ({ count: list.filter(test).length, of: list.length });
  const scoped = outcomes.filter((o) => inScope(o.question));
  const outside = outcomes.filter((o) => o.question.kind === "out_of_scope");
  const refused = outcomes.filter((o) => o.refused && o.question.kind !== "greeting");
  const byKind: Record<string, Share> = {};
  for (const kind of questionKinds) {
    const list = outcomes.filter((o) => o.question.kind === kind);
    if (list.length > 0) byKind[kind] = share(list, (o) => o.firstRight);
  }
  return {
    total: outcomes.length,
    byKind,
    firstRight: share(outcomes, (o) => o.firstRight),
    bestFirst: share(scoped, (o) => o.bestFirst),
    topThree: share(scoped, (o) => o.topThreeRight),
    wrongRefusals: share(scoped, (o) => o.refused),
    outOfScopeRefused: share(outside, (o) => o.refused),
    refusalPrecision: share(refused, (o) => o.question.kind === "out_of_scope"),
    unwantedProgrammeFirst: share(
      outcomes.filter((o) => (inScope(o.question) || o.question.kind === "out_of_scope") && !o.programmeAccepted),
      (o) => o.programmeFirst,
    ),
  };
}

export const percent = ({ count, of }: Share) => (of === 0 ? "–" : `${((100 * count) / of).toFixed(1)}%`);
