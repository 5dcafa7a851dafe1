import type { DateTime } from "luxon";
import { type Hours, type HoursPeriod, type HoursRule, type PhoneContact, ruleApplies } from "../catalog/schema.ts";
import { neutralOpeningWords } from "../reply/copy.ts";
import { dayIndexOf, dayMinutes, instantAt, type JapanDay, japanDay, japaneseWeekdays, japanMinuteOf } from "./calendar.ts";

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
  /** Why a line that opens on other days has no hours today: 「本日は祝日（勤労感謝の日）」, 「年末年始」, 「本日は土曜日」. */
  reason?: string;
  closesAt?: DateTime;
  nextOpensAt?: DateTime;
}

/**
 * What a line's source leaves unsaid, where the status depends on it: the hours over 年末年始, the dates of a
 * 年末年始 closure, the days of stated times, the times of stated days, or the days no rule names.
 */
export type Unsaid = "yearEnd" | "yearEndDates" | "days" | "times" | "otherDays";

/** Why a line that opens on other days has none today. A weekday is named only where it is what makes the closure certain. */
export type ClosedFor = { kind: "holiday"; name: string } | { kind: "yearEnd" } | { kind: "weekday"; weekday: number };

/**
 * The phrases a status is told in; src/reply/copy.ts writes them (in the catalog's voice where it has one).
 * Moments and days arrive already written: 「本日17:00」, 「11月30日(月) 9:00」, 「2020年5月31日」.
 */
export interface OpeningWords {
  openUntil(moment: string): string;
  roundTheClock: string;
  opensLaterToday(moment: string): string;
  opensNext(moment: string): string;
  /** The next stated opening, with days before it whose hours the source leaves unsaid. */
  opensAfterUnsaid(moment: string, unsaid: Unsaid): string;
  /** The next day the line opens, at times the source does not give. */
  opensOnDay(day: string): string;
  startsOn(day: string): string;
  endedOn(day: string): string;
  noMoreOpenings(lastDay: string): string;
  noReopening: string;
  /** A line with no hours at all. */
  notPublished: string;
  /** Today's status cannot be known; `times` lists the stated times when the days are what is unsaid. */
  unsaidToday(unsaid: Unsaid, times: string): string;
  /** From a later period on, the source gives times but no days. */
  daysUnsaidFrom(day: string): string;
  reason(closedFor: ClosedFor): string;
}

// Long enough to step over 年末年始 and other closures, short enough to stay cheap per reply.
const searchDays = 400;
// A line still open this many days on is shown as open round the clock rather than with an end.
const roundTheClockDays = 8;
// The days a source that says nothing about 年末年始 (or gives no dates for its closure) leaves open.
const silentYearEnd = { from: "12-29", to: "01-03" };

/** From the most reachable to the least: open now, then opening later, then not known, then ended. */
export const reachabilityOrder: readonly OpeningStatus[] = ["open", "closed", "notStarted", "unknown", "ended"];

/** Minutes from the start of a day: [open, close). */
type Span = [number, number];

/** What one Japan day holds for a line: its opening spans, a day it opens at unstated times, or why neither can be known. */
type DayPlan =
  | { kind: "hours"; spans: Span[]; closedFor?: ClosedFor }
  | { kind: "untimed" }
  | { kind: "unknown"; unsaid: Exclude<Unsaid, "times" | "days"> }
  | { kind: "unknown"; unsaid: "days"; rules: HoursRule[] };

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
function clockWords(clock: string | undefined): string {
  return (clock ?? "").replace(/^0(?=\d:)/, "");
}

