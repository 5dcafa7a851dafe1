import { DateTime } from "luxon";
import { japanZone } from "../hours/holidays.ts";
import type { ReportRange } from "./report.ts";

const DEFAULT_DAYS = 30;
// Enough for the longest retention period the settings allow.
const MAX_DAYS = 3660;

export class ReportRangeError extends Error {}

function day(value: string, name: string): DateTime {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone: japanZone }) : null;
  if (!parsed?.isValid) throw new ReportRangeError(`${name} は 2026-11-01 のような日付で指定してください (${name} must be yyyy-MM-dd): ${value.slice(0, 40)}`);
  return parsed;
}

/** Whole Japan-time days; by default the 30 days up to today. */
export function parseRange(input: { since?: string; until?: string }, today: DateTime): ReportRange {
  const until = input.until === undefined ? today.setZone(japanZone).startOf("day") : day(input.until, "until");
  const since = input.since === undefined ? until.minus({ days: DEFAULT_DAYS - 1 }) : day(input.since, "since");
  if (since > until) throw new ReportRangeError("since は until 以前の日付にしてください (since is after until)");
  if (until.diff(since, "days").days > MAX_DAYS) throw new ReportRangeError(`期間は ${MAX_DAYS} 日以内にしてください (the range is longer than ${MAX_DAYS} days)`);
  return { since: since.toISODate() ?? "", until: until.toISODate() ?? "" };
}

/** Every day of the range, so charts show days without rows as zero. */
export function daysOf(range: ReportRange): string[] {
  const days: string[] = [];
  for (let d = DateTime.fromISO(range.since, { zone: japanZone }); d.toISODate()! <= range.until; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
  return days;
}
