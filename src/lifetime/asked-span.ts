import type { AskedTime } from "../understand/asked-time.ts";

/** The days a question's time covers (YYYY-MM-DD, inclusive), and which year that is. */
export interface AskedSpan {
  from: string;
  until: string;
  /** The calendar year, or the year a fiscal year starts in; undefined for the day of asking. */
  year?: number;
  fiscal: boolean;
}

/** Where the data's date lies against the time asked about. */
export type Coverage = "later" | "covered" | "earlier";

/** A fiscal year runs from 1 April to 31 March. `today` is the day of asking, Japan time. */
export function askedSpan(asked: AskedTime, today: string): AskedSpan {
  if (asked.kind === "current") return { from: today, until: today, fiscal: false };
  const [thisYear = 0, month = 1] = today.split("-").map(Number);
  const yearOfToday = asked.fiscal && month < 4 ? thisYear - 1 : thisYear;
  const year = asked.kind === "year" ? asked.year : asked.kind === "thisYear" ? yearOfToday : yearOfToday + 1;
  return asked.fiscal ? { from: `${year}-04-01`, until: `${year + 1}-03-31`, year, fiscal: true } : { from: `${year}-01-01`, until: `${year}-12-31`, year, fiscal: false };
}

/** later: the time starts after the data's date, so the data cannot speak for it; earlier: it ended before. */
export function coverage(span: AskedSpan, asOf: string): Coverage {
  if (asOf < span.from) return "later";
  return asOf > span.until ? "earlier" : "covered";
}
