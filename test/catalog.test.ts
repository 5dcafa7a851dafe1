import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CatalogError, loadCatalog } from "../src/catalog/load.ts";

const dataDir = path.resolve("data");
const resourceFile = "resources/01-tw-sodan.yaml";

/** A copy of data/ with one file rewritten; returns the problems the loader reports. */
function problemsAfter(file: string, rewrite: (text: string) => string): string[] {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "catalog-")), "data");
  cpSync(dataDir, dir, { recursive: true });
  const target = path.join(dir, file);
  writeFileSync(target, rewrite(readFileSync(target, "utf8")));
  try {
    loadCatalog(dir);
  } catch (err) {
    if (err instanceof CatalogError) return err.problems;
    throw err;
  }
  return [];
}

describe("the catalog in data/", () => {
  const catalog = loadCatalog(dataDir);

  it("holds every resource of the release, grouped in its five categories", () => {
    expect(catalog.resources).toHaveLength(12);
    expect(catalog.categories.map((c) => c.name)).toEqual(["相談窓口", "助成金・補助金", "労務管理・就業規則", "セキュリティ・ICT", "支援プログラム"]);
    const names = JSON.parse(readFileSync(path.resolve("test/fixtures/eval/catalog-names.json"), "utf8").toString()) as { resources: Record<string, string> };
    for (const [id, canonical] of Object.entries(names.resources)) {
      expect(catalog.resources.find((r) => r.id === id)?.name).toContain(canonical);
    }
  });

  it("keeps the release's facts: the ended alternate numbers, no hours for テレワークマネージャー, the corrected address", () => {
    const sodan = catalog.resources.find((r) => r.id === "tw-sodan");
    expect(sodan?.contacts.filter((c) => c.validUntil === "2020-05-31").map((c) => c.value)).toEqual(["03-5577-4724", "03-5577-4734"]);
    const manager = catalog.resources.find((r) => r.id === "telework-manager")?.contacts[0];
    expect(manager).toMatchObject({ kind: "phone", value: "03-5213-4032" });
    expect(manager && "hours" in manager ? manager.hours : undefined).toBeUndefined();
    expect(catalog.resources.find((r) => r.id === "civic-navi")?.links[0]?.url).toBe("https://vscovid19.code4japan.org/");
  });
}, 20_000);

describe("a broken data file is refused with the file, entry and field named", () => {
  it.each([
    ["bad YAML", resourceFile, (t: string) => `${t}\n  : : [`, /01-tw-sodan\.yaml: YAML として読めません/],
    ["a missing field", resourceFile, (t: string) => t.replace(/^summary:.*\n/m, ""), /01-tw-sodan\.yaml: resource "tw-sodan": summary:/],
    ["an unknown category", resourceFile, (t: string) => t.replace("category: consultation", "category: weather"), /resource "tw-sodan": category: "weather" は .* categories にありません/],
    ["a duplicate id", "resources/03-tokyo-center.yaml", (t: string) => t.replace("id: tokyo-center", "id: tw-sodan"), /id: "tw-sodan" は .*01-tw-sodan\.yaml でも使われています/],
    ["a bad phone number", resourceFile, (t: string) => t.replace("0120-91-6479", "0120916479"), /resource "tw-sodan": contacts\[0\]\.value: 電話番号は/],
    ["impossible hours", resourceFile, (t: string) => t.replace('close: "17:00"', 'close: "08:00"'), /resource "tw-sodan": contacts\[0\]\.hours\.weekly\[0\]\.close: open は close より前/],
    ["an impossible time", resourceFile, (t: string) => t.replace('open: "09:00"', 'open: "25:00"'), /contacts\[0\]\.hours\.weekly\[0\]\.open: HH:MM/],
    ["an impossible date", resourceFile, (t: string) => t.replace('validUntil: "2020-05-31"', 'validUntil: "2020-02-31"'), /contacts\[1\]\.validUntil: 存在しない日付です/],
    ["a dangling cross-reference", "resources/04-hatarakikata-subsidy.yaml", (t: string) => t.replace("resource: tw-sodan", "resource: tw-sodann"), /inquiries\[0\]\.resource: "tw-sodann" というリソースはありません/],
    ["an unknown field (a typo)", resourceFile, (t: string) => t.replace("summary:", "sumary: x\nsummary:"), /resource "tw-sodan": .*sumary/],
    ["a non-https link", resourceFile, (t: string) => t.replace("https://www.tw-sodan.jp/", "javascript:alert(1)"), /links\[0\]\.url/],
    ["an unknown category in catalog.yaml vocabulary", "catalog.yaml", (t: string) => t.replace("vocabulary:", "vocabulary:\n  bogus: [x]"), /catalog\.yaml: catalog: vocabulary: .*bogus/],
  ])("%s", (_label, file, rewrite, expected) => {
    const problems = problemsAfter(file, rewrite);
    expect(problems.join("\n")).toMatch(expected);
  });

  it("reports every problem at once, not only the first", () => {
    const problems = problemsAfter(resourceFile, (t) => t.replace(/^summary:.*\n/m, "").replace("0120-91-6479", "12345"));
    expect(problems).toHaveLength(2);
    expect(problems.join("\n")).toMatch(/summary:[\s\S]*contacts\[0\]\.value:|contacts\[0\]\.value:[\s\S]*summary:/);
  });

  it("does not blame the entries that refer to a broken one", () => {
    const problems = problemsAfter(resourceFile, (t) => t.replace("0120-91-6479", "0120916479"));
    expect(problems).toEqual([expect.stringMatching(/01-tw-sodan\.yaml: resource "tw-sodan": contacts\[0\]\.value: 電話番号は/)]);
  });

  it("names a missing folder instead of crashing", () => {
    expect(() => loadCatalog(path.join(tmpdir(), "no-such-data-dir"))).toThrow(/resources\/: フォルダを読み込めません \(ENOENT\)/);
  });
});
