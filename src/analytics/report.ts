import type { SqlDatabase } from "./sql.ts";

/** Whole days in Japan time, both included (yyyy-MM-dd). */
export interface ReportRange {
  since: string;
  until: string;
}

export interface Report {
  range: ReportRange;
  total: number;
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
  /** Unanswered questions grouped by their folded form, most frequent first, with one (masked) example. */
  topUnanswered: { key: string; total: number; example: string }[];
}

const TOP = 20;
const WHERE = "WHERE jst_day >= ? AND jst_day <= ?";

/** The operators' figures. The same statements run on SQLite and PostgreSQL. */
export async function loadReport(db: SqlDatabase, range: ReportRange): Promise<Report> {
  const params = [range.since, range.until];
  const rows = <T>(sql: string) => db.query<T>(sql, params);
  const [totals] = await rows<{ total: number; answered: number; unanswered: number }>(
    `SELECT COUNT(*) AS total,
       COALESCE(SUM(CASE WHEN outcome = 'answered' THEN 1 ELSE 0 END), 0) AS answered,
       COALESCE(SUM(CASE WHEN outcome = 'unanswered' THEN 1 ELSE 0 END), 0) AS unanswered
     FROM exchanges ${WHERE}`,
  );
  const total = Number(totals?.total ?? 0);
  const answered = Number(totals?.answered ?? 0);
  const unanswered = Number(totals?.unanswered ?? 0);
  return {
    range,
    total,
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
      `SELECT unanswered_key AS key, COUNT(*) AS total, MIN(unanswered_text) AS example FROM exchanges ${WHERE} AND unanswered_key IS NOT NULL
       GROUP BY unanswered_key ORDER BY total DESC, unanswered_key LIMIT ${TOP}`,
    ),
  };
}
