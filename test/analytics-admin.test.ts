// /admin over HTTP: login, session cookie, dashboard, CSV, rate limit; real app and real databases.
import { DateTime } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAdminRouter } from "../src/analytics/admin/router.ts";
import { namesOf } from "../src/analytics/names.ts";
import { openDatabase } from "../src/analytics/open-database.ts";
import { createQuestionLog, type QuestionLog } from "../src/analytics/question-log.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { stores, type TestStore } from "./support/analytics-stores.ts";
import { capturingLogger } from "./support/log-capture.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";
import { textMessageEvent } from "./support/webhook.ts";

const TOKEN = "admin-token-for-tests-7f3c9a1e5b";
const SECRET = "question-log-test-secret-0123456789abcdef";
const NOW = DateTime.fromISO("2026-11-20T12:00", { zone: "Asia/Tokyo" });
const catalog = loadCatalog("data");

describe.each(stores)("/admin on %s", (_name, makeStore) => {
  let store: TestStore;
  let log: QuestionLog;
  let server: TestServer;
  let logLines: string[];

  beforeEach(async () => {
    store = await makeStore();
    const db = await openDatabase(store.location);
    const captured = capturingLogger();
    logLines = captured.lines;
    log = createQuestionLog({ db, secret: SECRET, retentionDays: 180, logger: captured.logger, queue: { flushDelayMs: 5 } });
    const reply = (text: string) => ({ messages: [], reason: "test", record: { decision: "notFound" as const, resourceIds: [], unansweredText: text } });
    log.record(textMessageEvent("x"), reply("=HYPERLINK(\"http://evil\")"), NOW.minus({ days: 1 }), 2);
    log.record(textMessageEvent("x"), reply("<script>alert(1)</script>の窓口"), NOW.minus({ days: 2 }), 2);
    log.record(textMessageEvent("x"), { messages: [], reason: "test", record: { decision: "resource", resourceIds: [catalog.resources[0]?.id ?? ""] } }, NOW, 2);
    await log.flush(5000);
    const admin = createAdminRouter({ token: TOKEN, db, names: namesOf(catalog), clock: () => NOW, logger: captured.logger, secureCookie: false });
    server = await startTestServer({ handleEvent: () => null, admin });
  });
  afterEach(async () => {
    await server.close();
    await log.close(1000);
    await store.dispose();
  });

  const login = (token: string) =>
    fetch(`${server.baseUrl}/admin/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token }) });
  const get = (path: string, cookie?: string) => fetch(`${server.baseUrl}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });

  it("shows only the login form until the token is given, and sets an HttpOnly, SameSite=Strict session cookie", async () => {
    const page = await get("/admin");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('type="password"');
    expect((await get("/admin/report.csv")).status).toBe(401);

    expect((await login("wrong-token")).status).toBe(401);
    const ok = await login(TOKEN);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/admin");
    const setCookie = ok.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^admin_session=[^;]+; Max-Age=\d+; Path=\/admin; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain(TOKEN);

    const cookie = setCookie.split(";")[0] ?? "";
    const dashboard = await get("/admin", cookie);
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await dashboard.text();
    expect(html).toContain("<svg");
    expect(html).toContain("回答できなかった質問");
    expect(html).toContain(catalog.resources[0]?.name);
    // User text is shown, never run.
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;の窓口");

    const tampered = await get("/admin", cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A")));
    expect(await tampered.text()).toContain('type="password"');
    expect(logLines.join("\n")).not.toContain(TOKEN);
  });

  it("downloads the report as CSV, with user text that a spreadsheet will not run as a formula", async () => {
    const cookie = (((await login(TOKEN)).headers.get("set-cookie") ?? "").split(";")[0]) ?? "";
    const csv = await get("/admin/report.csv?since=2026-11-01&until=2026-11-20", cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="question-log_2026-11-01_2026-11-20.csv"');
    const text = await csv.text();
    expect(text).toContain("summary,total,3,");
    // The readable example in the key column (not the folded form), still never a formula.
    expect(text).toContain(`unanswered,"'=HYPERLINK(""〔URL〕",1,`);
    expect((await get("/admin?since=2026-13-01", cookie)).status).toBe(400);
  });

  it("limits login attempts per client", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login("wrong-token")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await login(TOKEN)).status).toBe(429);
  });

  it("counts failed logins only: logins that worked never use up the limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login(TOKEN)).status);
    expect(statuses).toEqual(Array(8).fill(303));
    // A mistyped token after that still has the whole allowance, and a correct one wipes what was used.
    for (let i = 0; i < 4; i++) expect((await login("wrong-token")).status).toBe(401);
    expect((await login(TOKEN)).status).toBe(303);
    for (let i = 0; i < 5; i++) expect((await login("wrong-token")).status).toBe(401);
    expect((await login("wrong-token")).status).toBe(429);
  });
});

describe("/admin without ADMIN_TOKEN", () => {
  it("does not exist", async () => {
    const server = await startTestServer({ handleEvent: () => null });
    try {
      expect((await fetch(`${server.baseUrl}/admin`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
