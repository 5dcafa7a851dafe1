// The pipeline of evidence (issue 23): sources of one shape, each of which can be left out and explained.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import { createUnderstander } from "../src/understand/understand.ts";

const catalog = loadCatalog(path.resolve("data"));
const understand = createUnderstander(catalog);

describe("evidence sources", () => {
  it("explains each source's part", () => {
    const parts = understand("03-5213-4032ってどこの番号？").explain.sources ?? [];
    expect(parts.find((p) => p.source === "contacts")?.candidates[0]).toMatchObject({ resourceId: "telework-manager", matched: ["0352134032"] });
  });

  it("leaves a source out when asked, and only that source", () => {
    const withoutContacts = createUnderstander(catalog, { without: ["contacts"] });
    expect(understand("03-5213-4032ってどこの番号？").decision).toMatchObject({ kind: "resources", matches: [{ resourceId: "telework-manager" }] });
    expect(withoutContacts("03-5213-4032ってどこの番号？").decision.kind).not.toBe("resources");
    expect(withoutContacts("03-5213-4032ってどこの番号？").explain.sources?.map((p) => p.source)).not.toContain("contacts");
    expect(withoutContacts("IT導入補助金").decision).toMatchObject({ kind: "resources", matches: [{ resourceId: "it-subsidy" }] });
  });
});
