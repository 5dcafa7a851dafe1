// `npm run eval -- QUESTIONS.jsonl [--names NAMES.json] [--min 0.95] [--verbose]`: the catalog (DATA_DIR, else data/)
// answers its own questions through the bot's event handler, the function every receiver calls, with each
// `user`'s conversation memory and each `at` as the clock, and every reply is scored as the black-box
// evaluator scores it. The question format is the evaluator's (`kind`, `expect`, `statuses`, `at`, `user`).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { webhook } from "@line/bot-sdk";
import { DateTime } from "luxon";
import { createEventHandler } from "../src/bot/handle-event.ts";
import type { ConversationMemory } from "../src/bot/memory.ts";
import { japanZone } from "../src/hours/holidays.ts";
import { type ReplyQuestion, type ScoringNames, namesFromCatalog, scoreReply } from "../src/quality/reply-scoring.ts";
import { parseQuestions } from "../src/quality/scoring.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { catalogFromEnv } from "./catalog-from-env.ts";

const usage = "使い方 (usage): npm run eval -- QUESTIONS.jsonl [--names NAMES.json] [--min 0.95] [--verbose]";

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { names: { type: "string" }, min: { type: "string", default: "0.95" }, verbose: { type: "boolean", default: false } } });
  } catch (err) {
    return fail((err as Error).message);
  }
})();
const [file] = positionals;
if (!file) fail("質問のファイルを指定してください (no question file given)");
const min = Number(values.min);
if (!(min >= 0 && min <= 1)) fail(`--min は 0 から 1 の数にしてください (got ${values.min})`);

/** A names file in the evaluator's format ({resources, categories, status_labels}). */
function readNames(namesFile: string): ScoringNames {
  try {
    const raw = JSON.parse(readFileSync(namesFile, "utf8")) as { resources?: Record<string, string>; categories?: Record<string, string[]>; status_labels?: Record<string, string> };
    if (!raw.resources) throw new Error("resources がありません");
    return { resources: raw.resources, categories: raw.categories ?? {}, statusLabels: raw.status_labels ?? {} };
  } catch (err) {
    return fail(`${namesFile}: 名前のファイルを読めません (cannot read names): ${(err as Error).message}`);
  }
}

const catalog = catalogFromEnv();
const names = values.names ? readNames(values.names) : namesFromCatalog(catalog);
let questions: ReplyQuestion[];
try {
  questions = parseQuestions(readFileSync(path.resolve(file), "utf8"), file);
} catch (err) {
  fail((err as Error).message);
}
const handle = createEventHandler({ catalog, understand: createUnderstander(catalog) });

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const users = new Map<string, { id: string; memory: ConversationMemory | null }>();

function clockOf(q: ReplyQuestion): DateTime {
  if (q.at === undefined) return DateTime.now().setZone(japanZone);
  const at = DateTime.fromISO(q.at, { setZone: true });
  if (!at.isValid || !/(Z|[+-]\d{2}:?\d{2})$/.test(q.at)) fail(`${q.id}: at は "2026-03-10T10:30:00+09:00" のように時差つきの時刻にしてください (got ${q.at})`);
  return at.setZone(japanZone);
}

const byKind = new Map<string, { pass: number; total: number }>();
const failures: string[] = [];
for (const q of questions) {
  const conversation = q.user === undefined ? { id: `U${hex(16)}`, memory: null } : (users.get(q.user) ?? { id: `U${hex(16)}`, memory: null });
  if (q.user !== undefined) users.set(q.user, conversation);
  const now = clockOf(q);
  const event: webhook.MessageEvent = {
    type: "message",
    mode: "active",
    timestamp: now.toMillis(),
    webhookEventId: hex(13).toUpperCase(),
    deliveryContext: { isRedelivery: false },
    source: { type: "user", userId: conversation.id },
    replyToken: hex(16),
    message: { type: "text", id: String(Date.now()), quoteToken: hex(16), text: q.text },
  };
  const reply = handle(event, { now, memory: conversation.memory });
  if (reply?.memory) conversation.memory = reply.memory;
  const score = scoreReply(q, reply?.messages ?? [], names);
  const tally = byKind.get(q.kind) ?? { pass: 0, total: 0 };
  byKind.set(q.kind, { pass: tally.pass + (score.pass ? 1 : 0), total: tally.total + 1 });
  if (!score.pass) failures.push(`${q.id} ${q.kind} 「${q.text}」 → ${score.got}`);
  if (values.verbose) console.log(`${score.pass ? "PASS" : "FAIL"} ${q.id} 「${q.text}」 ${score.got}`);
}

const passed = [...byKind.values()].reduce((sum, k) => sum + k.pass, 0);
const share = questions.length === 0 ? 0 : passed / questions.length;
for (const [kind, k] of byKind) console.log(`${kind.padEnd(13)} ${k.pass}/${k.total}`);
console.log(`overall       ${passed}/${questions.length}  ${(100 * share).toFixed(1)}%  (必要 ${(100 * min).toFixed(0)}%)`);
if (failures.length > 0) console.log(`\n合わなかった質問 (failures):\n${failures.join("\n")}`);
process.exitCode = share >= min ? 0 : 1;
