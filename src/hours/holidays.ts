import holidayJp from "@holiday-jp/holiday_jp";
import { type DateTime, FixedOffsetZone } from "luxon";

// Japan has kept UTC+9 without daylight saving since 1951: a fixed offset gives the same local times
// as "Asia/Tokyo" and spares luxon an Intl time-zone lookup on every conversion (half of a reply's cost).
export const japanZone = FixedOffsetZone.instance(9 * 60);

/** "9:05": hours without a leading zero, as Japanese notices write them (toFormat is slow on the hot path). */
export function hourMinute(date: DateTime): string {
  return `${date.hour}:${String(date.minute).padStart(2, "0")}`;
}

/** The Japan calendar date of an instant, as YYYY-MM-DD. */
export function japanDateKey(date: DateTime): string {
  const d = date.setZone(japanZone);
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

// holiday_jp's isHoliday/between read a Date through the host's local getters, so under
// TZ=UTC or America/Los_Angeles they look up the wrong day. Its table is keyed by the
// Japanese date string, so we look the Tokyo date up there directly.
export function isJapaneseHoliday(date: DateTime): boolean {
  return Object.hasOwn(holidayJp.holidays, japanDateKey(date));
}

export function isBusinessDay(date: DateTime): boolean {
  const tokyo = date.setZone(japanZone);
  return tokyo.weekday <= 5 && !isJapaneseHoliday(tokyo);
}
