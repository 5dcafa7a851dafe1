import type { DateTime } from "luxon";
import { type Hours, type HoursPeriod, type HoursRule, type PhoneContact, type Resource, weekdayNames } from "../catalog/schema.ts";
import { dayIndexOf, dayMinutes, instantAt, type JapanDay, japanDay, japanMinuteOf } from "./calendar.ts";

export type OpeningStatus = "open" | "closed" | "unknown" | "ended" | "notStarted";

export const statusLabels: Record<OpeningStatus, string> = {
  open: "受付中",
  closed: "受付時間外",
  unknown: "受付時間不明",
  ended: "受付終了",
  notStarted: "受付開始前",
};

export interface LineOpening {
  status: OpeningStatus;
  label: string;
  /** When it closes or next opens, or why that is not known. */
  detail: string;
  /** Why a line that usually opens on this weekday has no hours today: 「本日は祝日（勤労感謝の日）」, 「年末年始」. */
  reason?: string;
  closesAt?: DateTime;
  nextOpensAt?: DateTime;
}

// Long enough to step over 年末年始 and other closures, short enough to stay cheap per reply.
const searchDays = 400;
// A line still open this many days on is shown as open round the clock rather than with an end.
const roundTheClockDays = 8;
// Where the source is silent about 年末年始, these days are not claimed either way.
const silentYearEnd = { from: "12-29", to: "01-03" };
// What is said on a day of the new-year window, and beside a next opening after it.
const yearEndWords = {
  yearEnd: { today: "年末年始の受付時間は出典に記載がありません", ahead: "年末年始の受付時間は出典に記載がありません" },
  yearEndUndated: { today: "年末年始の休みの日付が公表されていないため、受付しているかわかりません", ahead: "年末年始の休みの日付は公表されていません" },
} as const;

const japaneseWeekdays = ["月", "火", "水", "木", "金", "土", "日"] as const;

const statusPriority: readonly OpeningStatus[] = ["open", "closed", "notStarted", "unknown", "ended"];

/** Minutes from the start of a day: [open, close). */
type Span = [number, number];

type ClosedFor = { kind: "holiday"; name: string } | { kind: "yearEnd" };

/** What one Japan day holds for a line: its opening spans, or why they cannot be known. */
type DayPlan = { kind: "hours"; spans: Span[]; closedFor?: ClosedFor } | { kind: "unknown"; reason: "yearEnd" | "yearEndUndated" } | { kind: "unknown"; reason: "unstated"; rules: HoursRule[] };

interface Line {
  contact: PhoneContact;
  hours: Hours;
  schedules: Pick<HoursPeriod, "from" | "until" | "weekly">[];
  /** Last day (inclusive) of any opening: validUntil or the last period's end. */
  lastDay: string | undefined;
}

const noHours: DayPlan = { kind: "hours", spans: [] };

function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** "09:00" → "9:00", as notices write it. */
function clockWords(clock: string): string {
  return clock.replace(/^0(?=\d:)/, "");
}

function applies(rule: HoursRule, weekday: number, holiday: boolean): boolean {
  switch (rule.days) {
    case "weekdays":
      return weekday <= 5 && !holiday;
    case "everyday":
      return true;
    case "weekends":
      return weekday >= 6 || holiday;
    case "unstated":
      return false;
  }
  if (holiday && rule.days.includes("holiday")) return true;
  const weekdayName = weekdayNames[weekday - 1];
  return weekdayName !== undefined && rule.days.includes(weekdayName) && (!holiday || rule.onHolidays);
}

/** Sorted and merged, so back-to-back rules read as one stretch ("本日17:00まで", not the first rule's end). */
function spansOf(rules: HoursRule[]): Span[] {
  const spans = rules.map((rule): Span => [minutesOf(rule.open), minutesOf(rule.close)]).sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const [open, close] of spans) {
    const last = merged.at(-1);
    if (last && open <= last[1]) last[1] = Math.max(last[1], close);
    else merged.push([open, close]);
  }
  return merged;
}

function inYearlyRange(monthDay: string, range: { from: string; to: string }): boolean {
  return range.from <= range.to ? range.from <= monthDay && monthDay <= range.to : monthDay >= range.from || monthDay <= range.to;
}

