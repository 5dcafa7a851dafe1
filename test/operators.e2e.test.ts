// The operator's loop in a real Chromium, on each database: a question in the simulator, the review queue,
// a mark, the catalog snippet and the labelled export, then `npm run measure` on that export.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminRouter } from "../src/analytics/admin/router.ts";
import { openDatabase } from "../src/analytics/open-database.ts";
import { createQuestionLog, type QuestionLog } from "../src/analytics/question-log.ts";
import type { SqlDatabase } from "../src/analytics/sql.ts";
import { createEventHandler } from "../src/bot/handle-event.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { botName } from "../src/reply/copy.ts";
import { buildRichMenu } from "../src/richmenu/build.ts";
import { createSimulatorRouter } from "../src/simulator/router.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { axeViolations, focusPageStart, indicatorContrast, tabOrder } from "./support/accessibility.ts";
import { stores, type TestStore } from "./support/analytics-stores.ts";
import { capturingLogger } from "./support/log-capture.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";
import { postbackEvent, textMessageEvent, userId } from "./support/webhook.ts";

const CHROMIUM = "/usr/bin/chromium";
const root = path.resolve(import.meta.dirname, "..");
const hasChromium = existsSync(CHROMIUM);
// The README's picture is refreshed only on request (npm run screenshot), so a test run never edits tracked files.
const readmeShot = path.join(root, process.env.UPDATE_README_SCREENSHOT === "1" ? "docs/admin-queue.png" : "test/artifacts/readme-admin-queue.png");
const TOKEN = "admin-token-for-operator-tests-9c1d7e";
const SECRET = "question-log-test-secret-0123456789abcdef";
// A Friday morning: the consultation line is open.
const NOW = DateTime.fromISO("2026-11-27T10:30", { zone: "Asia/Tokyo" });
const catalog = loadCatalog(path.join(root, "data"));
const understand = createUnderstander(catalog);
const handleEvent = createEventHandler({ catalog, understand });

