import type { Resource, Source } from "../catalog/schema.ts";

/** A programme's lifetime on one Japan day, as its sources state it. */
export type ProgrammeState =
  | { kind: "upcoming"; from: string; source: Source }
  | { kind: "open"; until: string; source: Source }
  | { kind: "ended"; on?: string; source: Source }
  /** No stated lifetime covers the day: nothing may be claimed either way. */
  | { kind: "unknown" };

/**
 * The state on `today` (YYYY-MM-DD, Japan time; every date inclusive). `ended.on` is the last day applications
 * were accepted, after any extension or later round; `ended` without `on` says it had ended by its source's
 * date. Between the end of a stated period and a later `ended.on` the sources do not say whether it was open
 * (an extension, or a gap between rounds), so that is unknown too.
 */
export function programmeState({ period, ended }: Pick<Resource, "period" | "ended">, today: string): ProgrammeState {
  if (ended && (ended.on === undefined ? today >= ended.source.date : today > ended.on)) {
    return ended.on === undefined ? { kind: "ended", source: ended.source } : { kind: "ended", on: ended.on, source: ended.source };
  }
  if (period?.from !== undefined && today < period.from) return { kind: "upcoming", from: period.from, source: period.source };
  if (period?.until !== undefined) {
    if (today <= period.until) return { kind: "open", until: period.until, source: period.source };
    if (ended === undefined) return { kind: "ended", on: period.until, source: period.source };
  }
  return { kind: "unknown" };
}
