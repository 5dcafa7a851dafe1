import type { RecordedCandidate } from "../bot/types.ts";
import { type Channel, parseCandidates } from "./record.ts";
import type { ReportOptions, ReportRange } from "./report.ts";
import type { SqlDatabase } from "./sql.ts";

/**
 * Why a question is in the review queue: the bot refused it (対象外), found nothing (見つからない), sent it to
 * the place for general questions (他窓口へ), or answered it and the user said it did not help (解決しない).
 * A decision a newer engine makes is shown under its own name.
 */
export type QueueClass = "outOfScope" | "notFound" | "referral" | "unresolved" | (string & {});

export const classLabels: Record<string, string> = { outOfScope: "対象外", notFound: "見つからない", referral: "他窓口へ", unresolved: "解決しない" };

const classOfDecision: Record<string, QueueClass> = { refused: "outOfScope", notFound: "notFound", referral: "referral" };

/** One question in the queue: masked text, ids and scores, never a raw id. */
export interface QueueMember {
  text: string;
  /** Its group: the content words when it has any, else the folded form (as the report groups). */
  groupKey: string;
  classes: QueueClass[];
  /** The bot's decision and the resources its reply showed. */
  decision: string;
  shown: string[];
  candidates: RecordedCandidate[];
  channel: Channel;
  userKey: string | null;
  at: number;
}

export interface QueueGroup {
  key: string;
  total: number;
  /** The group's most frequent text (masked), the latest on a tie, with who asked it when (for forgetting). */
  example: string;
  exampleAt: number;
  exampleUserKey: string | null;
  /** Different texts in the group (near-duplicates). */
  variants: number;
  /** Most frequent first. */
  classes: { name: QueueClass; total: number }[];
  /** The latest member's decision, shown resources and the engine's top three. */
  decision: string;
  shown: string[];
  candidates: RecordedCandidate[];
  /** How many were asked in the simulator. */
  simulator: number;
  lastAt: number;
}

// A month of a busy bot; beyond it the oldest questions of the range are left out.
const MAX_MEMBERS = 20_000;

interface MemberRow {
  at: number;
  decision: string | null;
  resource_ids: string | null;
  candidates: string | null;
  text: string;
  question_key: string;
  content_key: string | null;
  channel: string;
  user_key: string | null;
  unresolved: number;
}

const groupKeyOf = (contentKey: string | null, questionKey: string) => contentKey ?? `f:${questionKey}`;

function memberOf(row: MemberRow, classes: QueueClass[]): QueueMember {
  return {
    text: row.text,
    groupKey: groupKeyOf(row.content_key, row.question_key),
    classes,
    decision: row.decision ?? "unknown",
    shown: (row.resource_ids ?? "").split(" ").filter(Boolean),
    candidates: parseCandidates(row.candidates),
    channel: row.channel === "simulator" ? "simulator" : "line",
    userKey: row.user_key,
    at: Number(row.at),
  };
}

/** The questions of the range that need an operator's eye. The same statements run on SQLite and PostgreSQL. */
export async function loadQueueMembers(db: SqlDatabase, range: ReportRange, options: ReportOptions = {}): Promise<QueueMember[]> {
  const line = (alias: string) => (options.withoutSimulator ? ` AND ${alias}.channel = 'line'` : "");
  const params = [range.since, range.until];
  // Unanswered questions; a 「解決しない」 on one of them (a referral) adds its class instead of a second member.
  const unanswered = await db.query<MemberRow>(
    `SELECT e.occurred_at AS at, e.decision, e.resource_ids, e.candidates, e.unanswered_text AS text, e.unanswered_key AS question_key,
       e.content_key, e.channel, e.user_key,
       (SELECT COUNT(*) FROM feedback f WHERE f.event_key = e.event_key AND f.verdict = 'unresolved') AS unresolved
     FROM exchanges e
     WHERE e.jst_day >= ? AND e.jst_day <= ? AND e.unanswered_text IS NOT NULL${line("e")}
     ORDER BY e.occurred_at DESC LIMIT ${MAX_MEMBERS}`,
    params,
  );
  // Answered questions the user said did not help: the text was kept with the feedback, the decision with the answer.
  const unresolved = await db.query<MemberRow>(
    `SELECT f.occurred_at AS at, e.decision, e.resource_ids, e.candidates, f.question_text AS text, f.question_key,
       f.content_key, f.channel, f.user_key, 1 AS unresolved
     FROM feedback f LEFT JOIN exchanges e ON e.event_key = f.event_key
     WHERE f.jst_day >= ? AND f.jst_day <= ? AND f.verdict = 'unresolved' AND f.question_text IS NOT NULL
       AND e.unanswered_text IS NULL${line("f")}
     ORDER BY f.occurred_at DESC LIMIT ${MAX_MEMBERS}`,
    params,
  );
  return [
    ...unanswered.map((row) => {
      const decisionClass = classOfDecision[row.decision ?? ""] ?? row.decision ?? "unknown";
      return memberOf(row, Number(row.unresolved) > 0 ? [decisionClass, "unresolved"] : [decisionClass]);
    }),
    ...unresolved.map((row) => memberOf(row, ["unresolved"])),
  ];
}

function countBy<T>(items: T[]): [T, number][] {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts];
}

/** Members grouped by content words (near-duplicates together), the largest and most recent groups first. */
export function groupQueue(members: QueueMember[]): QueueGroup[] {
  const byKey = new Map<string, QueueMember[]>();
  for (const member of members) {
    const list = byKey.get(member.groupKey);
    if (list) list.push(member);
    else byKey.set(member.groupKey, [member]);
  }
  const groups = [...byKey].map(([key, list]): QueueGroup => {
    const newest = list.toSorted((a, b) => b.at - a.at);
    const latest = newest[0] as QueueMember;
    const texts = countBy(newest.map((m) => m.text));
    // Sorted by count only: the sort is stable, so on a tie the text seen latest comes first.
    const [example] = texts.toSorted((a, b) => b[1] - a[1])[0] ?? [latest.text];
    const exampleMember = newest.find((m) => m.text === example) ?? latest;
    return {
      key,
      total: list.length,
      example,
      exampleAt: exampleMember.at,
      exampleUserKey: exampleMember.userKey,
      variants: texts.length,
      classes: countBy(list.flatMap((m) => m.classes))
        .toSorted((a, b) => b[1] - a[1])
        .map(([name, total]) => ({ name, total })),
      decision: latest.decision,
      shown: latest.shown,
      candidates: latest.candidates,
      simulator: list.filter((m) => m.channel === "simulator").length,
      lastAt: latest.at,
    };
  });
  return groups.toSorted((a, b) => b.total - a.total || b.lastAt - a.lastAt);
}

export async function loadQueue(db: SqlDatabase, range: ReportRange, options: ReportOptions = {}): Promise<QueueGroup[]> {
  return groupQueue(await loadQueueMembers(db, range, options));
}
