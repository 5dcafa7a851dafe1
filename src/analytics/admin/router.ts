import { readFileSync } from "node:fs";
import path from "node:path";
import express, { type Request, type Response } from "express";
import type { DateTime } from "luxon";
import type { Catalog } from "../../catalog/schema.ts";
import type { Logger } from "../../log.ts";
import { createMemoryStore } from "../../store/memory-store.ts";
import type { Store } from "../../store/store.ts";
import type { Summary } from "../../quality/scoring.ts";
import type { Decision } from "../../understand/decision.ts";
import { clearMark, exampleSnippets, labelledQuestions, loadMarks, loadScoreHistory, type MarkVerdict, saveMark, saveScore, scoreMarks, toJsonl } from "../marks.ts";
import { namesOf } from "../names.ts";
import { loadReport, type ReportOptions, type ReportRange } from "../report.ts";
import { toCsv } from "../report-format.ts";
import { daysOf, parseRange, ReportRangeError } from "../report-range.ts";
import { loadQueue } from "../review-queue.ts";
import type { SqlDatabase } from "../sql.ts";
import { examplesPage } from "./examples-page.ts";
import { dashboardPage, loginPage } from "./page.ts";
import { queuePage } from "./queue-page.ts";
import { createAdminSessions } from "./session.ts";

export interface AdminOptions {
  token: string;
  db: SqlDatabase;
  /** The running catalog: names, the resources a group can be marked with, and the files its examples go to. */
  catalog: Catalog;
  /** The running engine's decision for a text: the score of the marked questions. */
  decide: (text: string) => Decision;
  clock: () => DateTime;
  logger: Logger;
  /** Cookies only over HTTPS (production); plain HTTP on localhost otherwise. */
  secureCookie: boolean;
  /** Counts login attempts per client (shared by every process on Redis); its own memory by default. */
  store?: Store;
}

const COOKIE = "admin_session";
const SESSION_MS = 8 * 60 * 60 * 1000;
// Five tries, then one a minute per client: a person who mistyped gets in, a guesser gets nowhere.
const LOGIN_LIMIT = { attempts: 5, windowMs: 60_000 };
const css = readFileSync(path.join(import.meta.dirname, "admin.css"), "utf8");
const icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f5fa8"/><rect x="3" y="8" width="2" height="5" fill="#fff"/><rect x="7" y="5" width="2" height="8" fill="#fff"/><rect x="11" y="3" width="2" height="10" fill="#fff"/></svg>';

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

function secure(res: Response): void {
  res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cache-Control", "no-store");
}

