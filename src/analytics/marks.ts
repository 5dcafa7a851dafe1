import { DateTime } from "luxon";
import { stringify } from "yaml";
import type { Catalog } from "../catalog/schema.ts";
import { japanDateKey } from "../hours/holidays.ts";
import { type LabelledQuestion, type Summary, createScorer, summarize } from "../quality/scoring.ts";
import type { Decision } from "../understand/decision.ts";
import type { QueueGroup } from "./review-queue.ts";
import type { SqlDatabase } from "./sql.ts";

/**
 * An operator's verdict on a group of questions: the answer is this resource, the question is out of scope,
 * it is chatter (a remark, not a request), or the catalog needs content it does not have yet.
 */
export const markVerdicts = ["resource", "outOfScope", "chatter", "needsContent"] as const;
export type MarkVerdict = (typeof markVerdicts)[number];

export const verdictLabels: Record<MarkVerdict, string> = { resource: "この窓口・制度で答える", outOfScope: "対象外", chatter: "雑談", needsContent: "新しい内容が必要" };

export interface Mark {
  id: number;
  groupKey: string;
  verdict: MarkVerdict;
  resourceId: string | null;
  /** The group's example (masked), who asked it (pseudonymous key) and when: forget-user and retention reach it. */
  exampleText: string;
  exampleUserKey: string | null;
  exampleAt: number;
  markedAt: number;
}

interface MarkRow {
  id: number;
  group_key: string;
  verdict: string;
  resource_id: string | null;
  example_text: string;
  example_user_key: string | null;
  example_at: number;
  marked_at: number;
}

const isVerdict = (value: string): value is MarkVerdict => (markVerdicts as readonly string[]).includes(value);

export async function loadMarks(db: SqlDatabase): Promise<Mark[]> {
  const rows = await db.query<MarkRow>("SELECT * FROM marks ORDER BY marked_at, id");
  return rows.flatMap((r) =>
    isVerdict(r.verdict)
      ? [
          {
            id: Number(r.id),
            groupKey: r.group_key,
            verdict: r.verdict,
            resourceId: r.resource_id,
            exampleText: r.example_text,
            exampleUserKey: r.example_user_key,
            exampleAt: Number(r.example_at),
            markedAt: Number(r.marked_at),
          },
        ]
      : [],
  );
}

/** Marks a group (a second mark replaces the first): its example is kept with the mark. */
export async function saveMark(db: SqlDatabase, group: QueueGroup, verdict: MarkVerdict, resourceId: string | null, nowMs: number): Promise<void> {
  await db.execute(
    `INSERT INTO marks (group_key, verdict, resource_id, example_text, example_user_key, example_at, marked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (group_key) DO UPDATE SET verdict = excluded.verdict, resource_id = excluded.resource_id, example_text = excluded.example_text,
       example_user_key = excluded.example_user_key, example_at = excluded.example_at, marked_at = excluded.marked_at`,
    [group.key, verdict, verdict === "resource" ? resourceId : null, group.example, group.exampleUserKey, group.exampleAt, nowMs],
  );
}

export function clearMark(db: SqlDatabase, groupKey: string): Promise<number> {
  return db.execute("DELETE FROM marks WHERE group_key = ?", [groupKey]);
}

/** The example's source in the catalog: the (Japan) day the operator took it from the question log. */
export const exampleSource = (mark: Mark): string => `question log ${japanDateKey(DateTime.fromMillis(mark.markedAt))}`;

/**
 * Marked questions as a labelled set in the evaluator's format (`npm run measure` scores it). Chatter is
 * scored like out-of-scope (no card is right); "needs new content" has no right answer yet and is left out.
 */
export function labelledQuestions(marks: readonly Mark[], catalog: Catalog): LabelledQuestion[] {
  return marks.flatMap((mark): LabelledQuestion[] => {
    const base = { id: `log-${mark.id}`, text: mark.exampleText };
    switch (mark.verdict) {
      case "resource": {
        // The canonical name, as the evaluator expects; an id the catalog no longer has stays an id (and fails, rightly).
        const name = catalog.resources.find((r) => r.id === mark.resourceId)?.name ?? mark.resourceId ?? "";
        return [{ ...base, kind: "resource", expect: [name], note: exampleSource(mark) }];
      }
      case "outOfScope":
        return [{ ...base, kind: "out_of_scope", expect: [], note: exampleSource(mark) }];
      case "chatter":
        return [{ ...base, kind: "out_of_scope", expect: [], note: `${exampleSource(mark)}; chatter` }];
      case "needsContent":
        return [];
    }
  });
}

