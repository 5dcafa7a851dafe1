import type { SqlDatabase } from "./sql.ts";

/** Whole days in Japan time, both included (yyyy-MM-dd). */
export interface ReportRange {
  since: string;
  until: string;
}

export interface ReportOptions {
  /** Leave out what operators asked in the browser simulator. */
  withoutSimulator?: boolean;
}

export interface Report {
  range: ReportRange;
  /** Whether the simulator's questions were left out. */
  withoutSimulator: boolean;
  total: number;
  /** Of the total, events from the browser simulator (0 when they are left out). */
  simulator: number;
  /** Questions answered with resources, a category or an opening status. */
  answered: number;
  /** Questions not answered: not found, refused, referred elsewhere. */
  unanswered: number;
  /** answered / (answered + unanswered); null without questions. */
  answerRate: number | null;
  perDay: { day: string; total: number; answered: number; unanswered: number }[];
  perHour: { hour: number; total: number }[];
  /** weekday 1 (Monday) - 7 (Sunday) × hour, Japan time. */
  heatMap: { weekday: number; hour: number; total: number }[];
  decisions: { decision: string; total: number }[];
  topResources: { resourceId: string; total: number }[];
  /** Categories listed in answer to a question or a tap. */
  topCategories: { categoryId: string; total: number }[];
  openNowPerHour: { hour: number; total: number }[];
  /** Unanswered questions grouped by their content words (else their folded form), most frequent first, with one (masked) example. */
  topUnanswered: { key: string; total: number; example: string }[];
  /** Users' 「解決した」 and 「解決しない」 on answers. */
  feedback: { resolved: number; unresolved: number };
}

const TOP = 20;

/** The group of an unanswered question: its content words when it has any, else its folded form. */
export const GROUP_KEY_SQL = "COALESCE(content_key, 'f:' || unanswered_key)";

/** The operators' figures. The same statements run on SQLite and PostgreSQL. */
export async function loadReport(db: SqlDatabase, range: ReportRange, options: ReportOptions = {}): Promise<Report> {
  const withoutSimulator = options.withoutSimulator === true;
  const WHERE = `WHERE jst_day >= ? AND jst_day <= ?${withoutSimulator ? " AND channel = 'line'" : ""}`;
  const params = [range.since, range.until];
  const rows = <T>(sql: string) => db.query<T>(sql, params);
  const [totals] = await rows<{ total: number; answered: number; unanswered: number; simulator: number }>(
    `SELECT COUNT(*) AS total,
       COALESCE(SUM(CASE WHEN outcome = 'answered' THEN 1 ELSE 0 END), 0) AS answered,
       COALESCE(SUM(CASE WHEN outcome = 'unanswered' THEN 1 ELSE 0 END), 0) AS unanswered,
       COALESCE(SUM(CASE WHEN channel = 'simulator' THEN 1 ELSE 0 END), 0) AS simulator
     FROM exchanges ${WHERE}`,
  );
  const [verdicts] = await rows<{ resolved: number; unresolved: number }>(
    `SELECT COALESCE(SUM(CASE WHEN verdict = 'resolved' THEN 1 ELSE 0 END), 0) AS resolved,
       COALESCE(SUM(CASE WHEN verdict = 'unresolved' THEN 1 ELSE 0 END), 0) AS unresolved
     FROM feedback ${WHERE}`,
  );
  const total = Number(totals?.total ?? 0);
  const answered = Number(totals?.answered ?? 0);
  const unanswered = Number(totals?.unanswered ?? 0);
  return {
    range,
    withoutSimulator,
    total,
    simulator: Number(totals?.simulator ?? 0),
    answered,
    unanswered,
    answerRate: answered + unanswered > 0 ? answered / (answered + unanswered) : null,
    perDay: await rows(
      `SELECT jst_day AS day, COUNT(*) AS total,
         SUM(CASE WHEN outcome = 'answered' THEN 1 ELSE 0 END) AS answered,
         SUM(CASE WHEN outcome = 'unanswered' THEN 1 ELSE 0 END) AS unanswered
       FROM exchanges ${WHERE} GROUP BY jst_day ORDER BY jst_day`,
    ),
    perHour: await rows(`SELECT jst_hour AS hour, COUNT(*) AS total FROM exchanges ${WHERE} GROUP BY jst_hour ORDER BY jst_hour`),
    heatMap: await rows(
      `SELECT jst_weekday AS weekday, jst_hour AS hour, COUNT(*) AS total FROM exchanges ${WHERE} GROUP BY jst_weekday, jst_hour ORDER BY jst_weekday, jst_hour`,
    ),
    decisions: await rows(`SELECT decision, COUNT(*) AS total FROM exchanges ${WHERE} GROUP BY decision ORDER BY total DESC, decision`),
    topResources: await rows(
      `SELECT resource_id AS "resourceId", COUNT(*) AS total FROM exchanges ${WHERE} AND outcome = 'answered' AND resource_id IS NOT NULL
       GROUP BY resource_id ORDER BY total DESC, resource_id LIMIT ${TOP}`,
    ),
    topCategories: await rows(
      `SELECT category_id AS "categoryId", COUNT(*) AS total FROM exchanges ${WHERE} AND decision = 'category'
       GROUP BY category_id ORDER BY total DESC, category_id LIMIT ${TOP}`,
    ),
    openNowPerHour: await rows(
      `SELECT jst_hour AS hour, COUNT(*) AS total FROM exchanges ${WHERE} AND decision = 'openNow' GROUP BY jst_hour ORDER BY jst_hour`,
    ),
    topUnanswered: await rows(
      `SELECT ${GROUP_KEY_SQL} AS key, COUNT(*) AS total, MIN(unanswered_text) AS example FROM exchanges ${WHERE} AND unanswered_key IS NOT NULL
       GROUP BY ${GROUP_KEY_SQL} ORDER BY total DESC, key LIMIT ${TOP}`,
    ),
    feedback: { resolved: Number(verdicts?.resolved ?? 0), unresolved: Number(verdicts?.unresolved ?? 0) },
  };
}
