import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createAnalyzer, packageTokenizer } from "../src/understand/analyzer.ts";
import { createLeanTokenizer } from "../src/understand/lindera-lean.ts";

/** Every question the repository keeps (all sets, both catalogs), and a few texts that test the edges. */
function allQuestionTexts(): string[] {
  const texts: string[] = [];
  for (const dir of ["test/fixtures", "test/fixtures/eval"]) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".jsonl"))) {
      for (const line of readFileSync(path.join(dir, file), "utf8").split("\n")) {
        if (line.trim().startsWith("{")) texts.push((JSON.parse(line) as { text: string }).text);
      }
    }
  }
  return [...texts, "", "ﾃﾚﾜｰｸ😀🇯🇵 ＡＢＣ abc", "あ".repeat(120), "改行\nのある\r\n質問。", "\u0000\uFFFF"];
}

describe("the lean binding to Lindera", () => {
  const lean = createLeanTokenizer();
  const texts = allQuestionTexts();

  it("reads every kept question exactly as the package's own glue does, in the fields the analyzer uses", () => {
    const full = packageTokenizer();
    const fields = (tokens: object[]) => tokens.map((t) => ["surface", "baseForm", "reading", "partOfSpeech", "partOfSpeechSubcategory1", "wordId"].map((k) => (t as Record<string, unknown>)[k]));
    expect(texts.length).toBeGreaterThan(500);
    const differing = texts.filter((text) => JSON.stringify(fields(lean.tokenize(text))) !== JSON.stringify(fields(full.tokenize(text))));
    expect(differing).toEqual([]);
  });

  it("gives the analyzer the same tokens through either binding", () => {
    const viaLean = createAnalyzer(lean);
    const viaPackage = createAnalyzer(packageTokenizer());
    for (const text of texts.slice(0, 200)) expect(viaLean.tokenize(text)).toEqual(viaPackage.tokenize(text));
  });
});

describe("recent sentences", () => {
  const analyzer = createAnalyzer(createLeanTokenizer());

  it("places a remembered sentence at its offset in each new message", () => {
    const alone = analyzer.tokenize("今電話つながる？");
    const later = analyzer.tokenize("こんにちは。今電話つながる？");
    const offset = "こんにちは。".length;
    expect(later.slice(-alone.length)).toEqual(alone.map((t) => ({ ...t, start: t.start + offset, end: t.end + offset })));
  });

  it("hands out copies: a caller changing its tokens does not change the next reply", () => {
    const first = analyzer.tokenize("助成金はありますか？");
    for (const t of first) t.base = "変更";
    expect(analyzer.tokenize("助成金はありますか？").map((t) => t.base)).toContain("助成");
  });
});
