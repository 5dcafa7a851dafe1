import holidayJp from "@holiday-jp/holiday_jp";
import { DateTime, FixedOffsetZone } from "luxon";

// Japan days and minutes as plain integers counted from 1970-01-01 00:00 Japan time. Japan keeps
// UTC+9 without daylight saving, so this is epoch arithmetic: no time-zone lookup per reply, and
// nothing depends on the host's time zone.

// Japan has kept UTC+9 without daylight saving since 1951: a fixed offset gives the same local times
// as "Asia/Tokyo" and spares luxon an Intl time-zone lookup on every conversion (half of a reply's cost).
export const japanZone = FixedOffsetZone.instance(9 * 60);

export const dayMinutes = 24 * 60;
const japanOffsetMinutes = 9 * 60;
const minuteMs = 60_000;

/** Weekdays as Japanese dates write them, Monday first (luxon's 1 = Monday … 7 = Sunday): 「11月30日(月)」. */
export const japaneseWeekdays = ["月", "火", "水", "木", "金", "土", "日"] as const;

export interface JapanDay {
  index: number;
  /** YYYY-MM-DD */
  key: string;
  /** MM-DD, for rules that repeat every year. */
  monthDay: string;
  /** 1 = Monday … 7 = Sunday, as luxon counts. */
  weekday: number;
  /** The national holiday's name, if the day is one. */
  holiday: string | undefined;
}

/** Minutes since 1970-01-01 00:00 Japan time. */
export function japanMinuteOf(instant: DateTime): number {
  return Math.floor(instant.toMillis() / minuteMs) + japanOffsetMinutes;
}

export function instantAt(japanMinute: number): DateTime {
  return DateTime.fromMillis((japanMinute - japanOffsetMinutes) * minuteMs, { zone: japanZone });
}

export function dayIndexOf(key: string): number {
  return Date.parse(`${key}T00:00:00Z`) / (dayMinutes * minuteMs);
}

// Replies look at the same few hundred days over and over (today, the days to the next opening).
const dayCache = new Map<number, JapanDay>();
const dayCacheLimit = 4096;

export function japanDay(index: number): JapanDay {
  const cached = dayCache.get(index);
  if (cached) return cached;
  if (dayCache.size >= dayCacheLimit) dayCache.clear();
  const day = computeDay(index);
  dayCache.set(index, day);
  return day;
}

function computeDay(index: number): JapanDay {
  const key = new Date(index * dayMinutes * minuteMs).toISOString().slice(0, 10);
  // 1970-01-01 was a Thursday.
  const weekday = ((((index + 3) % 7) + 7) % 7) + 1;
  return { index, key, monthDay: key.slice(5), weekday, holiday: holidayName(key) };
}

// holiday_jp's own lookups read a Date through the host's local getters; its table is keyed by the
// Japanese date string, so the key is looked up directly.
function holidayName(key: string): string | undefined {
  const table: Readonly<Record<string, { name: string }>> = holidayJp.holidays;
  const holiday = Object.hasOwn(table, key) ? table[key] : undefined;
  // "勤労感謝の日 振替休日" reads better as "勤労感謝の日の振替休日"; a day between two holidays is listed as just "休日".
  return holiday?.name === "休日" ? "国民の休日" : holiday?.name.replace(/ (?=振替休日)/, "の");
}
