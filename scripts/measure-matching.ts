// `npm run measure [-- queries.jsonl]`: top-1 accuracy of the core (no server) on the evaluator's queries.
// A query passes when the card the bot would show first is one it expects, the way the evaluator scores it.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Catalog } from "../src/catalog/schema.ts";
import { orderByRegion } from "../src/reply/render.ts";
import type { Decision } from "../src/understand/decision.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { catalogFromEnv } from "./catalog-from-env.ts";

interface Query {
  id: string;
  text: string;
  kind: "resource" | "category" | "open_now" | "out_of_scope" | "greeting";
  expect: string[];
}

const queriesPath = path.resolve(process.argv[2] ?? "test/fixtures/eval/dev-queries.jsonl");
const catalog = catalogFromEnv();
const understand = createUnderstander(catalog);
const queries: Query[] = readFileSync(queriesPath, "utf8")
  .split("\n")
  .filter((l) => l.trim() && !l.startsWith("#") && !l.startsWith("//"))
  .map((l) => JSON.parse(l));

const nameOf = (id: string) => catalog.resources.find((r) => r.id === id)?.name ?? id;
// As the evaluator reads `expect`: a canonical name, a resource id, or a category name (its members).
const inCategory = (e: string, id: string) => catalog.categories.some((c) => c.name === e && catalog.resources.some((r) => r.id === id && r.category === c.id));
const expected = (q: Query, id: string) => q.expect.some((e) => nameOf(id).includes(e) || e === id || inCategory(e, id));

function shownFirst(decision: Decision, c: Catalog): string[] {
  switch (decision.kind) {
    case "resources":
      return decision.matches.slice(0, 1).map((m) => m.resourceId);
    case "referral":
      return [decision.resourceId];
    case "category":
      // In the order the card carousel shows them.
      return orderByRegion(c.resources.filter((r) => r.category === decision.categoryId), decision.region).map((r) => r.id);
    case "openNow":
      return decision.resourceIds.length > 0 ? decision.resourceIds : c.resources.filter((r) => r.contacts.some((x) => x.kind === "phone" && x.hours)).map((r) => r.id);
    default:
      return [];
  }
}

function passes(q: Query, decision: Decision): boolean {
  const shown = shownFirst(decision, catalog);
  switch (q.kind) {
    case "resource":
      return expected(q, shown[0] ?? "");
    case "category":
      return decision.kind === "category" && expected(q, shown[0] ?? "");
    case "open_now":
      return decision.kind === "openNow" && q.expect.every((e) => shown.some((id) => nameOf(id).includes(e)));
    case "out_of_scope":
      return decision.kind === "noMatch" || decision.kind === "greeting";
    case "greeting":
      return decision.kind === "greeting";
  }
}

const byKind = new Map<string, { pass: number; total: number }>();
const failures: string[] = [];
for (const q of queries) {
  const { decision, explain } = understand(q.text);
  const ok = passes(q, decision);
  const k = byKind.get(q.kind) ?? { pass: 0, total: 0 };
  byKind.set(q.kind, { pass: k.pass + (ok ? 1 : 0), total: k.total + 1 });
  if (!ok) {
    const got = decision.kind === "resources" ? decision.matches.map((m) => m.resourceId).join(",") : decision.kind === "category" ? decision.categoryId : decision.kind === "openNow" ? `[${decision.resourceIds.join(",")}]` : decision.kind === "noMatch" ? decision.reason : decision.kind === "referral" ? `referral:${decision.resourceId}` : decision.kind === "contact" ? `${decision.channel}[${decision.resourceIds.join(",")}]` : decision.variant;
    failures.push(`${q.id} ${q.kind} 「${q.text}」 → ${decision.kind} ${got} | ${explain.signals.join(" ")} | ${explain.candidates.slice(0, 3).map((c) => `${c.resourceId}:${c.score}[${c.matched.join(",")}]`).join(" ")}`);
  }
}

let pass = 0;
let total = 0;
for (const [kind, k] of byKind) {
  console.log(`${kind.padEnd(13)} ${k.pass}/${k.total}  ${((100 * k.pass) / k.total).toFixed(1)}%`);
  pass += k.pass;
  total += k.total;
}
console.log(`overall       ${pass}/${total}  ${((100 * pass) / total).toFixed(1)}%`);
if (failures.length > 0) console.log(`\nfailures:\n${failures.join("\n")}`);
