// Feedback, the review queue and marks on the real SQLite and PostgreSQL: what is stored, how questions group,
// what a mark turns into, and that deletion reaches all of it.
import type { webhook } from "@line/bot-sdk";
import { DateTime } from "luxon";
import { parse } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exampleSnippets, labelledQuestions, loadMarks, saveMark, scoreMarks, toJsonl } from "../src/analytics/marks.ts";
import { openDatabase } from "../src/analytics/open-database.ts";
import { createQuestionLog, type QuestionLog } from "../src/analytics/question-log.ts";
import { loadReport } from "../src/analytics/report.ts";
import { loadQueue } from "../src/analytics/review-queue.ts";
import type { SqlDatabase } from "../src/analytics/sql.ts";
import type { ReplyRecord } from "../src/bot/types.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { exampleSchema } from "../src/catalog/schema.ts";
import { parseQuestions } from "../src/quality/scoring.ts";
import { createMemoryStore } from "../src/store/memory-store.ts";
import type { Store } from "../src/store/store.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { stores, type TestStore } from "./support/analytics-stores.ts";
import { capturingLogger } from "./support/log-capture.ts";
import { postbackEvent, textMessageEvent, userId } from "./support/webhook.ts";

const SECRET = "question-log-test-secret-0123456789abcdef";
const FAST = { flushDelayMs: 5, retryDelayMs: 20, logIntervalMs: 60 * 60 * 1000 };
const jst = (iso: string) => DateTime.fromISO(iso, { zone: "Asia/Tokyo" });
const DAY = { since: "2026-11-02", until: "2026-11-02" };
const catalog = loadCatalog("data");
const understand = createUnderstander(catalog);

const reply = (record: ReplyRecord) => ({ messages: [], reason: "test", record });
const candidates = [
  { resourceId: "tokyo-subsidy", score: 3.6 },
  { resourceId: "mhlw-portal", score: 1.17 },
  { resourceId: "security-guideline", score: 1.08 },
];

/** Everything stored, every table, as one string: what must never hold a raw id or an unmasked number. */
async function everything(db: SqlDatabase): Promise<string> {
  const tables = ["exchanges", "feedback", "marks", "mark_scores"];
  return JSON.stringify(await Promise.all(tables.map((t) => db.query(`SELECT * FROM ${t}`))));
}