/** A few days of what people asked through LINE, with 「解決しない」 on some answers. */
async function seed(log: QuestionLog): Promise<void> {
  const asked: [string, number, boolean?][] = [
    ["確定申告のやり方", 3],
    ["確定申告のやり方を教えて", 1],
    ["パソコン貸与のルール", 2],
    ["パソコン貸与のルールは？", 2],
    ["従業員の自宅のネット代は誰が払う？", 2, true],
    ["社員に貸すスマホの規程はある？", 1],
    ["テレワークで使えるツール", 1],
  ];
  let minutes = 0;
  for (const [text, times, unresolved] of asked) {
    for (let i = 0; i < times; i++) {
      const source = { type: "user" as const, userId: userId() };
      const at = NOW.minus({ days: 1 + (i % 3), minutes: (minutes += 37) });
      const event = textMessageEvent(text, { source });
      const reply = handleEvent(event, { now: at });
      if (reply) log.record(event, reply, at, 4);
      if (unresolved) {
        const tap = postbackEvent("a=fb&v=no", { source });
        const verdict = handleEvent(tap, { now: at.plus({ minutes: 1 }) });
        if (verdict) log.record(tap, verdict, at.plus({ minutes: 1 }), 2);
      }
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await log.flush(10_000)).toBe(true);
}

describe.skipIf(!hasChromium).each(stores)("the operator's loop in Chromium on %s", (name, makeStore) => {
  let store: TestStore;
  let db: SqlDatabase;
  let log: QuestionLog;
  let server: TestServer;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    store = await makeStore();
    db = await openDatabase(store.location);
    const { logger } = capturingLogger();
    log = createQuestionLog({ db, secret: SECRET, retentionDays: 180, logger, queue: { flushDelayMs: 5 } });
    await seed(log);
    const clock = () => NOW;
    server = await startTestServer({
      handleEvent,
      withLine: false,
      simulator: createSimulatorRouter({ handleEvent, botName: botName(catalog), clock, logger, richMenu: buildRichMenu(catalog), recordExchange: log.record }),
      admin: createAdminRouter({ token: TOKEN, db, catalog, decide: (text) => understand(text).decision, clock, logger, secureCookie: false }),
    });
    profileDir = mkdtempSync(path.join(tmpdir(), "operators-chromium-"));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--lang=ja", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      locale: "ja-JP",
      timezoneId: "Asia/Tokyo",
      acceptDownloads: true,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await log?.close(1000);
    await store?.dispose();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  const ask = async (text: string) => {
    const before = await page.locator(".row.bot").count();
    await page.getByRole("textbox", { name: "メッセージ" }).fill(text);
    await page.getByRole("button", { name: "送信" }).click();
    await expect.poll(() => page.locator(".row.bot").count()).toBeGreaterThan(before);
  };

  it("asks 「解決しましたか」 in the simulator, and answers 「解決しない」 with the consultation line open now", async () => {
    await page.goto(`${server.baseUrl}/`);
    await ask("テレワークで使えるツール");
    const chips = page.getByRole("button", { name: "解決しない", exact: true });
    await expect.poll(() => chips.count()).toBe(1);
    // The chips fit the phone: the first two are the feedback ones, in view without scrolling sideways.
    const box = await chips.boundingBox();
    expect((box?.x ?? 999) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    const before = await page.locator(".row.bot").count();
    await chips.click();
    await expect.poll(() => page.locator(".row.bot").count()).toBeGreaterThan(before);
    const answer = page.locator(".row.bot").last();
    await expect.poll(() => answer.textContent()).toContain("お役に立てず、申し訳ありません。");
    expect(await answer.textContent()).toContain("受付中");
    await ask("パソコン貸与のルールは？");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await log.flush(5000)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("shows the queue on a phone: groups with counts, classes, the bot's decision and the engine's candidates", async () => {
    await page.goto(`${server.baseUrl}/admin/queue`);
    await page.getByLabel("管理用トークン").fill(TOKEN);
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.waitForURL(`${server.baseUrl}/admin`);
    pageErrors.length = 0;
    await page.goto(`${server.baseUrl}/admin/queue`);

    const group = (example: string) => page.locator("article.group", { has: page.locator(".example", { hasText: `「${example}」` }) });
    const tools = group("テレワークで使えるツール");
    expect(await tools.locator(".badge").allTextContents()).toEqual(expect.arrayContaining(["他窓口へ 2", "解決しない 1", "シミュレーター 1"]));
    expect(await tools.locator(".candidates li").count()).toBeGreaterThan(0);
    // 「パソコン貸与のルール」 and 「…は？」 are one group, the simulator's question included.
    const laptops = page.locator("article.group", { hasText: "パソコン貸与のルール" });
    expect(await laptops.count()).toBe(1);
    expect(await laptops.locator(".count .big").textContent()).toBe("5");
    expect(await page.locator("article.group", { hasText: "解決しない" }).count()).toBeGreaterThan(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(pageErrors).toEqual([]);

    if (name === "sqlite") {
      mkdirSync(path.dirname(readmeShot), { recursive: true });
      await page.screenshot({ path: readmeShot, fullPage: true, clip: { x: 0, y: 0, width: 390, height: 1300 } });
      expect(statSync(readmeShot).size).toBeLessThan(250 * 1024);
    }
  });

  it("takes marks, offers them as YAML per catalog file and as a labelled set, and `npm run measure` scores that set", async () => {
    const mark = async (example: string, choice: string) => {
      const group = page.locator("article.group", { has: page.locator(".example", { hasText: `「${example}」` }) });
      await group.getByRole("combobox").selectOption(choice);
      await group.getByRole("button", { name: "印を付ける" }).click();
      await page.waitForURL(/\/admin\/queue\?/);
    };
    await mark("確定申告のやり方", "outOfScope");
    await mark("テレワークで使えるツール", "resource:jta-program");
    await mark("社員に貸すスマホの規程はある？", "needsContent");
    expect(await page.locator("article.group", { hasText: "確定申告のやり方" }).locator(".marked").textContent()).toBe("印：対象外");

    await page.getByRole("link", { name: "例文と書き出し" }).click();
    const resourceFile = catalog.files?.resources["jta-program"] ?? "";
    const snippet = await page.getByLabel(`${resourceFile} に追加する YAML`).textContent();
    expect(snippet).toBe("examples:\n  - text: テレワークで使えるツール\n    source: question log 2026-11-27\n");
    expect(await page.getByLabel("data/catalog.yaml に追加する YAML").textContent()).toContain("outOfScope:\n    - text: 確定申告のやり方\n");
    expect(await page.locator("section", { hasText: "新しい内容が必要" }).textContent()).toContain("社員に貸すスマホの規程はある？");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "labelled.jsonl をダウンロード" }).click()]);
    const file = (await download.path()) ?? "";
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(2);
    const measured = spawnSync(process.execPath, ["scripts/measure-matching.ts", file, "--json"], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(measured.status).toBe(0);
    const summary = JSON.parse(measured.stdout) as { total: number; firstRight: { count: number; of: number }; byKind: Record<string, unknown> };
    expect(summary.total).toBe(2);
    expect(Object.keys(summary.byKind).sort()).toEqual(["out_of_scope", "resource"]);

    // The dashboard gives the same score for the running catalog version, and keeps it in the history.
    await page.getByRole("link", { name: "集計" }).click();
    const score = page.locator("section", { hasText: "印を付けた質問への答え" });
    expect(await score.textContent()).toContain(`印を付けた 2 問のうち ${summary.firstRight.count} 問に印どおり答えます`);
    expect(await score.locator("table.history tbody tr").count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  for (const viewport of [
    { width: 390, height: 844 },
    { width: 320, height: 568 },
  ]) {
    it(`keeps the queue, the examples and the score readable and usable by keyboard at ${viewport.width} px (axe-core, focus rings)`, async () => {
      await page.setViewportSize(viewport);
      try {
        for (const pagePath of ["/admin/queue", "/admin/examples", "/admin"]) {
          await page.goto(`${server.baseUrl}${pagePath}`);
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
          expect(await axeViolations(page)).toEqual([]);
          await focusPageStart(page);
          const stops = await tabOrder(page);
          expect(stops.map((s) => s.label)).toEqual(expect.arrayContaining(["集計", "確認キュー", "例文と書き出し"]));
          const weak = stops.filter((s) => s.style === "none" || s.width < 2 || s.clipped || (indicatorContrast(s) ?? 0) < 3);
          expect(weak, pagePath).toEqual([]);
        }
        expect(pageErrors).toEqual([]);
      } finally {
        await page.setViewportSize({ width: 390, height: 844 });
      }
    });
  }
});
