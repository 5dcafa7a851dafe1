// The operators' dashboard in a real Chromium, against the real app, the real handler and a real SQLite file.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminRouter } from "../src/analytics/admin/router.ts";
import { openDatabase } from "../src/analytics/open-database.ts";
import { createQuestionLog, type QuestionLog } from "../src/analytics/question-log.ts";
import { loadReport } from "../src/analytics/report.ts";
import { parseRange } from "../src/analytics/report-range.ts";
import type { SqlDatabase } from "../src/analytics/sql.ts";
import { createEventHandler } from "../src/bot/handle-event.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { axeViolations, focusPageStart, indicatorContrast, tabOrder } from "./support/accessibility.ts";
import { sqliteStore, type TestStore } from "./support/analytics-stores.ts";
import { contrastRatio } from "./support/contrast.ts";
import { capturingLogger } from "./support/log-capture.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";
import { textMessageEvent } from "./support/webhook.ts";

const CHROMIUM = "/usr/bin/chromium";
const root = path.resolve(import.meta.dirname, "..");
// The README's picture is refreshed only on request (npm run screenshot), so a test run never edits tracked files.
const readmeShot = path.join(root, process.env.UPDATE_README_SCREENSHOT === "1" ? "docs/admin.png" : "test/artifacts/readme-admin.png");
const hasChromium = existsSync(CHROMIUM);
const TOKEN = "admin-token-for-browser-tests-4d2e8b";
const SECRET = "question-log-test-secret-0123456789abcdef";
const NOW = DateTime.fromISO("2026-11-28T18:00", { zone: "Asia/Tokyo" });

/** A small deterministic generator, so the seeded month (and the README picture) is the same on every run. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Four weeks of questions from the evaluation sets, answered by the real bot, mostly in office hours. */
async function seed(log: QuestionLog): Promise<void> {
  const catalog = loadCatalog(path.join(root, "data"));
  const handleEvent = createEventHandler({ catalog, understand: createUnderstander(catalog) });
  const texts = ["test/fixtures/eval/dev-queries.jsonl", "test/fixtures/holdout-queries.jsonl"].flatMap((file) =>
    readFileSync(path.join(root, file), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { text: string }).text),
  );
  const random = generator(11);
  const users = Array.from({ length: 60 }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
  for (let day = NOW.minus({ days: 27 }).startOf("day"); day <= NOW; day = day.plus({ days: 1 })) {
    const weekend = day.weekday >= 6;
    const count = Math.round((weekend ? 4 : 14) + random() * (weekend ? 4 : 12) + (day.day >= 16 && day.day <= 18 ? 25 : 0));
    for (let i = 0; i < count; i++) {
      const hour = weekend ? 8 + Math.floor(random() * 14) : random() < 0.85 ? 9 + Math.floor(random() * 9) : Math.floor(random() * 24);
      const at = day.set({ hour, minute: Math.floor(random() * 60) });
      if (at > NOW) continue;
      const text = texts[Math.floor(random() * texts.length)] ?? "";
      const event = textMessageEvent(text, { source: { type: "user", userId: users[Math.floor(random() * users.length)] ?? "" } });
      const reply = handleEvent(event, { now: at });
      if (reply) log.record(event, reply, at, 2 + random() * 8);
    }
  }
  expect(await log.flush(10_000)).toBe(true);
}

