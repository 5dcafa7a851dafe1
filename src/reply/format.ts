import type { DateTime } from "luxon";
import { japaneseWeekdays } from "../hours/calendar.ts";
import { hourMinute, japanZone } from "../hours/holidays.ts";

/** "2020-03-12" → "2020年3月12日" */
export function formatIsoDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  return `${year}年${month}月${day}日`;
}

/** The instant as a Japanese reader expects it: "3月16日(月) 10:30". */
export function formatMoment(now: DateTime): string {
  const tokyo = now.setZone(japanZone);
  return `${tokyo.month}月${tokyo.day}日(${japaneseWeekdays[tokyo.weekday - 1]}) ${hourMinute(tokyo)}`;
}

/** A page's address as a URI action takes it: characters such as Japanese in the path percent-encoded. */
export function uriOf(url: string): string {
  return new URL(url).href;
}

/** tel: URI with digits only, as phones dial it. */
export function telUri(phoneNumber: string): string {
  return `tel:${phoneNumber.replace(/\D/g, "")}`;
}