export function toJsonl(questions: readonly LabelledQuestion[]): string {
  return questions.map((q) => `${JSON.stringify(q)}\n`).join("");
}

/** A YAML snippet for one catalog file: what to paste under its `examples:`. */
export interface ExampleSnippet {
  file: string;
  yaml: string;
  count: number;
}

export interface ExampleSnippets {
  snippets: ExampleSnippet[];
  /** Marks whose text the catalog already has as an example (already pasted). */
  alreadyInCatalog: number;
  /** Marks that need content the catalog does not have: a to-do, not a snippet. */
  needsContent: Mark[];
}

const entry = (mark: Mark) => ({ text: mark.exampleText, source: exampleSource(mark) });

/** The marks as catalog examples, one snippet per file to edit; the YAML itself is never edited here. */
export function exampleSnippets(marks: readonly Mark[], catalog: Catalog): ExampleSnippets {
  const known = new Set([
    ...catalog.resources.flatMap((r) => r.examples.map((e) => `${r.id}|${e.text.trim()}`)),
    ...catalog.examples.outOfScope.map((e) => `outOfScope|${e.text.trim()}`),
    ...catalog.examples.chatter.map((e) => `chatter|${e.text.trim()}`),
  ]);
  const isKnown = (mark: Mark) => known.has(`${mark.verdict === "resource" ? mark.resourceId : mark.verdict}|${mark.exampleText.trim()}`);
  const fresh = marks.filter((m) => m.verdict !== "needsContent" && !isKnown(m));
  const snippets: ExampleSnippet[] = [];
  for (const resource of catalog.resources) {
    const mine = fresh.filter((m) => m.verdict === "resource" && m.resourceId === resource.id);
    if (mine.length === 0) continue;
    const file = catalog.files?.resources[resource.id] ?? `${resource.id}.yaml`;
    snippets.push({ file, yaml: stringify({ examples: mine.map(entry) }), count: mine.length });
  }
  const outOfScope = fresh.filter((m) => m.verdict === "outOfScope");
  const chatter = fresh.filter((m) => m.verdict === "chatter");
  if (outOfScope.length + chatter.length > 0) {
    const examples = { ...(outOfScope.length > 0 ? { outOfScope: outOfScope.map(entry) } : {}), ...(chatter.length > 0 ? { chatter: chatter.map(entry) } : {}) };
    snippets.push({ file: catalog.files?.meta ?? "catalog.yaml", yaml: stringify({ examples }), count: outOfScope.length + chatter.length });
  }
  return {
    snippets,
    alreadyInCatalog: marks.filter((m) => m.verdict !== "needsContent" && isKnown(m)).length,
    needsContent: marks.filter((m) => m.verdict === "needsContent"),
  };
}

/** How the running catalog answers the marked questions; null when there is nothing to score. */
export function scoreMarks(marks: readonly Mark[], catalog: Catalog, decide: (text: string) => Decision): Summary | null {
  const questions = labelledQuestions(marks, catalog);
  if (questions.length === 0) return null;
  const score = createScorer(catalog);
  return summarize(questions.map((q) => score(q, decide(q.text))));
}

export interface ScoreRecord {
  catalogVersion: string;
  scoredAt: number;
  summary: Summary;
}

/** The latest score of a catalog version: one row per version, so the history shows each version once. */
export async function saveScore(db: SqlDatabase, catalogVersion: string, summary: Summary, nowMs: number): Promise<void> {
  await db.execute(
    `INSERT INTO mark_scores (catalog_version, scored_at, summary) VALUES (?, ?, ?)
     ON CONFLICT (catalog_version) DO UPDATE SET scored_at = excluded.scored_at, summary = excluded.summary`,
    [catalogVersion, nowMs, JSON.stringify(summary)],
  );
}

/** Newest first. */
export async function loadScoreHistory(db: SqlDatabase): Promise<ScoreRecord[]> {
  const rows = await db.query<{ catalog_version: string; scored_at: number; summary: string }>("SELECT catalog_version, scored_at, summary FROM mark_scores ORDER BY scored_at DESC");
  return rows.map((r) => ({ catalogVersion: r.catalog_version, scoredAt: Number(r.scored_at), summary: JSON.parse(r.summary) as Summary }));
}
