// check:data's warnings: traps in a valid catalog's words that the engine would fall into, named with the
// file and field, on copies of both shipped catalogs with one trap written in.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import { catalogWarnings } from "../src/catalog/warnings.ts";
import { engineWarnings } from "../src/understand/catalog-checks.ts";
import { createUnderstander } from "../src/understand/understand.ts";

const catalogs = [
  { folder: "data", resource: "resources/01-tw-sodan.yaml", id: "tw-sodan" },
  { folder: "examples/kurashi-soudan", resource: "resources/05-roudou-hotline.yaml", id: "roudou-hotline" },
];

/** The warnings check:data prints for a copy of `folder` with one file rewritten. */
function warningsAfter(folder: string, file: string, rewrite: (text: string) => string): string[] {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "warnings-")), path.basename(folder));
  cpSync(path.resolve(folder), dir, { recursive: true });
  writeFileSync(path.join(dir, file), rewrite(readFileSync(path.join(dir, file), "utf8")));
  const catalog = loadCatalog(dir);
  // Named as the operator's folder, so warnings of two copies compare.
  return [...catalogWarnings(catalog), ...engineWarnings(catalog, createUnderstander(catalog))].map((w) => w.replaceAll(dir, folder));
}

/** The warnings a rewrite adds: an insertion shifts the indices of the fields after it, so those are left out. */
const unindexed = (w: string) => w.replace(/\[\d+\]/g, "[]");
const addedTo = (baseline: string[], after: string[]) => after.filter((w) => !baseline.map(unindexed).includes(unindexed(w)));

const addAlias = (alias: string) => (text: string) => text.replace(/^aliases: \[/m, `aliases: [${alias}, `);

describe.each(catalogs)("warnings on $folder", ({ folder, resource, id }) => {
  const baseline = warningsAfter(folder, "catalog.yaml", (t) => t);

  it("names an alias made only of everyday words, which would match every message that has them", () => {
    const added = addedTo(baseline, warningsAfter(folder, resource, addAlias("よろず相談")));
    expect(added).toEqual([expect.stringMatching(new RegExp(`${resource.replace(".", "\\.")}: resource "${id}": aliases\\[0\\]: 「よろず相談」はふだんの言葉（相談）だけでできているため`))]);
  });

  it("names a category alias made only of everyday words", () => {
    const added = addedTo(baseline, warningsAfter(folder, "catalog.yaml", (t) => t.replace(/^(  - id: [a-z-]+\n    name: [^\n]+\n    lead: [^\n]+\n    aliases: \[)/m, "$1何でも相談, ")));
    expect(added).toEqual([expect.stringMatching(/catalog\.yaml: category "[a-z-]+": aliases\[0\]: 「何でも相談」はふだんの言葉（相談）だけでできているため、.*この分野に固有の言葉/)]);
  });

  it("names a keyword that reads as a question about now", () => {
    const added = addedTo(baseline, warningsAfter(folder, resource, (t) => t.replace(/^keywords: \[/m, "keywords: [休日の当番, ")));
    expect(added).toEqual([expect.stringMatching(/keywords\[0\]: 「休日の当番」は time（いつかを表す言葉）の「休日」を含むため/)]);
  });

  it("names an availability word that is also how people ask for help", () => {
    expect(baseline.join("\n")).toMatch(/vocabulary\.availability\[\d+\]: 「相談したい」は inquiry の「相談」を含みます/);
    const without = warningsAfter(folder, "catalog.yaml", (t) => t.replace(/, 相談したい/, ""));
    expect(without.join("\n")).not.toContain("vocabulary.availability");
  });

  it("names a keyword most other resources share", () => {
    const shared = addedTo(baseline, warningsAfter(folder, resource, (t) => t.replace(/^keywords: \[/m, "keywords: [窓口, ")));
    expect(shared.join("\n")).toMatch(/keywords\[0\]: 「窓口」(の言葉はほかの \d+ 件|はふだんの言葉)/);
  });
});

describe("the example of the issue: a catch-all alias takes every 相談", () => {
  it("really does send an unrelated 相談 to the resource that carries it, which is why the warning exists", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "trap-")), "kurashi-soudan");
    cpSync(path.resolve("examples/kurashi-soudan"), dir, { recursive: true });
    const file = path.join(dir, "resources/05-roudou-hotline.yaml");
    const question = "近所の騒音について相談したいのですが";
    const before = createUnderstander(loadCatalog(dir))(question).decision;
    writeFileSync(file, addAlias("よろず相談")(readFileSync(file, "utf8")));
    const after = createUnderstander(loadCatalog(dir))(question).decision;
    const first = (d: typeof after) => (d.kind === "resources" ? d.matches[0]?.resourceId : d.kind === "openNow" ? d.resourceIds[0] : d.kind);
    expect(first(before)).not.toBe("roudou-hotline");
    expect(first(after)).toBe("roudou-hotline");
  });
});
