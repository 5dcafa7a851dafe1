// The operators' commands and the composition root, as separate processes against the real databases.
import { spawnSync } from "node:child_process";
import { DateTime } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countExchanges, insertExchanges } from "../src/analytics/exchange-store.ts";
import { openDatabase } from "../src/analytics/open-database.ts";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { saveMark } from "../src/analytics/marks.ts";
import { shapeExchange } from "../src/analytics/record.ts";
import { loadQueue } from "../src/analytics/review-queue.ts";
import type { Report } from "../src/analytics/report.ts";
import { stores, type TestStore } from "./support/analytics-stores.ts";
import { type FakeLineApi, startFakeLineApi } from "./support/fake-line-api.ts";
import { type StartedMain, startMain } from "./support/main-process.ts";
import { ACCESS_TOKEN, CHANNEL_SECRET } from "./support/test-server.ts";
import { postWebhook, textMessageEvent, userId, webhookBody } from "./support/webhook.ts";

const SECRET = "question-log-test-secret-0123456789abcdef";
const jst = (iso: string) => DateTime.fromISO(iso, { zone: "Asia/Tokyo" });

function storeEnv(store: TestStore): Record<string, string> {
  return store.location.databaseUrl ? { DATABASE_URL: store.location.databaseUrl } : { ANALYTICS_DB: store.location.sqlitePath };
}

function run(script: string, args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8", timeout: 15_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.each(stores)("operators' commands on %s", (_name, makeStore) => {
  let store: TestStore;
  const asker = userId();

  beforeEach(async () => {
    store = await makeStore();
    const db = await openDatabase(store.location);
    const event = (text: string, user = userId()) => textMessageEvent(text, { source: { type: "user", userId: user } });
    await insertExchanges(db, [
      shapeExchange({ event: event("助成金", asker), record: { decision: "resource", resourceIds: ["telework-manager"] }, at: jst("2026-11-02T09:00"), latencyMs: 2 }, SECRET),
      shapeExchange({ event: event("x", asker), record: { decision: "notFound", resourceIds: [], unansweredText: "駐車場はありますか" }, at: jst("2026-11-03T15:00"), latencyMs: 2 }, SECRET),
      shapeExchange({ event: event("x"), record: { decision: "notFound", resourceIds: [], unansweredText: "駐車場はありますか？" }, at: jst("2026-11-04T15:00"), latencyMs: 2 }, SECRET),
    ]);
    await db.close();
  });
  afterEach(() => store.dispose());

  it("npm run report prints the figures as JSON, CSV or a table", () => {
    const env = storeEnv(store);
    const json = run("src/analytics/report-cli.ts", ["--since", "2026-11-01", "--until", "2026-11-30", "--format", "json"], env);
    expect(json.stderr).toBe("");
    const report = JSON.parse(json.stdout) as Report;
    expect(report).toMatchObject({ total: 3, answered: 1, unanswered: 2, topResources: [{ resourceId: "telework-manager", total: 1 }] });
    expect(report.topUnanswered).toEqual([{ key: expect.any(String), total: 2, example: "駐車場はありますか" }]);

    const csv = run("src/analytics/report-cli.ts", ["--since", "2026-11-01", "--until", "2026-11-30", "--format", "csv"], env);
    expect(csv.stdout).toContain("resource,telework-manager,1,テレワークマネージャー事業");

    const table = run("src/analytics/report-cli.ts", ["--since", "2026-11-01", "--until", "2026-11-30"], env);
    expect(table.status).toBe(0);
    expect(table.stdout).toContain("質問ログ 2026-11-01 〜 2026-11-30（日本時間）");
    expect(table.stdout).toContain("駐車場はありますか");
  });

  it("npm run report leaves out the simulator on request, and prints marks as catalog examples and as a labelled set that npm run measure scores", async () => {
    const env = storeEnv(store);
    const db = await openDatabase(store.location);
    await insertExchanges(db, [
      shapeExchange({ event: textMessageEvent("x"), record: { decision: "refused", resourceIds: [], unansweredText: "確定申告のやり方", words: ["確定", "申告"] }, at: jst("2026-11-05T10:00"), latencyMs: 2, channel: "simulator" }, SECRET),
    ]);
    const range = { since: "2026-11-01", until: "2026-11-30" };
    const queue = await loadQueue(db, range);
    const group = (example: string) => queue.find((g) => g.example.startsWith(example)) ?? expect.fail(example);
    await saveMark(db, group("駐車場はありますか"), "needsContent", null, jst("2026-11-28T10:00").toMillis());
    await saveMark(db, group("確定申告のやり方"), "outOfScope", null, jst("2026-11-28T10:00").toMillis());
    await db.close();

    const report = (args: string[]) => JSON.parse(run("src/analytics/report-cli.ts", ["--since", "2026-11-01", "--until", "2026-11-30", "--format", "json", ...args], env).stdout) as Report;
    expect(report([])).toMatchObject({ total: 4, simulator: 1 });
    expect(report(["--without-simulator"])).toMatchObject({ total: 3, simulator: 0, withoutSimulator: true });

    const examples = run("src/analytics/report-cli.ts", ["--examples"], env);
    expect(examples.status).toBe(0);
    expect(examples.stdout).toContain("# data/catalog.yaml（examples: に追加, 1 件）\nexamples:\n  outOfScope:\n    - text: 確定申告のやり方\n      source: question log 2026-11-28\n");
    expect(examples.stdout).toContain("# 新しい内容が必要（カタログに答えがありません）:\n#   駐車場はありますか？");

    const labelled = run("src/analytics/report-cli.ts", ["--labelled"], env);
    expect(labelled.stdout).toBe('{"id":"log-2","text":"確定申告のやり方","kind":"out_of_scope","expect":[],"note":"question log 2026-11-28"}\n');
    const file = path.join(tmpdir(), `labelled-${process.pid}-${Date.now()}.jsonl`);
    writeFileSync(file, labelled.stdout);
    const measured = run("scripts/measure-matching.ts", [file, "--json", "--min=1"], {});
    expect(measured.status).toBe(0);
    expect(JSON.parse(measured.stdout)).toMatchObject({ total: 1, firstRight: { count: 1, of: 1 }, refusalPrecision: { count: 1, of: 1 } });
  });

  it("npm run report names a bad option and exits 2", () => {
    const badDate = run("src/analytics/report-cli.ts", ["--since", "2026-02-30"], storeEnv(store));
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toContain("since は 2026-11-01 のような日付で指定してください");
    const badFormat = run("src/analytics/report-cli.ts", ["--format", "xml"], storeEnv(store));
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toContain("--format は table / csv / json のいずれかです");
    const missing = run("src/analytics/report-cli.ts", [], { ANALYTICS_DB: "/nonexistent/analytics.sqlite" });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("ANALYTICS_DB: 質問ログのファイルがありません");
  });

  it("npm run forget-user deletes every row of that LINE user, and only those", async () => {
    const result = run("src/analytics/forget-cli.ts", [asker], { ...storeEnv(store), ANALYTICS_SECRET: SECRET });
    expect(result.stdout).toContain("2 件を削除しました");
    const db = await openDatabase(store.location);
    expect(await countExchanges(db)).toBe(1);
    await db.close();
    expect(run("src/analytics/forget-cli.ts", ["someone"], { ...storeEnv(store), ANALYTICS_SECRET: SECRET }).status).toBe(2);
  });

  it("npm run forget-user still deletes after the log was turned off (ANALYTICS=off)", async () => {
    const result = run("src/analytics/forget-cli.ts", [asker], { ...storeEnv(store), ANALYTICS_SECRET: SECRET, ANALYTICS: "off" });
    expect(result.status).toBe(0);
    const db = await openDatabase(store.location);
    expect(await countExchanges(db)).toBe(1);
    await db.close();
  });
});

