// `npm run measure [-- queries.jsonl] [--json] [--min=0.9] [--without PART]…`: how the core (no server) answers
// labelled questions: the first card right (as the evaluator scores it), the best one first, one among the first
// three, and refusals. With --min, exits 1 when the share of first cards right is below it (for CI on a catalog's
// own set). `--without` leaves a part (an evidence source, or the subject reading) out, to measure its part.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Outcome, createScorer, parseQuestions, percent, summarize } from "../src/quality/scoring.ts";
import { type PartName, createUnderstander, partNames } from "../src/understand/understand.ts";
import { catalogFromEnv } from "./catalog-from-env.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: "boolean", default: false }, min: { type: "string" }, without: { type: "string", multiple: true, default: [] } },
});
const json = values.json;
const minArg = values.min;
const min = minArg === undefined ? undefined : Number(minArg);
if (min !== undefined && !(min >= 0 && min <= 1)) {
  console.error(`--min は 0 から 1 の数で指定してください (e.g. --min=0.9): ${minArg}`);
  process.exit(2);
}
const without = values.without.flatMap((w) => w.split(","));
const unknown = without.filter((w) => !(partNames as readonly string[]).includes(w));
if (unknown.length > 0) {
  console.error(`--without: 「${unknown.join("、")}」という部分はありません（${partNames.join(", ")} から選んでください）`);
  process.exit(1);
}
const queriesPath = path.resolve(positionals[0] ?? "test/fixtures/eval/dev-queries.jsonl");
const catalog = catalogFromEnv();
const understand = createUnderstander(catalog, { without: without as PartName[] });
let questions;
try {
  questions = parseQuestions(readFileSync(queriesPath, "utf8"), queriesPath);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const score = createScorer(catalog);

const failures: string[] = [];
const outcomes: Outcome[] = questions.map((q) => {
  const { decision, explain } = understand(q.text);
  const outcome = score(q, decision);
  if (!outcome.firstRight) {
    const got = decision.kind === "noMatch" ? `noMatch:${decision.reason}` : decision.kind === "greeting" ? decision.variant : `${decision.kind}[${outcome.shown.slice(0, 3).join(",")}]`;
    failures.push(`${q.id} ${q.kind} 「${q.text}」 → ${got} | ${explain.signals.join(" ")} | ${explain.candidates.slice(0, 3).map((c) => `${c.resourceId}:${c.score}[${c.matched.join(",")}]`).join(" ")}`);
  }
  return outcome;
});
const summary = summarize(outcomes);

if (json) {
  console.log(JSON.stringify({ file: path.relative(process.cwd(), queriesPath), catalogVersion: catalog.version, without, ...summary }, null, 2));
} else {
  if (without.length > 0) console.log(`without ${without.join(", ")}`);
  for (const [kind, share] of Object.entries(summary.byKind)) console.log(`${kind.padEnd(13)} ${share.count}/${share.of}  ${percent(share)}`);
  console.log(`overall       ${summary.firstRight.count}/${summary.firstRight.of}  ${percent(summary.firstRight)}  (first card right, as the evaluator scores it)`);
  const line = (label: string, share: (typeof summary)["bestFirst"]) => console.log(`${label.padEnd(28)} ${share.count}/${share.of}  ${percent(share)}`);
  line("in scope: best first", summary.bestFirst);
  line("in scope: right in top three", summary.topThree);
  line("in scope: wrong refusals", summary.wrongRefusals);
  line("out of scope: refused", summary.outOfScopeRefused);
  line("refusal precision", summary.refusalPrecision);
  line("programme first, not asked", summary.unwantedProgrammeFirst);
  if (failures.length > 0) console.log(`\nfailures:\n${failures.join("\n")}`);
}

if (min !== undefined) {
  const { count, of } = summary.firstRight;
  if (of === 0 || count / of < min) {
    console.error(`first card right ${count}/${of} is below --min=${min}`);
    process.exit(1);
  }
}