describe.each(stores)("feedback, queue and marks on %s", (_name, makeStore) => {
  let store: TestStore;
  let db: SqlDatabase;
  let log: QuestionLog;
  // What the log hands the short-lived state (Redis in production) while an answer waits for feedback.
  let held: string[];

  beforeEach(async () => {
    store = await makeStore();
    db = await openDatabase(store.location);
    held = [];
    const memory = createMemoryStore(100);
    const pending: Store = { ...memory, set: (key, value, ttlMs) => (held.push(key, value), memory.set(key, value, ttlMs)) };
    log = createQuestionLog({ db, secret: SECRET, retentionDays: 180, logger: capturingLogger().logger, queue: FAST, nowMs: () => jst("2026-11-02T18:00").toMillis(), pending });
  });
  afterEach(async () => {
    await log.close(1000);
    await store.dispose();
  });

  const source = (user: string) => ({ source: { type: "user" as const, userId: user } });
  const ask = (user: string, text: string, record: ReplyRecord, at: DateTime, channel: "line" | "simulator" = "line"): webhook.Event => {
    const event = textMessageEvent(text, source(user));
    log.record(event, reply(record), at, 3, channel);
    return event;
  };
  const say = (user: string, feedback: "resolved" | "unresolved", at: DateTime): webhook.Event => {
    const event = postbackEvent(`a=fb&v=${feedback === "resolved" ? "yes" : "no"}`, source(user));
    log.record(event, reply({ decision: "feedback", resourceIds: [], feedback }), at, 1);
    return event;
  };
  // Feedback waits for the held answer to be read back before it joins the write queue.
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await log.flush(5000)).toBe(true);
  };

  it("files 「解決しない」 against the answer it is about, keeping the masked question only then", async () => {
    const [helped, notHelped, late] = [userId(), userId(), userId()];
    const answered = (text: string): ReplyRecord => ({ decision: "resource", resourceIds: ["it-subsidy"], candidates, words: ["在宅", "機器", "補助"], questionText: text });
    const events = [
      ask(helped, "在宅勤務の機器に補助出る？", answered("在宅勤務の機器に補助出る？"), jst("2026-11-02T09:00")),
      say(helped, "resolved", jst("2026-11-02T09:01")),
      ask(notHelped, "機器の補助は 03-1234-5678 で聞ける？", answered("機器の補助は 03-1234-5678 で聞ける？"), jst("2026-11-02T10:00")),
      say(notHelped, "unresolved", jst("2026-11-02T10:01")),
      // Nothing was asked in this conversation: the verdict is counted, about no question.
      say(late, "unresolved", jst("2026-11-02T11:00")),
    ];
    await settle();

    const feedback = await db.query<{ verdict: string; event_key: string | null; question_text: string | null }>("SELECT verdict, event_key, question_text FROM feedback ORDER BY occurred_at");
    expect(feedback.map((f) => [f.verdict, f.question_text])).toEqual([
      ["resolved", null],
      ["unresolved", "機器の補助は 〔電話番号〕 で聞ける？"],
      ["unresolved", null],
    ]);
    const answers = await db.query<{ event_key: string | null; unanswered_text: string | null; candidates: string }>("SELECT event_key, unanswered_text, candidates FROM exchanges WHERE decision = 'resource' ORDER BY occurred_at");
    expect(feedback.slice(0, 2).map((f) => f.event_key)).toEqual(answers.map((a) => a.event_key));
    expect(feedback[2]?.event_key).toBeNull();
    expect(answers.map((a) => a.unanswered_text)).toEqual([null, null]);
    expect(answers[0]?.candidates).toBe("tokyo-subsidy:3.6 mhlw-portal:1.17 security-guideline:1.08");

    const report = await loadReport(db, DAY);
    expect(report.feedback).toEqual({ resolved: 1, unresolved: 2 });
    const [group] = await loadQueue(db, DAY);
    expect(group).toMatchObject({ total: 1, example: "機器の補助は 〔電話番号〕 で聞ける？", classes: [{ name: "unresolved", total: 1 }], decision: "resource", shown: ["it-subsidy"], candidates });

    const stored = await everything(db);
    for (const raw of [helped, notHelped, late, ...events.map((e) => e.webhookEventId), ...events.map((e) => ("replyToken" in e ? e.replyToken : ""))]) expect(stored).not.toContain(raw);
    expect(stored).not.toContain("03-1234-5678");
    expect(stored).not.toContain("在宅勤務の機器に補助出る？");
    // While they waited, the answered questions were held masked, under an HMAC of the conversation.
    expect(held).toHaveLength(4);
    expect(held.join(" ")).toContain("〔電話番号〕");
    for (const raw of [helped, notHelped, "03-1234-5678"]) expect(held.join(" ")).not.toContain(raw);
  });

  it("files a group member's 「解決しない」 against that member's last answer in the group, not another's", async () => {
    const group = { type: "group" as const, groupId: `C${"a".repeat(32)}` };
    const [first, second] = [userId(), userId()];
    const answered = (text: string): ReplyRecord => ({ decision: "resource", resourceIds: ["it-subsidy"], questionText: text, words: [] });
    log.record(textMessageEvent("機器の補助", { source: { ...group, userId: first } }), reply(answered("機器の補助")), jst("2026-11-02T09:00"), 3);
    log.record(textMessageEvent("相談の窓口", { source: { ...group, userId: second } }), reply(answered("相談の窓口")), jst("2026-11-02T09:01"), 3);
    log.record(postbackEvent("a=fb&v=no", { source: { ...group, userId: first } }), reply({ decision: "feedback", resourceIds: [], feedback: "unresolved" }), jst("2026-11-02T09:02"), 1);
    await settle();
    expect(await db.query("SELECT question_text FROM feedback")).toEqual([{ question_text: "機器の補助" }]);
    expect(held.join(" ")).not.toContain(group.groupId);
  });

  it("groups near-duplicates by content words, classes each group, and labels the simulator's questions", async () => {
    const refused = (text: string, words: string[]): ReplyRecord => ({ decision: "refused", resourceIds: [], unansweredText: text, words, candidates });
    ask(userId(), "パソコン貸与のルール", refused("パソコン貸与のルール", ["ぱそこん", "貸与", "るる"]), jst("2026-11-02T09:00"));
    ask(userId(), "パソコン貸与のルールは？", refused("パソコン貸与のルールは？", ["ぱそこん", "貸与", "るる"]), jst("2026-11-02T09:30"), "simulator");
    ask(userId(), "PCの貸与ルールを教えて", refused("PCの貸与ルールを教えて", ["るる", "ぱそこん", "貸与"]), jst("2026-11-02T10:00"));
    ask(userId(), "確定申告のやり方", refused("確定申告のやり方", ["確定", "申告"]), jst("2026-11-02T11:00"));
    ask(userId(), "駐車場", { decision: "notFound", resourceIds: [], unansweredText: "駐車場", words: [] }, jst("2026-11-02T12:00"));
    // A referral the user also said did not help: one question with two classes, not two questions.
    const asker = userId();
    ask(asker, "テレワークで使えるツール", { decision: "referral", resourceIds: ["tw-sodan"], unansweredText: "テレワークで使えるツール", questionText: "テレワークで使えるツール", words: ["てれわく", "使える", "つる"] }, jst("2026-11-02T13:00"));
    say(asker, "unresolved", jst("2026-11-02T13:01"));
    // A phone number split into words never becomes part of a group's key.
    ask(userId(), "03-1234-5678 電話", { decision: "notFound", resourceIds: [], unansweredText: "03-1234-5678 電話", words: ["03", "1234", "5678", "電話"] }, jst("2026-11-02T14:00"));
    await settle();

    const groups = await loadQueue(db, DAY);
    expect(groups[0]).toMatchObject({ total: 3, variants: 3, simulator: 1, example: "PCの貸与ルールを教えて", classes: [{ name: "outOfScope", total: 3 }] });
    const tools = groups.find((g) => g.example === "テレワークで使えるツール");
    expect(tools?.classes.map((c) => c.name).sort()).toEqual(["referral", "unresolved"]);
    expect(tools?.total).toBe(1);
    expect(groups.find((g) => g.example === "駐車場")?.classes).toEqual([{ name: "notFound", total: 1 }]);
    expect(groups.map((g) => g.key).join("|")).not.toMatch(/1234|5678/);
    expect(groups).toHaveLength(5);

    const withoutSimulator = await loadQueue(db, DAY, { withoutSimulator: true });
    expect(withoutSimulator[0]).toMatchObject({ total: 2, simulator: 0 });
    const report = await loadReport(db, DAY);
    expect(report.simulator).toBe(1);
    expect(report.topUnanswered[0]).toMatchObject({ total: 3 });
    expect((await loadReport(db, DAY, { withoutSimulator: true })).total).toBe(report.total - 1);
  });

  it("turns marked groups into catalog examples, a labelled set `measure` reads, and a score of the running catalog", async () => {
    const refused = (text: string, words: string[]): ReplyRecord => ({ decision: "refused", resourceIds: [], unansweredText: text, words });
    ask(userId(), "確定申告のやり方", refused("確定申告のやり方", ["確定", "申告"]), jst("2026-11-02T09:00"));
    ask(userId(), "テレワーク相談センターに電話したい", refused("テレワーク相談センターに電話したい", ["てれわく", "相談", "電話"]), jst("2026-11-02T09:10"));
    ask(userId(), "ありがとうね", refused("ありがとうね", ["ありがとう"]), jst("2026-11-02T09:20"));
    ask(userId(), "社員のスマホ代", refused("社員のスマホ代", ["社員", "すまほ", "代"]), jst("2026-11-02T09:30"));
    await settle();
    const groups = await loadQueue(db, DAY);
    const group = (example: string) => groups.find((g) => g.example === example) ?? expect.fail(example);
    const markedAt = jst("2026-11-28T10:00").toMillis();
    await saveMark(db, group("確定申告のやり方"), "outOfScope", null, markedAt);
    await saveMark(db, group("テレワーク相談センターに電話したい"), "resource", "tw-sodan", markedAt);
    await saveMark(db, group("ありがとうね"), "chatter", null, markedAt);
    await saveMark(db, group("社員のスマホ代"), "needsContent", null, markedAt);
    // A second mark on a group replaces the first.
    await saveMark(db, group("確定申告のやり方"), "outOfScope", null, markedAt);
    const marks = await loadMarks(db);
    expect(marks).toHaveLength(4);

    const { snippets, needsContent } = exampleSnippets(marks, catalog);
    expect(snippets.map((s) => s.file)).toEqual(["data/resources/01-tw-sodan.yaml", "data/catalog.yaml"]);
    const resourceExamples = (parse(snippets[0]?.yaml ?? "") as { examples: unknown[] }).examples;
    expect(resourceExamples).toEqual([{ text: "テレワーク相談センターに電話したい", source: "question log 2026-11-28" }]);
    for (const example of resourceExamples) expect(exampleSchema.safeParse(example).success).toBe(true);
    expect(parse(snippets[1]?.yaml ?? "")).toEqual({
      examples: { outOfScope: [{ text: "確定申告のやり方", source: "question log 2026-11-28" }], chatter: [{ text: "ありがとうね", source: "question log 2026-11-28" }] },
    });
    expect(needsContent.map((m) => m.exampleText)).toEqual(["社員のスマホ代"]);

    // Once pasted into the catalog, an example is not offered again.
    const pasted = { ...catalog, examples: { outOfScope: [{ text: "確定申告のやり方", source: "question log 2026-11-28" }], chatter: [] } };
    expect(exampleSnippets(marks, pasted).alreadyInCatalog).toBe(1);

    const labelled = parseQuestions(toJsonl(labelledQuestions(marks, catalog)), "labelled.jsonl");
    expect(labelled.map((q) => [q.text, q.kind, q.expect])).toEqual([
      ["確定申告のやり方", "out_of_scope", []],
      ["テレワーク相談センターに電話したい", "resource", ["テレワーク相談センター"]],
      ["ありがとうね", "out_of_scope", []],
    ]);
    const summary = scoreMarks(marks, catalog, (text) => understand(text).decision);
    expect(summary?.firstRight.of).toBe(3);
    expect(summary?.firstRight.count).toBeGreaterThanOrEqual(2);
  });

  it("forgets a user's events, feedback and the marks on their words, and lets them all age out", async () => {
    const [asker, other] = [userId(), userId()];
    ask(asker, "駐車場", { decision: "notFound", resourceIds: [], unansweredText: "駐車場", words: ["駐車"] }, jst("2026-11-02T09:00"));
    ask(asker, "機器の補助", { decision: "resource", resourceIds: ["it-subsidy"], questionText: "機器の補助", words: ["機器", "補助"] }, jst("2026-11-02T09:05"));
    say(asker, "unresolved", jst("2026-11-02T09:06"));
    ask(other, "会議室", { decision: "notFound", resourceIds: [], unansweredText: "会議室", words: ["会議"] }, jst("2026-11-02T10:00"));
    await settle();
    for (const g of await loadQueue(db, DAY)) await saveMark(db, g, "needsContent", null, jst("2026-11-03T09:00").toMillis());
    expect(await loadMarks(db)).toHaveLength(3);

    // Their 3 events (two questions and the tap), 1 feedback row, 2 marks (駐車場 and the 「解決しない」 question are theirs).
    expect(await log.forgetUser(asker)).toBe(6);
    const left = await everything(db);
    expect(left).not.toContain("駐車場");
    expect(left).not.toContain("機器の補助");
    expect((await loadMarks(db)).map((m) => m.exampleText)).toEqual(["会議室"]);

    // 180 days after 2026-11-02T18:00, everything from that day is gone, the mark with its example.
    const later = createQuestionLog({ db, secret: SECRET, retentionDays: 1, logger: capturingLogger().logger, nowMs: () => jst("2026-11-04T12:00").toMillis() });
    expect(await later.applyRetention()).toBe(2);
    expect(await loadMarks(db)).toEqual([]);
    expect(await db.query("SELECT * FROM exchanges")).toEqual([]);
  });
});