function dayPlan(line: Line, day: JapanDay): DayPlan {
  const { contact, hours } = line;
  if (contact.validFrom !== undefined && day.key < contact.validFrom) return noHours;
  if (line.lastDay !== undefined && day.key > line.lastDay) return noHours;
  if (hours.closed.some((period) => period.from <= day.key && day.key <= period.to)) return noHours;
  const schedule = line.schedules.find((s) => (s.from === undefined || s.from <= day.key) && (s.until === undefined || day.key <= s.until));
  if (!schedule) return noHours;

  const { yearEnd } = hours;
  if (yearEnd === undefined && inYearlyRange(day.monthDay, silentYearEnd)) return { kind: "unknown", reason: "yearEnd" };
  // Closed over the new year on days the source does not give: around it nothing can be claimed either way.
  if (yearEnd === "closed" && inYearlyRange(day.monthDay, silentYearEnd)) return { kind: "unknown", reason: "yearEndUndated" };
  if (typeof yearEnd === "object" && inYearlyRange(day.monthDay, yearEnd.closed)) return { kind: "hours", spans: [], closedFor: { kind: "yearEnd" } };
  if (schedule.weekly.some((rule) => rule.days === "unstated")) return { kind: "unknown", reason: "unstated", rules: schedule.weekly };

  const holiday = day.holiday !== undefined;
  const spans = spansOf(schedule.weekly.filter((rule) => applies(rule, day.weekday, holiday)));
  if (spans.length === 0 && day.holiday !== undefined && schedule.weekly.some((rule) => applies(rule, day.weekday, false))) {
    return { kind: "hours", spans, closedFor: { kind: "holiday", name: day.holiday } };
  }
  return { kind: "hours", spans };
}

type NextOpening = { at: number; afterYearEnd: false | "yearEnd" | "yearEndUndated" } | { unstatedFrom: JapanDay } | undefined;

/** The first opening after `afterMinute`, looking from day `startIndex`. */
function nextOpening(line: Line, afterMinute: number, startIndex: number): NextOpening {
  let afterYearEnd: false | "yearEnd" | "yearEndUndated" = false;
  for (let index = startIndex; index < startIndex + searchDays; index++) {
    const day = japanDay(index);
    if (line.lastDay !== undefined && day.key > line.lastDay) return undefined;
    const plan = dayPlan(line, day);
    if (plan.kind === "unknown") {
      if (plan.reason === "unstated") return { unstatedFrom: day };
      afterYearEnd = plan.reason;
      continue;
    }
    const span = plan.spans.find(([open]) => index * dayMinutes + open > afterMinute);
    if (span) return { at: index * dayMinutes + span[0], afterYearEnd };
  }
  return undefined;
}

function longDate(key: string): string {
  const [year, month, day] = key.split("-").map(Number);
  return `${year}年${month}月${day}日`;
}

function longDateWithWeekday(key: string): string {
  return `${longDate(key)}(${japaneseWeekdays[japanDay(dayIndexOf(key)).weekday - 1]})`;
}

/** "11月30日(月)", with the year when a year or more ahead (M月D日 alone would be read as the coming one). */
function dateWords(day: JapanDay, today: JapanDay): string {
  const [year, month, date] = day.key.split("-").map(Number);
  const monthDay = `${month}月${date}日(${japaneseWeekdays[day.weekday - 1]})`;
  const aYearOn = `${Number(today.key.slice(0, 4)) + 1}${today.key.slice(4)}`;
  return day.key >= aYearOn ? `${year}年${monthDay}` : monthDay;
}

function timeWords(minuteOfDay: number): string {
  return `${Math.floor(minuteOfDay / 60)}:${String(minuteOfDay % 60).padStart(2, "0")}`;
}

/** "本日9:00" / "11月30日(月) 9:00" for an instant counted in Japan minutes. */
function momentWords(minute: number, today: JapanDay, endOfSpan = false): string {
  // A span ending at midnight ends at "24:00" of its own day, not "0:00" of the next.
  const index = Math.floor((endOfSpan ? minute - 1 : minute) / dayMinutes);
  const clock = timeWords(minute - index * dayMinutes);
  return index === today.index ? `本日${clock}` : `${dateWords(japanDay(index), today)} ${clock}`;
}

function withStatus(status: OpeningStatus, detail: string): LineOpening {
  return { status, label: statusLabels[status], detail };
}

function schedulesOf(hours: Hours): Line["schedules"] {
  if (!hours.periods) return [{ weekly: hours.weekly ?? [] }];
  return hours.periods.toSorted((a, b) => (a.from ?? "").localeCompare(b.from ?? ""));
}

function earlier(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  return b === undefined || a < b ? a : b;
}

