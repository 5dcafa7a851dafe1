import type { DateTime } from "luxon";
import { dayMinutes, japanDay, japanMinuteOf } from "./calendar.ts";

export { japanZone } from "./calendar.ts";

/** "9:05": hours without a leading zero, as Japanese notices write them (toFormat is slow on the hot path). */
export function hourMinute(date: DateTime): string {
  return `${date.hour}:${String(date.minute).padStart(2, "0")}`;
}

function dayOf(date: DateTime) {
  return japanDay(Math.floor(japanMinuteOf(date) / dayMinutes));
}

/** The Japan calendar date of an instant, as YYYY-MM-DD. */
export function japanDateKey(date: DateTime): string {
  return dayOf(date).key;
}

export function isJapaneseHoliday(date: DateTime): boolean {
  return dayOf(date).holiday !== undefined;
}

export function isBusinessDay(date: DateTime): boolean {
  const day = dayOf(date);
  return day.weekday <= 5 && day.holiday === undefined;
}
