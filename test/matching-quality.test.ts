// How often the bot's first card is one a person accepts, on the question sets kept in the repo.
// The floors are today's scores: a change that makes the bot understand people worse fails here.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { readFileSync } from "node:fs";
import { createScorer, parseQuestions, summarize } from "../src/quality/scoring.ts";

const catalog = loadCatalog(path.resolve("data"));
const understand = createUnderstander(catalog);
const score = createScorer(catalog);
const example = loadCatalog(path.resolve("examples/kurashi-soudan"));
const understandExample = createUnderstander(example);
const scoreExample = createScorer(example);

function summary(file: string, within: "telework" | "example" = "telework") {
  const full = path.resolve("test/fixtures", file);
  const [u, s] = within === "telework" ? [understand, score] : [understandExample, scoreExample];
  return summarize(parseQuestions(readFileSync(full, "utf8"), full).map((q) => s(q, u(q.text).decision)));
}

function accuracy(file: string, kinds?: string[]): { share: number; failed: string[] } {
  const full = path.resolve("test/fixtures", file);
  const queries = parseQuestions(readFileSync(full, "utf8"), full).filter((q) => !kinds || kinds.includes(q.kind));
  const failed = queries.filter((q) => !score(q, understand(q.text).decision).firstRight).map((q) => `${q.id} ${q.text}`);
  return { share: 1 - failed.length / queries.length, failed };
}

const share = ({ count, of }: { count: number; of: number }) => count / of;

describe("matching quality on the question sets", () => {
  it("answers every development question as expected", () => {
    expect(accuracy("eval/dev-queries.jsonl").failed).toEqual([]);
  });

  it("answers at least 98% of the hold-out questions", () => {
    expect(accuracy("holdout-queries.jsonl").share).toBeGreaterThanOrEqual(0.98);
  });

  it("keeps its score on questions people wrote in public (the test part: the rest are catalog examples)", () => {
    expect(accuracy("real-questions.jsonl").share).toBeGreaterThanOrEqual(0.82);
    expect(accuracy("real-questions.jsonl", ["resource", "category"]).share).toBeGreaterThanOrEqual(0.88);
    const real = summary("real-questions.jsonl");
    expect(share(real.bestFirst)).toBeGreaterThanOrEqual(0.64);
    expect(share(real.wrongRefusals)).toBeLessThanOrEqual(0.04);
    expect(share(real.outOfScopeRefused)).toBeGreaterThanOrEqual(0.61);
    expect(share(real.unwantedProgrammeFirst)).toBeLessThanOrEqual(0.015);
  });

  it("keeps its score on the second set of real questions (a development set since issue 23's first round)", () => {
    const real = summary("real-questions-2.jsonl");
    expect(share(real.firstRight)).toBeGreaterThanOrEqual(0.87);
    expect(share(real.bestFirst)).toBeGreaterThanOrEqual(0.5);
    expect(share(real.wrongRefusals)).toBeLessThanOrEqual(0.03);
    expect(share(real.outOfScopeRefused)).toBeGreaterThanOrEqual(0.74);
    expect(share(real.unwantedProgrammeFirst)).toBe(0);
  });

  it("keeps the example catalog's scores", () => {
    expect(share(summary("kurashi-soudan-queries.jsonl", "example").firstRight)).toBeGreaterThanOrEqual(0.98);
    expect(share(summary("kurashi-soudan-holdout.jsonl", "example").firstRight)).toBeGreaterThanOrEqual(0.93);
  });
});