describe.each(stores)("npm start with the question log on %s", (_name, makeStore) => {
  let store: TestStore;
  let lineApi: FakeLineApi;
  let started: StartedMain | undefined;

  beforeEach(async () => {
    store = await makeStore();
    lineApi = await startFakeLineApi();
  });
  afterEach(async () => {
    if (started?.child.exitCode === null) started.child.kill("SIGKILL");
    await lineApi.close();
    await store.dispose();
  });

  it("records each answered event and writes the queue out on SIGTERM", async () => {
    started = startMain({
      PORT: "0",
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
      LINE_API_BASE_URL: lineApi.baseUrl,
      ANALYTICS_SECRET: SECRET,
      ADMIN_TOKEN: "admin-token-for-tests-7f3c9a1e5b",
      ...storeEnv(store),
    });
    await expect.poll(() => started?.stdout() ?? "", { timeout: 10_000 }).toContain('"msg":"server listening"');
    const line = started.stdout().split("\n").find((l) => l.includes('"msg":"server listening"')) ?? "";
    const url = (JSON.parse(line) as { url: string }).url.replace(/\/$/, "").replace("localhost", "127.0.0.1");
    expect(started.stdout()).toContain('"msg":"question log on"');
    expect((await fetch(`${url}/admin`)).status).toBe(200);

    const events = [textMessageEvent("助成金ある？"), textMessageEvent("こんにちは")];
    expect((await postWebhook(url, webhookBody(events), { secret: CHANNEL_SECRET })).status).toBe(200);
    await lineApi.waitForReplies(2);
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
    expect(started.stdout()).toMatch(/"written":2,"dropped":0,"pending":0,"msg":"question log closed"/);
    const db = await openDatabase(store.location);
    expect(await countExchanges(db)).toBe(2);
    await db.close();
  });
});

describe("question log settings", () => {
  it("ANALYTICS=on without ANALYTICS_SECRET stops the bot naming the variable", async () => {
    const started = startMain({ PORT: "0", ANALYTICS: "on" });
    expect(await started.exited).toBe(1);
    expect(started.stderr()).toContain("ANALYTICS_SECRET: 未設定です");
  });

  it("ANALYTICS=off stores nothing even with a secret", async () => {
    const started = startMain({ PORT: "0", ANALYTICS: "off", ANALYTICS_SECRET: SECRET, ANALYTICS_DB: "/nonexistent/dir/never-created.sqlite" });
    await expect.poll(() => started.stdout(), { timeout: 10_000 }).toContain('"msg":"server listening"');
    expect(started.stdout()).toContain("question log off");
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
  });
});