export function lineOpening(contact: PhoneContact, now: DateTime): LineOpening {
  const minute = japanMinuteOf(now);
  const today = japanDay(Math.floor(minute / dayMinutes));
  const { validFrom, validUntil, hours } = contact;

  if (validUntil !== undefined && today.key > validUntil) return withStatus("ended", `${longDate(validUntil)}で受付を終了しました`);
  if (!hours) return withStatus("unknown", "受付時間は公表されていません");

  const schedules = schedulesOf(hours);
  const first = schedules[0];
  const lastUntil = schedules.at(-1)?.until;
  const line: Line = { contact, hours, schedules, lastDay: earlier(validUntil, lastUntil) };
  if (lastUntil !== undefined && today.key > lastUntil) return withStatus("ended", `${longDate(lastUntil)}で受付を終了しました`);
  if (first?.from !== undefined && today.key < first.from) {
    const next = nextOpening(line, minute, dayIndexOf(first.from));
    const opening = withStatus("notStarted", `${longDateWithWeekday(first.from)}から受付開始`);
    return next && "at" in next ? { ...opening, nextOpensAt: instantAt(next.at) } : opening;
  }

  const plan = dayPlan(line, today);
  if (plan.kind === "unknown") {
    if (plan.reason !== "unstated") return withStatus("unknown", yearEndWords[plan.reason].today);
    const times = plan.rules.map((rule) => `${clockWords(rule.open)}～${clockWords(rule.close)}`).join("、");
    return withStatus("unknown", `受付曜日は公表されていません（受付時間は${times}）`);
  }

  const minuteOfDay = minute - today.index * dayMinutes;
  const current = plan.spans.find(([open, close]) => open <= minuteOfDay && minuteOfDay < close);
  if (current) return openUntil(line, today, today.index * dayMinutes + current[1]);

  const closed = (detail: string): LineOpening => ({ ...withStatus("closed", detail), ...reasonOf(plan.closedFor) });
  const startIndex = searchStart(line, today);
  const next = nextOpening(line, minute, startIndex);
  if (!next) {
    // With the end date inside the searched window we know there is nothing left, not merely nothing announced.
    const endsInWindow = line.lastDay !== undefined && line.lastDay < japanDay(startIndex + searchDays).key;
    return closed(endsInWindow ? `今後の受付はありません（${longDate(line.lastDay as string)}で終了）` : "再開の予定は公表されていません");
  }
  if ("unstatedFrom" in next) return closed(`${dateWords(next.unstatedFrom, today)}以降の受付曜日は公表されていません`);
  const opensAt = momentWords(next.at, today);
  const detail = next.afterYearEnd
    ? `${opensAt}から受付（${yearEndWords[next.afterYearEnd].ahead}）`
    : opensAt.startsWith("本日")
      ? `${opensAt}から`
      : `次の受付は${opensAt}から`;
  return { ...closed(detail), nextOpensAt: instantAt(next.at) };
}

/** Why a line has no hours today, as a phrase: 「本日は祝日（勤労感謝の日）」. */
function reasonOf(closedFor: ClosedFor | undefined): Pick<LineOpening, "reason"> {
  if (closedFor?.kind === "holiday") return { reason: `本日は祝日（${closedFor.name}）` };
  if (closedFor?.kind === "yearEnd") return { reason: "年末年始" };
  return {};
}

/** Where openings can begin: today, or later at validFrom or at the next period when today is in none. */
function searchStart(line: Line, today: JapanDay): number {
  const inPeriod = line.schedules.some((s) => (s.from === undefined || s.from <= today.key) && (s.until === undefined || today.key <= s.until));
  const nextPeriod = inPeriod ? undefined : line.schedules.find((s) => s.from !== undefined && s.from > today.key)?.from;
  const starts = [line.contact.validFrom, nextPeriod].filter((key): key is string => key !== undefined).map(dayIndexOf);
  return Math.max(today.index, ...starts);
}

/** Open until `end`; a span to midnight continues into a next day that opens at 0:00 (24時間受付 lines). */
function openUntil(line: Line, today: JapanDay, spanEnd: number): LineOpening {
  let end = spanEnd;
  for (let ahead = 1; end % dayMinutes === 0 && ahead <= roundTheClockDays; ahead++) {
    const day = japanDay(today.index + ahead);
    const plan = dayPlan(line, day);
    const first = plan.kind === "hours" ? plan.spans[0] : undefined;
    if (!first || first[0] !== 0 || day.index * dayMinutes !== end) break;
    if (ahead === roundTheClockDays) return withStatus("open", "24時間受付");
    end = day.index * dayMinutes + first[1];
  }
  return { ...withStatus("open", `${momentWords(end, today, true)}まで`), closesAt: instantAt(end) };
}

/** Overall status of a resource from its phone lines: the most reachable one wins. null when it has no phone line. */
export function resourceOpening(resource: Resource, now: DateTime): { status: OpeningStatus; label: string } | null {
  const statuses = resource.contacts
    .filter((contact): contact is PhoneContact => contact.kind === "phone")
    .map((contact) => lineOpening(contact, now).status);
  const status = statusPriority.find((candidate) => statuses.includes(candidate));
  return status === undefined ? null : { status, label: statusLabels[status] };
}