/** Sorted and merged, so back-to-back rules read as one stretch ("本日17:00まで", not the first rule's end). */
function spansOf(rules: HoursRule[]): Span[] {
  const spans = rules.map((rule): Span => [minutesOf(rule.open ?? ""), minutesOf(rule.close ?? "")]).sort((a, b) => a[0] - b[0]);
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

/** Whether rules name a day: they apply to it, or would if it were not a national holiday. */
function names(rules: HoursRule[], day: JapanDay): boolean {
  return rules.some((rule) => ruleApplies(rule, day.weekday, day.holiday !== undefined) || ruleApplies(rule, day.weekday, false));
}

/** The rules for a day: a special period's where it names the day, else the regular ones of its period. */
function rulesFor(line: Line, day: JapanDay): { rules: HoursRule[]; special: boolean } | undefined {
  const special = line.hours.special?.find((p) => p.from <= day.key && day.key <= p.until);
  if (special && names(special.weekly, day)) return { rules: special.weekly, special: true };
  const schedule = line.schedules.find((s) => (s.from === undefined || s.from <= day.key) && (s.until === undefined || day.key <= s.until));
  return schedule && { rules: schedule.weekly, special: false };
}

function dayPlan(line: Line, day: JapanDay): DayPlan {
  const { contact, hours } = line;
  if (contact.validFrom !== undefined && day.key < contact.validFrom) return noHours;
  if (line.lastDay !== undefined && day.key > line.lastDay) return noHours;
  if (hours.closed.some((period) => period.from <= day.key && day.key <= period.to)) return noHours;
  const found = rulesFor(line, day);
  if (!found) return noHours;
  const { rules } = found;

  // A special period's hours are stated for its very days, whatever the source says about 年末年始.
  const { yearEnd } = hours;
  const silentUnsaid = found.special || !inYearlyRange(day.monthDay, silentYearEnd) ? undefined : yearEnd === undefined ? "yearEnd" : yearEnd === "closed" ? "yearEndDates" : undefined;
  if (!found.special && typeof yearEnd === "object" && inYearlyRange(day.monthDay, yearEnd.closed)) return { kind: "hours", spans: [], closedFor: { kind: "yearEnd" } };
  if (rules.some((rule) => rule.days === "unstated")) return silentUnsaid ? { kind: "unknown", unsaid: silentUnsaid } : { kind: "unknown", unsaid: "days", rules };

  const holiday = day.holiday !== undefined;
  const applying = rules.filter((rule) => ruleApplies(rule, day.weekday, holiday));
  if (applying.length === 0) return dayWithoutRules(line, day, rules, silentUnsaid !== undefined);
  // Over a silent 年末年始 a day the rules cover may or may not open; one they leave out stays closed (above).
  if (silentUnsaid) return { kind: "unknown", unsaid: silentUnsaid };
  return applying.some((rule) => rule.open === undefined) ? { kind: "untimed" } : { kind: "hours", spans: spansOf(applying) };
}

/**
 * A day no rule covers is closed: a national holiday on a usual weekday, a day the line's days leave out, or
 * (with `otherDays: unstated`) a day the source says nothing about. Over a silent 年末年始 the closure is
 * certain all the same, and the day is named so nobody reads it as a year-end closure.
 */
function dayWithoutRules(line: Line, day: JapanDay, rules: HoursRule[], silentYearEndDay: boolean): DayPlan {
  const usualWeekday = rules.some((rule) => ruleApplies(rule, day.weekday, false));
  if (day.holiday !== undefined && usualWeekday) return { kind: "hours", spans: [], closedFor: { kind: "holiday", name: day.holiday } };
  if (line.hours.otherDays === "unstated") return { kind: "unknown", unsaid: "otherDays" };
  if (!silentYearEndDay) return noHours;
  const closedFor: ClosedFor = day.holiday !== undefined ? { kind: "holiday", name: day.holiday } : { kind: "weekday", weekday: day.weekday };
  return { kind: "hours", spans: [], closedFor };
}

type NextOpening =
  | { at: number; unsaid: Unsaid | undefined }
  | { untimedOn: JapanDay }
  | { daysUnsaidFrom: JapanDay }
  | undefined;

/** The first opening after `afterMinute`, looking from day `startIndex`. */
function nextOpening(line: Line, afterMinute: number, startIndex: number): NextOpening {
  let unsaid: Unsaid | undefined;
  for (let index = startIndex; index < startIndex + searchDays; index++) {
    const day = japanDay(index);
    if (line.lastDay !== undefined && day.key > line.lastDay) return undefined;
    const plan = dayPlan(line, day);
    if (plan.kind === "unknown") {
      if (plan.unsaid === "days") return { daysUnsaidFrom: day };
      unsaid ??= plan.unsaid;
      continue;
    }
    if (plan.kind === "untimed") return { untimedOn: day };
    const span = plan.spans.find(([open]) => index * dayMinutes + open > afterMinute);
    if (span) return { at: index * dayMinutes + span[0], unsaid };
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

/** When `instant` comes, said to someone asking at `now`, as the statuses say it: 「本日9:00」, 「11月30日(月) 9:00」. */
export function momentFrom(instant: DateTime, now: DateTime): string {
  return momentWords(japanMinuteOf(instant), japanDay(Math.floor(japanMinuteOf(now) / dayMinutes)));
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

/** The status of a phone line at an instant, told in `words` (the neutral ones unless a catalog's voice is given). */
export function lineOpening(contact: PhoneContact, now: DateTime, words: OpeningWords = neutralOpeningWords): LineOpening {
  const minute = japanMinuteOf(now);
  const today = japanDay(Math.floor(minute / dayMinutes));
  const { validFrom, validUntil, hours } = contact;

  if (validUntil !== undefined && today.key > validUntil) return withStatus("ended", words.endedOn(longDate(validUntil)));
  if (!hours) return withStatus("unknown", words.notPublished);

  const schedules = schedulesOf(hours);
  const first = schedules[0];
  const lastUntil = schedules.at(-1)?.until;
  const line: Line = { contact, hours, schedules, lastDay: earlier(validUntil, lastUntil) };
  if (lastUntil !== undefined && today.key > lastUntil) return withStatus("ended", words.endedOn(longDate(lastUntil)));
  if (first?.from !== undefined && today.key < first.from) {
    const next = nextOpening(line, minute, dayIndexOf(first.from));
    const opening = withStatus("notStarted", words.startsOn(longDateWithWeekday(first.from)));
    return next && "at" in next ? { ...opening, nextOpensAt: instantAt(next.at) } : opening;
  }

  const plan = dayPlan(line, today);
  if (plan.kind === "unknown") {
    const times = plan.unsaid === "days" ? plan.rules.map((rule) => `${clockWords(rule.open)}～${clockWords(rule.close)}`).join("、") : "";
    return withStatus("unknown", words.unsaidToday(plan.unsaid, times));
  }
  if (plan.kind === "untimed") return withStatus("unknown", words.unsaidToday("times", ""));

  const minuteOfDay = minute - today.index * dayMinutes;
  const current = plan.spans.find(([open, close]) => open <= minuteOfDay && minuteOfDay < close);
  if (current) return openUntil(line, today, today.index * dayMinutes + current[1], words);

  const closed = (detail: string): LineOpening => ({
    ...withStatus("closed", detail),
    ...(plan.closedFor ? { reason: words.reason(plan.closedFor) } : {}),
  });
  const startIndex = searchStart(line, today);
  const next = nextOpening(line, minute, startIndex);
  if (!next) {
    // With the end date inside the searched window we know there is nothing left, not merely nothing announced.
    const endsInWindow = line.lastDay !== undefined && line.lastDay < japanDay(startIndex + searchDays).key;
    return closed(endsInWindow ? words.noMoreOpenings(longDate(line.lastDay as string)) : words.noReopening);
  }
  if ("daysUnsaidFrom" in next) return closed(words.daysUnsaidFrom(dateWords(next.daysUnsaidFrom, today)));
  if ("untimedOn" in next) return closed(words.opensOnDay(dateWords(next.untimedOn, today)));
  const opensAt = momentWords(next.at, today);
  const detail = next.unsaid
    ? words.opensAfterUnsaid(opensAt, next.unsaid)
    : next.at < (today.index + 1) * dayMinutes
      ? words.opensLaterToday(opensAt)
      : words.opensNext(opensAt);
  return { ...closed(detail), nextOpensAt: instantAt(next.at) };
}

/** Where openings can begin: today, or later at validFrom or at the next period when today is in none. */
function searchStart(line: Line, today: JapanDay): number {
  const inPeriod = line.schedules.some((s) => (s.from === undefined || s.from <= today.key) && (s.until === undefined || today.key <= s.until));
  const nextPeriod = inPeriod ? undefined : line.schedules.find((s) => s.from !== undefined && s.from > today.key)?.from;
  const starts = [line.contact.validFrom, nextPeriod].filter((key): key is string => key !== undefined).map(dayIndexOf);
  return Math.max(today.index, ...starts);
}

/** Open until `end`; a span to midnight continues into a next day that opens at 0:00 (24時間受付 lines). */
function openUntil(line: Line, today: JapanDay, spanEnd: number, words: OpeningWords): LineOpening {
  let end = spanEnd;
  for (let ahead = 1; end % dayMinutes === 0 && ahead <= roundTheClockDays; ahead++) {
    const day = japanDay(today.index + ahead);
    const plan = dayPlan(line, day);
    const first = plan.kind === "hours" ? plan.spans[0] : undefined;
    if (!first || first[0] !== 0 || day.index * dayMinutes !== end) break;
    if (ahead === roundTheClockDays) return withStatus("open", words.roundTheClock);
    end = day.index * dayMinutes + first[1];
  }
  return { ...withStatus("open", words.openUntil(momentWords(end, today, true))), closesAt: instantAt(end) };
}
