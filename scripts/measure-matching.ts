// `npm run measure [-- queries.jsonl]`: top-1 accuracy of the core (no server) on the evaluator's queries.
// A query passes when the card the bot would show first is one it expects, the way the evaluator scores it.
import path from "node:path";
import { createUnderstander } from "../src/understand/understand.ts";
import { catalogFromEnv } from "./catalog-from-env.ts";
import { createScorer, readQueries } from "./query-scoring.ts";

const queriesPath = path.resolve(process.argv[2] ?? "test/fixtures/eval/dev-queries.jsonl");
const catalog = catalogFromEnv();
const understand = createUnderstander(catalog);
const queries = readQueries(queriesPath);
const passes = createScorer(catalog);


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
