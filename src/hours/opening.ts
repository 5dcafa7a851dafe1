import { DateTime } from "luxon";
import { weekdayNames, type Hours, type HoursRule, type PhoneContact, type Resource, type WeekdayName } from "../catalog/schema.ts";
import { hourMinute, isBusinessDay, isJapaneseHoliday, japanDateKey, japanZone } from "./holidays.ts";

export type OpeningStatus = "open" | "closed" | "unknown" | "ended";

export const statusLabels: Record<OpeningStatus, string> = {
  open: "受付中",
  closed: "受付時間外",
  unknown: "受付時間不明",
  ended: "受付終了",
};

export interface LineOpening {
  status: OpeningStatus;
  label: string;
  detail: string;
  closesAt?: DateTime;
  nextOpensAt?: DateTime;
}

// Long enough to step over 年末年始 and other closures, short enough to stay cheap per reply.
const searchDays = 400;

const japaneseWeekdays = ["月", "火", "水", "木", "金", "土", "日"] as const;

const statusPriority: readonly OpeningStatus[] = ["open", "closed", "unknown", "ended"];

interface Interval {
  start: DateTime;
  end: DateTime;
}

function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

function ruleApplies(rule: HoursRule, day: DateTime): boolean {
  if (rule.days === "weekdays") return isBusinessDay(day);
  if (typeof rule.days === "string") return false;
  const listed = rule.days.some((name) => weekdayNames.indexOf(name as WeekdayName) + 1 === day.weekday);
  return listed && (rule.onHolidays || !isJapaneseHoliday(day));
}

/** Opening intervals of one Tokyo day (`day` is its start), sorted and merged. */
function intervalsOn(contact: PhoneContact, hours: Hours, day: DateTime): Interval[] {
  const key = japanDateKey(day);
  if (contact.validFrom !== undefined && key < contact.validFrom) return [];
  if (contact.validUntil !== undefined && key > contact.validUntil) return [];
  if (hours.closed.some((period) => period.from <= key && key <= period.to)) return [];

  const spans = (hours.weekly ?? [])
    .filter((rule) => ruleApplies(rule, day))
    .map((rule) => [minutesOf(rule.open), minutesOf(rule.close)] as const)
    .sort((a, b) => a[0] - b[0]);
  // Merged so that back-to-back rules read as one stretch ("本日17:00まで", not the first rule's end).
  const merged: [number, number][] = [];
  for (const [open, close] of spans) {
    const last = merged.at(-1);
    if (last && open <= last[1]) last[1] = Math.max(last[1], close);
    else merged.push([open, close]);
  }
  return merged.map(([open, close]) => ({ start: day.plus({ minutes: open }), end: day.plus({ minutes: close }) }));
}

function nextOpening(contact: PhoneContact, hours: Hours, tokyo: DateTime, searchFrom: DateTime): DateTime | undefined {
  for (let offset = 0; offset < searchDays; offset++) {
    const later = intervalsOn(contact, hours, searchFrom.plus({ days: offset })).find((interval) => interval.start > tokyo);
    if (later) return later.start;
  }
  return undefined;
}

function fromDateKey(key: string): DateTime {
  return DateTime.fromISO(key, { zone: japanZone });
}

function longDate(key: string): string {
  const date = fromDateKey(key);
  return `${date.year}年${date.month}月${date.day}日`;
}

function clockText(instant: DateTime, day: DateTime): string {
  return instant.hasSame(day, "day") ? hourMinute(instant) : "24:00";
}

function openingDateText(opensAt: DateTime, tokyo: DateTime): string {
  const weekday = japaneseWeekdays[opensAt.weekday - 1] ?? "";
  const monthDay = `${opensAt.month}月${opensAt.day}日(${weekday})`;
  // M月D日 alone would be read as the coming occurrence, which is wrong a year or more ahead.
  const farAhead = opensAt.startOf("day") >= tokyo.startOf("day").plus({ years: 1 });
  return farAhead ? `${opensAt.year}年${monthDay}` : monthDay;
}

function withStatus(status: OpeningStatus, detail: string): LineOpening {
  return { status, label: statusLabels[status], detail };
}

export function lineOpening(contact: PhoneContact, now: DateTime): LineOpening {
  const tokyo = now.setZone(japanZone);
  const today = japanDateKey(tokyo);
  const { validFrom, validUntil, hours } = contact;

  if (validUntil !== undefined && today > validUntil) return withStatus("ended", `${longDate(validUntil)}で受付を終了しました`);
  if (!hours) return withStatus("unknown", "受付時間は公表されていません");

  const todayStart = tokyo.startOf("day");
  const current = intervalsOn(contact, hours, todayStart).find((interval) => interval.start <= tokyo && tokyo < interval.end);
  if (current) return { ...withStatus("open", `本日${clockText(current.end, todayStart)}まで`), closesAt: current.end };

  const searchFrom = validFrom !== undefined && validFrom > today ? fromDateKey(validFrom) : todayStart;
  const opensAt = nextOpening(contact, hours, tokyo, searchFrom);
  if (!opensAt) {
    // With the end date inside the searched window we know there is nothing left, not merely nothing announced.
    const endsInWindow = validUntil !== undefined && validUntil < japanDateKey(searchFrom.plus({ days: searchDays }));
    return withStatus("closed", endsInWindow ? `今後の受付はありません（${longDate(validUntil)}で終了）` : "再開の予定は公表されていません");
  }
  const detail = opensAt.hasSame(tokyo, "day")
    ? `本日${hourMinute(opensAt)}から`
    : `次の受付は${openingDateText(opensAt, tokyo)} ${hourMinute(opensAt)}から`;
  return { ...withStatus("closed", detail), nextOpensAt: opensAt };
}

/** Overall status of a resource from its phone lines: open if any line is open, else closed if any is closed, else unknown if any unknown, else ended. null when it has no phone line. */
export function resourceOpening(resource: Resource, now: DateTime): { status: OpeningStatus; label: string } | null {
  const statuses = resource.contacts
    .filter((contact): contact is PhoneContact => contact.kind === "phone")
    .map((contact) => lineOpening(contact, now).status);
  const status = statusPriority.find((candidate) => statuses.includes(candidate));
  return status === undefined ? null : { status, label: statusLabels[status] };
}

export { isBusinessDay, isJapaneseHoliday };
