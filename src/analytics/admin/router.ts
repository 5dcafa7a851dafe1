import { readFileSync } from "node:fs";
import path from "node:path";
import express, { type Request, type Response } from "express";
import type { DateTime } from "luxon";
import type { Logger } from "../../log.ts";
import { createMemoryStore } from "../../store/memory-store.ts";
import type { Store } from "../../store/store.ts";
import { loadReport } from "../report.ts";
import { type Names, toCsv } from "../report-format.ts";
import { daysOf, parseRange, ReportRangeError } from "../report-range.ts";
import type { SqlDatabase } from "../sql.ts";
import { dashboardPage, loginPage } from "./page.ts";
import { createAdminSessions } from "./session.ts";

export interface AdminOptions {
  token: string;
  db: SqlDatabase;
  names: Names;
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
export function createAdminRouter({ token, db, names, clock, logger, secureCookie, store = createMemoryStore(10_000) }: AdminOptions): express.Router {
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

  const rangeOf = (req: Request) => {
    const since = typeof req.query.since === "string" && req.query.since !== "" ? req.query.since : undefined;
    const until = typeof req.query.until === "string" && req.query.until !== "" ? req.query.until : undefined;
    return parseRange({ since, until }, clock());
  };

  router.get("/", async (req, res) => {
    try {
      const range = rangeOf(req);
      res.type("html").send(dashboardPage(await loadReport(db, range), daysOf(range), names));
    } catch (err) {
      answerError(err, res);
    }
  });

  router.get("/report.csv", async (req, res) => {
    try {
      const range = rangeOf(req);
      const csv = toCsv(await loadReport(db, range), names);
      res.setHeader("Content-Disposition", `attachment; filename="question-log_${range.since}_${range.until}.csv"`);
      // The BOM makes Excel read the file as UTF-8 (Japanese text).
      res.type("text/csv; charset=utf-8").send(`\ufeff${csv}`);
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
