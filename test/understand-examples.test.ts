// Example questions as precise evidence (issue 23): a near-identical one decides, a looser one only supports,
// out-of-scope ones veto only when several are close; check:data names examples the engine routes elsewhere.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import type { Catalog, Example } from "../src/catalog/schema.ts";
import { engineWarnings } from "../src/understand/catalog-checks.ts";
import { createUnderstander } from "../src/understand/understand.ts";

const catalog = loadCatalog(path.resolve("data"));
const asked = (text: string): Example => ({ text, source: "question log 2026-12-01" });
const withExamples = (examples: Record<string, string[]>, outside: { outOfScope?: string[]; chatter?: string[] } = {}): Catalog => ({
  ...catalog,
  resources: catalog.resources.map((r) => ({ ...r, examples: (examples[r.id] ?? []).map(asked) })),
  examples: { outOfScope: (outside.outOfScope ?? []).map(asked), chatter: (outside.chatter ?? []).map(asked) },
});
const first = (understand: ReturnType<typeof createUnderstander>, text: string) => {
  const d = understand(text).decision;
  return d.kind === "resources" ? d.matches[0]?.resourceId : d.kind === "noMatch" ? `noMatch:${d.reason}` : d.kind;
};

describe("a near-identical example decides", () => {
  const understand = createUnderstander(withExamples({ "telework-manager": ["部下のマネジメントが難しい"] }));

  it("answers the same question asked again with the example's resource, and says which example counted", () => {
    expect(first(understand, "部下のマネジメントが難しいです。")).toBe("telework-manager");
    expect(understand("部下のマネジメントが難しい").explain.candidates[0]?.matched.join(" ")).toContain("例文:「部下のマネジメントが難しい」");
    expect(first(createUnderstander(withExamples({})), "部下のマネジメントが難しいです。")).not.toBe("telework-manager");
  });

  it("does not decide on one shared word written otherwise (「テレワークとは？」 is not 「なんでテレワークできない？」)", () => {
    const oneWord = createUnderstander(withExamples({ "mhlw-portal": ["「テレワーク」とは、どのようなものをいうのですか。"] }));
    expect(first(oneWord, "テレワークとは、どのようなものをいうのですか")).toBe("mhlw-portal");
    expect(first(oneWord, "なんでテレワークが出来ないんだろう")).not.toBe("mhlw-portal");
  });

  it("decides for another subject, and for a remark, too", () => {
    const outside = createUnderstander(withExamples({}, { outOfScope: ["在宅勤務手当に所得税はかかりますか"], chatter: ["在宅続きで家族とギスギスしてつらい"] }));
    expect(first(outside, "在宅続きで家族とギスギスしていてつらい…")).toBe("chatter");
  });
});

describe("a looser example only supports what terms found", () => {
  const text = "在宅勤務中の通信費について相談したい";
  it("lifts a resource the terms found", () => {
    const plain = createUnderstander(withExamples({}));
    const supported = createUnderstander(withExamples({ "tw-sodan": ["在宅勤務の通信費のことで相談できる窓口はありますか"] }));
    const score = (u: typeof plain) => u(text).explain.candidates.find((c) => c.resourceId === "tw-sodan")?.score ?? 0;
    expect(score(supported)).toBeGreaterThan(score(plain));
  });

  it("does not make a candidate of a resource nothing else found", () => {
    const looseOnly = createUnderstander(withExamples({ "jta-program": ["在宅勤務の通信費のことで相談できる窓口はありますか"] }));
    expect(looseOnly(text).explain.candidates.map((c) => c.resourceId)).not.toContain("jta-program");
  });
});

describe("out-of-scope examples veto a card only when several are close", () => {
  const question = "会社が払う在宅勤務手当は給与になりますか";
  it("refuses when two are alike, and not on one", () => {
    const one = createUnderstander(withExamples({}, { outOfScope: ["在宅勤務手当は給与として扱われますか"] }));
    const two = createUnderstander(withExamples({}, { outOfScope: ["在宅勤務手当は給与として扱われますか", "在宅勤務の手当は給与になるのですか、それとも経費ですか"] }));
    expect(first(one, question)).not.toBe("noMatch:outOfScope");
    expect(first(two, question)).toBe("noMatch:outOfScope");
  });
});

describe("check:data on examples", () => {
  it("names an example the engine routes elsewhere, with the engine's choice, and one it cannot read", () => {
    const warnings = engineWarnings(
      withExamples({ "mhlw-guideline": ["通信費は誰が負担しますか"], "it-subsidy": ["誰が通信費を負担しますか"] }, { chatter: ["あの……"] }),
      createUnderstander(withExamples({ "mhlw-guideline": ["通信費は誰が負担しますか"], "it-subsidy": ["誰が通信費を負担しますか"] }, { chatter: ["あの……"] })),
    );
    expect(warnings.some((w) => /examples\[0\]: "(mhlw-guideline|it-subsidy)" の例文「.*」に、エンジンは「.*」\((it-subsidy|mhlw-guideline)\) を最初に案内します/.test(w))).toBe(true);
    expect(warnings.some((w) => w.includes("examples.chatter[0]") && w.includes("内容を表す語が読み取れない"))).toBe(true);
  });

  it("finds nothing to say about the catalogs' own examples", () => {
    for (const dir of ["data", "examples/kurashi-soudan"]) {
      const subject = loadCatalog(path.resolve(dir));
      expect(engineWarnings(subject, createUnderstander(subject)).filter((w) => w.includes("例文"))).toEqual([]);
    }
  });
});

describe("train and test stay disjoint", () => {
  it("uses no question of a test set as an example", () => {
    const fixtures = path.resolve("test/fixtures");
    const files = [...readdirSync(fixtures).map((f) => path.join(fixtures, f)), path.join(fixtures, "eval/dev-queries.jsonl")].filter((f) => f.endsWith(".jsonl"));
    const questions = new Set(files.flatMap((f) => readFileSync(f, "utf8").split("\n").filter((l) => l.trim().startsWith("{")).map((l) => (JSON.parse(l) as { text: string }).text.trim())));
    for (const dir of ["data", "examples/kurashi-soudan"]) {
      const subject = loadCatalog(path.resolve(dir));
      const examples = [...subject.resources.flatMap((r) => r.examples), ...subject.examples.outOfScope, ...subject.examples.chatter];
      expect(examples.filter((e) => questions.has(e.text.trim())).map((e) => e.text)).toEqual([]);
    }
  });
});
