// The question log fed by the real webhook: real catalog and handler, real server on loopback, fake LINE API, real databases.
import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../src/analytics/open-database.ts";
import { createQuestionLog, type QuestionLog } from "../src/analytics/question-log.ts";
import type { SqlDatabase } from "../src/analytics/sql.ts";
import { DateTime } from "luxon";
import { createEventHandler } from "../src/bot/handle-event.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { createSimulatorRouter } from "../src/simulator/router.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { stores, type TestStore } from "./support/analytics-stores.ts";
import { capturingLogger } from "./support/log-capture.ts";
import { CHANNEL_SECRET, startTestServer, type TestServer } from "./support/test-server.ts";
import { postWebhook, standbyTextEvent, textMessageEvent, userId, webhookBody } from "./support/webhook.ts";

const SECRET = "question-log-test-secret-0123456789abcdef";
const catalog = loadCatalog("data");
const handleEvent = createEventHandler({ catalog, understand: createUnderstander(catalog) });

interface Row {
  user_key: string | null;
  chat_type: string;
  event_type: string;
  decision: string;
  outcome: string;
  resource_id: string | null;
  unanswered_text: string | null;
  latency_ms: number;
  channel: string;
  candidates: string | null;
}

describe.each(stores)("webhook → question log on %s", (_name, makeStore) => {
  let store: TestStore;
  let db: SqlDatabase;
  let log: QuestionLog;
  let server: TestServer;

  beforeEach(async () => {
    store = await makeStore();
    db = await openDatabase(store.location);
    log = createQuestionLog({ db, secret: SECRET, retentionDays: 180, logger: capturingLogger().logger, queue: { flushDelayMs: 5 } });
    server = await startTestServer({ handleEvent, recordExchange: log.record });
  });
  afterEach(async () => {
    await server.close();
    await log.close(1000);
    await store.dispose();
  });

  const rows = () => db.query<Row>("SELECT * FROM exchanges ORDER BY id");

  it("stores the decision under a pseudonymous key, and the masked text only of the question it could not answer", async () => {
    const asker = userId();
    const source = { type: "user" as const, userId: asker };
    const answered = textMessageEvent("テレワーク相談センターの電話番号", { source });
    const unanswered = textMessageEvent("おいしいラーメン屋を 090-1234-5678 に教えて", { source });
    expect((await postWebhook(server.baseUrl, webhookBody([answered, unanswered]), { secret: CHANNEL_SECRET })).status).toBe(200);
    await server.lineApi.waitForReplies(2);
    await server.settle();
    await log.flush(5000);

    const stored = await rows();
    expect(stored).toHaveLength(2);
    const key = createHmac("sha256", SECRET).update(asker).digest("hex");
    expect(stored.map((r) => r.user_key)).toEqual([key, key]);
    expect(stored[0]).toMatchObject({ chat_type: "user", event_type: "message", decision: "resource", outcome: "answered", unanswered_text: null });
    expect(stored[0]?.resource_id).toBeTruthy();
    // The engine's top three as ids and scores: what the review queue shows, no words of the question.
    expect(stored[0]?.candidates).toMatch(/^[a-z0-9-]+:[\d.]+( [a-z0-9-]+:[\d.]+){0,2}$/);
    expect(stored.map((r) => r.channel)).toEqual(["line", "line"]);
    expect(stored[1]).toMatchObject({ outcome: "unanswered", unanswered_text: "おいしいラーメン屋を 〔電話番号〕 に教えて" });
    expect(JSON.stringify(stored)).not.toContain(asker);
    expect(JSON.stringify(stored)).not.toContain("テレワーク相談センターの電話番号");
  });

  it("stores nothing for standby events, forged requests, or group chatter not addressed to the bot", async () => {
    expect((await postWebhook(server.baseUrl, webhookBody([standbyTextEvent("助成金ある？")]), { secret: CHANNEL_SECRET })).status).toBe(200);
    expect((await postWebhook(server.baseUrl, webhookBody([textMessageEvent("助成金ある？")]), { secret: "not-the-channel-secret" })).status).toBe(401);
    const chatter = textMessageEvent("助成金ある？", { source: { type: "group", groupId: "C0123456789abcdef0123456789abcdef", userId: userId() } });
    expect((await postWebhook(server.baseUrl, webhookBody([chatter]), { secret: CHANNEL_SECRET })).status).toBe(200);
    await server.settle();
    await log.flush(5000);
    expect(await rows()).toEqual([]);
    expect(server.lineApi.replies()).toHaveLength(0);
  });
});

describe.each(stores)("simulator → question log on %s", (_name, makeStore) => {
  const clockNow = DateTime.fromISO("2026-11-20T14:00", { zone: "Asia/Tokyo" });
  let store: TestStore;
  let db: SqlDatabase;
  let log: QuestionLog;
  let server: TestServer;

  beforeEach(async () => {
    store = await makeStore();
    db = await openDatabase(store.location);
    const { logger } = capturingLogger();
    log = createQuestionLog({ db, secret: SECRET, retentionDays: 180, logger, queue: { flushDelayMs: 5 } });
    const simulator = createSimulatorRouter({ handleEvent, botName: "テスト", clock: () => clockNow, logger, recordExchange: log.record });
    server = await startTestServer({ handleEvent, simulator, withLine: false });
  });
  afterEach(async () => {
    await server.close();
    await log.close(1000);
    await store.dispose();
  });

  const send = async (event: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const response = await fetch(`${server.baseUrl}/simulator/api/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ event, ...extra }) });
    expect(response.status).toBe(200);
    return (await response.json()) as { reason: string };
  };

  it("logs the simulator's questions tagged as such, at the time they were asked, and files 「解決しない」 from a tab", async () => {
    const conversation = "0123456789abcdef0123456789abcdef";
    // Asked "as if" at another instant: the log still files it now, when an operator tried it.
    await send({ type: "text", text: "おいしいラーメン屋を教えて" }, { at: "2026-12-31T23:00+09:00", conversation });
    await send({ type: "text", text: "テレワーク相談センターの電話番号" }, { conversation });
    expect((await send({ type: "postback", data: "a=fb&v=no" }, { conversation })).reason).toBe("postback:feedback:unresolved");
    await new Promise((resolve) => setTimeout(resolve, 20));
    await log.flush(5000);

    const stored = await db.query<{ channel: string; jst_day: string; decision: string; unanswered_text: string | null }>("SELECT channel, jst_day, decision, unanswered_text FROM exchanges ORDER BY id");
    expect(stored.map((r) => [r.channel, r.jst_day])).toEqual([
      ["simulator", "2026-11-20"],
      ["simulator", "2026-11-20"],
      ["simulator", "2026-11-20"],
    ]);
    expect(stored[0]?.unanswered_text).toBe("おいしいラーメン屋を教えて");
    const [feedback] = await db.query<{ channel: string; question_text: string }>("SELECT channel, question_text FROM feedback");
    expect(feedback).toEqual({ channel: "simulator", question_text: "テレワーク相談センターの電話番号" });
    expect(JSON.stringify(await db.query("SELECT * FROM exchanges"))).not.toContain(conversation);
  });
});
