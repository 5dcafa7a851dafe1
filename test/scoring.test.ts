// The figures `npm run measure` prints, on decisions made by hand.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import { type LabelledQuestion, createScorer, summarize } from "../src/quality/scoring.ts";
import type { Decision } from "../src/understand/decision.ts";

const catalog = loadCatalog(path.resolve("data"));
const score = createScorer(catalog);
const shows = (...ids: string[]): Decision => ({ kind: "resources", matches: ids.map((resourceId) => ({ resourceId, score: 1, matched: [] })) });

describe("a programme card first where none was asked for", () => {
  const labour: LabelledQuestion = { id: "a", text: "在宅勤務の通信費は誰が払う？", kind: "resource", expect: ["mhlw-guideline", "tw-sodan"] };
  const funding: LabelledQuestion = { id: "b", text: "機器の導入に使える助成金は？", kind: "resource", expect: ["hatarakikata-subsidy", "tw-sodan"] };
  const other: LabelledQuestion = { id: "c", text: "雇用調整助成金の申請は？", kind: "out_of_scope", expect: [] };

  it("counts a subsidy shown first on a question about something else, in scope or not", () => {
    const summary = summarize([score(labour, shows("hatarakikata-subsidy", "mhlw-guideline")), score(other, shows("it-subsidy")), score(funding, shows("hatarakikata-subsidy"))]);
    expect(summary.unwantedProgrammeFirst).toEqual({ count: 2, of: 2 });
  });

  it("does not count a subsidy first on a question about funding, nor a subsidy shown second", () => {
    const summary = summarize([score(labour, shows("mhlw-guideline", "hatarakikata-subsidy")), score(funding, shows("hatarakikata-subsidy"))]);
    expect(summary.unwantedProgrammeFirst).toEqual({ count: 0, of: 1 });
  });
});
