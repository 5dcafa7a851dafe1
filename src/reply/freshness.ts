import type { DateTime } from "luxon";
import type { Catalog } from "../catalog/schema.ts";
import { dayIndexOf } from "../hours/calendar.ts";
import { japanDateKey } from "../hours/holidays.ts";

/** Whether the catalog's facts are older than its review period, so statuses must say which hours they follow. */
export function isStale(catalog: Pick<Catalog, "asOf" | "reviewAfterDays">, now: DateTime): boolean {
  return dayIndexOf(japanDateKey(now)) - dayIndexOf(catalog.asOf) > catalog.reviewAfterDays;
}