describe.skipIf(!hasChromium)("/admin in Chromium", () => {
  let store: TestStore;
  let db: SqlDatabase;
  let log: QuestionLog;
  let server: TestServer;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    store = sqliteStore();
    db = await openDatabase(store.location);
    const { logger } = capturingLogger();
    log = createQuestionLog({ db, secret: SECRET, retentionDays: 180, logger, queue: { flushDelayMs: 5 } });
    await seed(log);
    const catalog = loadCatalog(path.join(root, "data"));
    const understand = createUnderstander(catalog);
    const admin = createAdminRouter({ token: TOKEN, db, catalog, decide: (text) => understand(text).decision, clock: () => NOW, logger, secureCookie: false });
    server = await startTestServer({ handleEvent: () => null, admin });
    profileDir = mkdtempSync(path.join(tmpdir(), "admin-chromium-"));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--lang=ja", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      // A phone.
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      locale: "ja-JP",
      timezoneId: "Asia/Tokyo",
      acceptDownloads: true,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (err) => pageErrors.push(err.message));
    // Content-Security-Policy violations are reported as console errors.
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await log?.close(1000);
    await store?.dispose();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it("logs in with the token through a form, keeps the session in an HttpOnly cookie, and never puts the token in the URL", async () => {
    await page.goto(`${server.baseUrl}/admin`);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator("#token").fill("not-the-token");
    await page.locator("button[type=submit]").click();
    await expect.poll(() => page.locator(".error").textContent()).toBe("トークンが違います。");
    expect(await axeViolations(page)).toEqual([]);

    await page.locator("#token").fill(TOKEN);
    await page.locator("button[type=submit]").click();
    await page.waitForSelector("h1:text('質問ログ')");
    expect(page.url()).toBe(`${server.baseUrl}/admin`);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: "admin_session", httpOnly: true, sameSite: "Strict", path: "/admin" });
    expect(cookie?.value).not.toContain(TOKEN);
    expect(await page.evaluate(() => document.cookie)).toBe("");
  });

  it("shows the charts readably on a phone, without errors or sideways scrolling", async () => {
    // The failed login above was answered 401, which the browser reports too.
    pageErrors.length = 0;
    await page.goto(`${server.baseUrl}/admin`);
    const charts = page.locator("svg.chart");
    expect(await charts.count()).toBe(2);
    for (const chart of await charts.all()) {
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.width).toBeLessThanOrEqual(390);
    }
    expect(await page.locator("table.heat tbody td").count()).toBe(7 * 24);
    expect(await page.locator("section", { hasText: "回答できなかった質問" }).locator("tr").count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(pageErrors).toEqual([]);

    mkdirSync(path.dirname(readmeShot), { recursive: true });
    // The top of the page: figures, answer rate and feedback, the marks' score, volume, and the heat map with its counts.
    const heatMap = await page.locator("section", { has: page.locator("table.heat") }).boundingBox();
    const height = Math.ceil((heatMap?.y ?? 0) + (heatMap?.height ?? 1200) + 12);
    await page.screenshot({ path: readmeShot, fullPage: true, clip: { x: 0, y: 0, width: 390, height } });
    expect(statSync(readmeShot).size).toBeLessThan(200 * 1024);
  });

  for (const viewport of [
    { width: 390, height: 844 },
    { width: 320, height: 568 },
  ]) {
    it(`writes the heat map's counts in its cells, readable without hovering, at ${viewport.width} px; passes axe-core; shows the keyboard's focus`, async () => {
      await page.setViewportSize(viewport);
      await page.goto(`${server.baseUrl}/admin`);
      try {
        // Hours down, weekdays (月…日) across; an empty cell is a zero.
        const report = await loadReport(db, parseRange({}, NOW));
        const expected = Array.from({ length: 24 }, (_, hour) =>
          [1, 2, 3, 4, 5, 6, 7].map((weekday) => String(report.heatMap.find((c) => c.weekday === weekday && c.hour === hour)?.total ?? "")),
        );
        const cells = page.locator("table.heat tbody tr");
        expect(await cells.evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("td")].map((td) => td.textContent ?? "")))).toEqual(expected);
        expect(expected.flat().filter((n) => n !== "").length).toBeGreaterThan(40);

        // Every count is whole on screen and has 4.5:1 against its cell.
        const shown = await page.locator("table.heat td").evaluateAll((tds) =>
          tds
            .filter((td) => td.textContent !== "")
            .map((td) => {
              const box = td.getBoundingClientRect();
              const range = document.createRange();
              range.selectNodeContents(td);
              const text = range.getBoundingClientRect();
              const style = getComputedStyle(td);
              return { fits: text.left >= box.left && text.right <= box.right && box.right <= innerWidth, color: style.color, background: style.backgroundColor };
            }),
        );
        expect(shown.filter((cell) => !cell.fits)).toEqual([]);
        const ratios = shown.map((cell) => contrastRatio(cell.color, cell.background));
        expect(Math.min(...ratios)).toBeGreaterThanOrEqual(4.5);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

        expect(await axeViolations(page)).toEqual([]);

        await focusPageStart(page);
        const stops = await tabOrder(page);
        expect(stops.map((s) => s.label)).toEqual(expect.arrayContaining(["ログアウト", "開始", "終了", "表示", "CSV をダウンロード"]));
        const weak = stops.filter((s) => s.style === "none" || s.width < 2 || s.clipped || (indicatorContrast(s) ?? 0) < 3);
        expect(weak).toEqual([]);
        const known = stops.map(indicatorContrast).filter((c): c is number => c !== null);
        console.info(`/admin at ${viewport.width} px: heat-map text ${Math.min(...ratios).toFixed(2)}:1 or more; focus ${Math.min(...known).toFixed(2)}:1 or more at ${stops.length} stops`);
      } finally {
        await page.setViewportSize({ width: 390, height: 844 });
      }
    });
  }

  it("downloads the figures as CSV", async () => {
    await page.goto(`${server.baseUrl}/admin`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a[download]").click()]);
    expect(download.suggestedFilename()).toBe("question-log_2026-10-30_2026-11-28.csv");
    const file = await download.path();
    expect(readFileSync(file, "utf8")).toContain("summary,total,");
  });
});
