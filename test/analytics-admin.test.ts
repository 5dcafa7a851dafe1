// /admin over HTTP: login, session cookie, dashboard, CSV, rate limit; real app and real databases.
import { DateTime } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAdminRouter } from "../src/analytics/admin/router.ts";
import { openDatabase } from "../src/analytics/open-database.ts";
import { createQuestionLog, type QuestionLog } from "../src/analytics/question-log.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { stores, type TestStore } from "./support/analytics-stores.ts";
import { capturingLogger } from "./support/log-capture.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";
import { textMessageEvent } from "./support/webhook.ts";

const TOKEN = "admin-token-for-tests-7f3c9a1e5b";
const SECRET = "question-log-test-secret-0123456789abcdef";
const NOW = DateTime.fromISO("2026-11-20T12:00", { zone: "Asia/Tokyo" });
const catalog = loadCatalog("data");
const understand = createUnderstander(catalog);

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
    const admin = createAdminRouter({ token: TOKEN, db, catalog, decide: (text) => understand(text).decision, clock: () => NOW, logger: captured.logger, secureCookie: false });
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

  const signIn = async () => (((await login(TOKEN)).headers.get("set-cookie") ?? "").split(";")[0]) ?? "";
  const post = (path: string, form: Record<string, string>, cookie: string) =>
    fetch(`${server.baseUrl}${path}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", cookie }, body: new URLSearchParams(form) });
  const unescape = (html: string) => html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

  it("queues the unanswered questions, takes a mark, and offers it as a catalog example and a labelled question", async () => {
    expect((await get("/admin/queue")).status).toBe(401);
    const cookie = await signIn();
    const queue = await (await get("/admin/queue", cookie)).text();
    expect(queue).toContain("&#60;script&#62;alert(1)&#60;/script&#62;の窓口");
    expect(queue).toContain("見つからない");
    const keys = [...queue.matchAll(/name="key" value="([^"]*)"/g)].map((m) => unescape(m[1] ?? ""));
    expect(keys).toHaveLength(2);
    const range = { since: "2026-10-22", until: "2026-11-20" };

    expect((await post("/admin/queue/mark", { key: keys[0] ?? "", choice: "resource:tw-sodan", ...range }, "")).status).toBe(401);
    expect((await post("/admin/queue/mark", { key: keys[0] ?? "", choice: "resource:no-such-thing", ...range }, cookie)).status).toBe(400);
    expect((await post("/admin/queue/mark", { key: "f:never asked", choice: "outOfScope", ...range }, cookie)).status).toBe(404);
    const marked = await post("/admin/queue/mark", { key: keys[0] ?? "", choice: "resource:tw-sodan", ...range }, cookie);
    expect(marked.status).toBe(303);
    expect(marked.headers.get("location")).toBe("/admin/queue?since=2026-10-22&until=2026-11-20");
    expect(await (await get("/admin/queue", cookie)).text()).toContain("印：答えは「テレワーク相談センター」");

    const examples = await (await get("/admin/examples", cookie)).text();
    expect(examples).toContain("data/resources/01-tw-sodan.yaml");
    expect(examples).toContain("source: question log 2026-11-20");
    const labelled = await get("/admin/labelled.jsonl", cookie);
    expect(labelled.headers.get("content-disposition")).toBe(`attachment; filename="labelled_${catalog.version}.jsonl"`);
    const [question] = (await labelled.text()).trim().split("\n").map((l) => JSON.parse(l) as { kind: string; expect: string[] });
    expect(question).toMatchObject({ kind: "resource", expect: ["テレワーク相談センター"] });

    // The dashboard scores the running catalog on the mark, and keeps the score under its version.
    const dashboard = await (await get("/admin", cookie)).text();
    expect(dashboard).toMatch(/印を付けた 1 問のうち <strong class="score">[01] 問<\/strong>に印どおり答えます/);
    expect(dashboard).toContain(`<td class="label">${catalog.version}<small>稼働中</small></td>`);

    // A mark can be taken back.
    expect((await post("/admin/queue/mark", { key: keys[0] ?? "", choice: "clear", ...range }, cookie)).status).toBe(303);
    expect(await (await get("/admin/queue", cookie)).text()).not.toContain("印：");
  });

  it("labels the simulator's questions and leaves them out on request", async () => {
    log.record(textMessageEvent("x"), { messages: [], reason: "test", record: { decision: "notFound", resourceIds: [], unansweredText: "試しの質問" } }, NOW, 2, "simulator");
    await log.flush(5000);
    const cookie = await signIn();
    const all = await (await get("/admin", cookie)).text();
    expect(all).toContain("うち 1 件はシミュレーターでの操作です。");
    expect(all).toContain("試しの質問");
    const lineOnly = await (await get("/admin?without=simulator", cookie)).text();
    expect(lineOnly).toContain("シミュレーターでの質問は除いています。");
    expect(lineOnly).not.toContain("試しの質問");
    expect(await (await get("/admin/queue", cookie)).text()).toContain("シミュレーター 1");
    expect(await (await get("/admin/queue?without=simulator", cookie)).text()).not.toContain("試しの質問");
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
