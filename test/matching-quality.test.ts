// How often the bot's first card is one a person accepts, on the question sets kept in the repo.
// The floors are today's scores: a change that makes the bot understand people worse fails here.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { readFileSync } from "node:fs";
import { createScorer, parseQuestions } from "../src/quality/scoring.ts";

const catalog = loadCatalog(path.resolve("data"));
const understand = createUnderstander(catalog);
const score = createScorer(catalog);

function accuracy(file: string, kinds?: string[]): { share: number; failed: string[] } {
  const full = path.resolve("test/fixtures", file);
  const queries = parseQuestions(readFileSync(full, "utf8"), full).filter((q) => !kinds || kinds.includes(q.kind));
  const failed = queries.filter((q) => !score(q, understand(q.text).decision).firstRight).map((q) => `${q.id} ${q.text}`);
  return { share: 1 - failed.length / queries.length, failed };
}

describe("matching quality on the question sets", () => {
  it("answers every development question as expected", () => {
    expect(accuracy("eval/dev-queries.jsonl").failed).toEqual([]);
  });

  it("answers at least 97% of the hold-out questions", () => {
    expect(accuracy("holdout-queries.jsonl").share).toBeGreaterThanOrEqual(0.97);
  });

  it("keeps its score on questions people wrote in public", () => {
    expect(accuracy("real-questions.jsonl").share).toBeGreaterThanOrEqual(0.76);
    expect(accuracy("real-questions.jsonl", ["resource", "category"]).share).toBeGreaterThanOrEqual(0.8);
  });
});