/** /admin: the question log for operators, behind ADMIN_TOKEN. */
export function createAdminRouter({ token, db, catalog, decide, clock, logger, secureCookie, store = createMemoryStore(10_000) }: AdminOptions): express.Router {
  const names = namesOf(catalog);
  const sessions = createAdminSessions(token, SESSION_MS);
  const loginKey = (client: string) => `admin-login:${client}`;
  // Every attempt is counted at once (so parallel guesses cannot slip through), and a correct token
  // wipes the count: only failed attempts add up to the limit.
  const allowLogin = async (client: string) => (await store.increment(loginKey(client), LOGIN_LIMIT.windowMs)).count <= LOGIN_LIMIT.attempts;
  const forgiveLogins = (client: string) => store.set(loginKey(client), "0", LOGIN_LIMIT.windowMs);
  const router = express.Router();
  const cookieFlags = `Path=/admin; HttpOnly; SameSite=Strict${secureCookie ? "; Secure" : ""}`;
  const signedIn = (req: Request) => sessions.valid(cookieOf(req, COOKIE), clock().toMillis());

  router.get("/admin.css", (_req, res) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.type("text/css").send(css);
  });

  router.get("/icon.svg", (_req, res) => {
    res.type("image/svg+xml").send(icon);
  });

  router.post("/login", express.urlencoded({ extended: false, limit: "4kb" }), async (req, res) => {
    secure(res);
    const client = req.ip ?? req.socket.remoteAddress ?? "unknown";
    if (!(await allowLogin(client))) {
      logger.warn({ ip: req.ip }, "admin login rate-limited");
      res.setHeader("Retry-After", "60");
      res.status(429).type("html").send(loginPage(names.bot, "試行回数が多すぎます。1 分ほど待ってからお試しください。"));
      return;
    }
    const given = (req.body as { token?: unknown } | undefined)?.token;
    if (typeof given !== "string" || !sessions.tokenMatches(given)) {
      logger.warn({ ip: req.ip }, "admin login failed");
      res.status(401).type("html").send(loginPage(names.bot, "トークンが違います。"));
      return;
    }
    await forgiveLogins(client);
    logger.info({ ip: req.ip }, "admin login");
    res.setHeader("Set-Cookie", `${COOKIE}=${sessions.issue(clock().toMillis())}; Max-Age=${SESSION_MS / 1000}; ${cookieFlags}`);
    res.redirect(303, "/admin");
  });

  router.post("/logout", (_req, res) => {
    secure(res);
    res.setHeader("Set-Cookie", `${COOKIE}=; Max-Age=0; ${cookieFlags}`);
    res.redirect(303, "/admin");
  });

  router.use((req, res, next) => {
    secure(res);
    if (signedIn(req)) {
      next();
      return;
    }
    if (req.method === "GET" && req.path === "/") res.status(200).type("html").send(loginPage(names.bot));
    else res.status(401).type("html").send(loginPage(names.bot, "ログインしてください。"));
  });

  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  const viewOf = (source: Record<string, unknown>): { range: ReportRange; options: ReportOptions } => ({
    range: parseRange({ since: text(source.since), until: text(source.until) }, clock()),
    options: { withoutSimulator: source.without === "simulator" },
  });

  // The running catalog does not change while the process runs, so the score changes only with the marks: it is
  // computed (every marked question through the engine) and stored once per set of marks, not on every page view.
  let scored: { marks: string; current: Summary | null } | undefined;

  /** Scores the marks with the running catalog and keeps the result as this version's latest. */
  async function scoreView() {
    const marks = await loadMarks(db);
    const key = marks.map((m) => `${m.id}@${m.markedAt}`).join(" ");
    if (scored?.marks !== key) {
      const current = scoreMarks(marks, catalog, decide);
      if (current) await saveScore(db, catalog.version, current, clock().toMillis());
      scored = { marks: key, current };
    }
    return { catalogVersion: catalog.version, current: scored.current, marks: marks.length, history: await loadScoreHistory(db) };
  }

  router.get("/", async (req, res) => {
    try {
      const { range, options } = viewOf(req.query);
      res.type("html").send(dashboardPage(await loadReport(db, range, options), daysOf(range), names, await scoreView()));
    } catch (err) {
      answerError(err, res);
    }
  });

  router.get("/report.csv", async (req, res) => {
    try {
      const { range, options } = viewOf(req.query);
      const csv = toCsv(await loadReport(db, range, options), names);
      res.setHeader("Content-Disposition", `attachment; filename="question-log_${range.since}_${range.until}.csv"`);
      // The BOM makes Excel read the file as UTF-8 (Japanese text).
      res.type("text/csv; charset=utf-8").send(`\ufeff${csv}`);
    } catch (err) {
      answerError(err, res);
    }
  });

  async function sendQueue(res: Response, source: Record<string, unknown>, status = 200, notice?: string): Promise<void> {
    const { range, options } = viewOf(source);
    const marks = new Map((await loadMarks(db)).map((m) => [m.groupKey, m]));
    res.status(status).type("html").send(queuePage(await loadQueue(db, range, options), marks, range, options, catalog, names.bot, notice));
  }

  router.get("/queue", async (req, res) => {
    try {
      await sendQueue(res, req.query);
    } catch (err) {
      answerError(err, res);
    }
  });

  /** "resource:<id>" of a resource in the catalog, or one of the other verdicts; null for anything else. */
  function verdictOf(choice: string): { verdict: MarkVerdict; resourceId: string | null } | null {
    if (choice.startsWith("resource:")) {
      const id = choice.slice("resource:".length);
      return catalog.resources.some((r) => r.id === id) ? { verdict: "resource", resourceId: id } : null;
    }
    return choice === "outOfScope" || choice === "chatter" || choice === "needsContent" ? { verdict: choice, resourceId: null } : null;
  }

  router.post("/queue/mark", express.urlencoded({ extended: false, limit: "8kb" }), async (req, res) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const key = text(body.key);
      const choices = ([] as unknown[]).concat(body.choice ?? []).filter((c): c is string => typeof c === "string");
      const { range, options } = viewOf(body);
      const back = `/admin/queue?since=${range.since}&until=${range.until}${options.withoutSimulator ? "&without=simulator" : ""}`;
      if (key === undefined) {
        await sendQueue(res, body, 400, "どのグループに印を付けるかがわかりませんでした。");
        return;
      }
      if (choices.includes("clear")) {
        await clearMark(db, key);
        res.redirect(303, back);
        return;
      }
      const chosen = verdictOf(choices[0] ?? "");
      if (!chosen) {
        await sendQueue(res, body, 400, "印の種類を選んでください。");
        return;
      }
      // The example is read again from the log, never taken from the form.
      const group = (await loadQueue(db, range, options)).find((g) => g.key === key);
      if (!group) {
        await sendQueue(res, body, 404, "そのグループはこの期間の確認キューにありません。期間を確かめてください。");
        return;
      }
      await saveMark(db, group, chosen.verdict, chosen.resourceId, clock().toMillis());
      logger.info({ verdict: chosen.verdict, resourceId: chosen.resourceId }, "admin: group marked");
      res.redirect(303, back);
    } catch (err) {
      answerError(err, res);
    }
  });

  router.get("/examples", async (_req, res) => {
    try {
      const marks = await loadMarks(db);
      res.type("html").send(examplesPage(exampleSnippets(marks, catalog), labelledQuestions(marks, catalog).length, names.bot));
    } catch (err) {
      answerError(err, res);
    }
  });

  router.get("/labelled.jsonl", async (_req, res) => {
    try {
      const questions = labelledQuestions(await loadMarks(db), catalog);
      res.setHeader("Content-Disposition", `attachment; filename="labelled_${catalog.version.replace(/[^\w.-]/g, "_")}.jsonl"`);
      res.type("application/x-ndjson; charset=utf-8").send(toJsonl(questions));
    } catch (err) {
      answerError(err, res);
    }
  });

  function answerError(err: unknown, res: Response): void {
    if (err instanceof ReportRangeError) {
      res.status(400).type("text/plain; charset=utf-8").send(err.message);
      return;
    }
    logger.warn({ err: (err as Error).message }, "admin: question log unreadable");
    res.status(503).type("text/plain; charset=utf-8").send("質問ログのデータベースに接続できません。しばらくしてからお試しください。");
  }

  return router;
}
