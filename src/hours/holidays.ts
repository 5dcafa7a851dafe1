import holidayJp from "@holiday-jp/holiday_jp";
import type { DateTime } from "luxon";

export const japanZone = "Asia/Tokyo";

/** The Japan calendar date of an instant, as YYYY-MM-DD. */
export function japanDateKey(date: DateTime): string {
  return date.setZone(japanZone).toFormat("yyyy-MM-dd");
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
