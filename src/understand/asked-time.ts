import type { AskedTimeWords } from "../catalog/schema.ts";
import { compact, fold } from "./normalize.ts";

/** A time a question names, as written: the reply says what data of its own date can say for it. */
export type AskedTime =
  /** 2024年, 2024年度, 令和6年度, R6 (the calendar year; a fiscal year starts on 1 April of it). */
  | { kind: "year"; year: number; fiscal: boolean; written: string }
  /** 今年度, 来年: counted from the day of asking, which the reader does not know. */
  | { kind: "thisYear" | "nextYear"; fiscal: boolean; written: string }
  /** 最新, 今も, まだやってる: whether what the data says still holds. */
  | { kind: "current"; written: string };

// First years of the eras a question about today's programmes may name; Reiwa and Heisei also by letter (R6, H31).
const eraStarts: Readonly<Record<string, number>> = { 令和: 2019, 平成: 1989, 昭和: 1926, r: 2019, h: 1989 };
const kanjiDigits = "〇一二三四五六七八九";

// NFKC has made digits and letters half-width. An era year, 元 being its first; a year in figures (not part of
// a phone number or an amount); each with 年 or 年度.
const eraYear = /(令和|平成|昭和)\s*(元|\d{1,2}|[一二三四五六七八九十]{1,3})\s*(年度|年)?|(?<![a-z\d])([rh])\s?(元|\d{1,2})\s*(年度|年)?(?![a-z\d])/gi;
const westernYear = /(?<![\d-])((?:19|20)\d{2})(?:\s*(年度|年)|(?=$|[\s\p{P}のはをにでもがへとや]))/gu;

/** 六 → 6, 十二 → 12, 二十 → 20; undefined for anything else. */
export function kanjiNumber(text: string): number | undefined {
  const tens = /^([一二三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(text);
  if (tens) return (tens[1] ? kanjiDigits.indexOf(tens[1]) : 1) * 10 + (tens[2] ? kanjiDigits.indexOf(tens[2]) : 0);
  const digit = kanjiDigits.indexOf(text);
  return text.length === 1 && digit > 0 ? digit : undefined;
}

/** 令和6 → 2024, 令和元 → 2019, R6 → 2024, 平成31 → 2019. */
export function eraToYear(era: string, year: string): number | undefined {
  const start = eraStarts[era.toLowerCase()];
  const n = year === "元" ? 1 : /^\d+$/.test(year) ? Number(year) : kanjiNumber(year);
  return start === undefined || n === undefined || n < 1 ? undefined : start + n - 1;
}

/** Every year written in the text, in figures or as an era year, first to last. */
export function yearsIn(nfkc: string): Extract<AskedTime, { kind: "year" }>[] {
  const found: { at: number; year: Extract<AskedTime, { kind: "year" }> }[] = [];
  for (const m of nfkc.matchAll(eraYear)) {
    const [written, era, number, unit] = m[1] ? [m[0], m[1], m[2], m[3]] : [m[0], m[4], m[5], m[6]];
    const year = era && number ? eraToYear(era, number) : undefined;
    // A letter with a number (R6) is how fiscal years are abbreviated; 元 needs 年 (元 alone is another word).
    if (year === undefined || (number === "元" && unit === undefined)) continue;
    found.push({ at: m.index, year: { kind: "year", year, fiscal: unit === "年度" || (unit === undefined && !m[1]), written: written.trim() } });
  }
  for (const m of nfkc.matchAll(westernYear)) {
    found.push({ at: m.index, year: { kind: "year", year: Number(m[1]), fiscal: m[2] === "年度", written: m[0].trim() } });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.year);
}

/**
 * Reads the time a question asks about. A year written out wins over 今年度 and the like, and those over 最新;
 * of several years, the latest is the one the data is least likely to cover.
 */
export function createAskedTimeReader(words: AskedTimeWords): (text: string) => AskedTime | undefined {
  const key = (w: string) => compact(fold(w));
  const relative = [
    ...words.thisYear.map((w) => ({ kind: "thisYear" as const, word: w })),
    ...words.nextYear.map((w) => ({ kind: "nextYear" as const, word: w })),
  ]
    .map((e) => ({ ...e, key: key(e.word) }))
    .filter((e) => e.key.length > 0)
    .sort((a, b) => b.key.length - a.key.length);
  const current = words.current.map((w) => ({ word: w, key: key(w) })).filter((e) => e.key.length > 0);

  return (text) => {
    const nfkc = text.normalize("NFKC");
    const years = yearsIn(nfkc);
    if (years.length > 0) return years.reduce((latest, y) => (y.year + (y.fiscal ? 0.5 : 0) > latest.year + (latest.fiscal ? 0.5 : 0) ? y : latest));
    const folded = key(nfkc);
    const named = relative.find((e) => folded.includes(e.key));
    if (named) return { kind: named.kind, fiscal: named.word.normalize("NFKC").endsWith("年度"), written: named.word };
    const still = current.find((e) => folded.includes(e.key));
    return still ? { kind: "current", written: still.word } : undefined;
  };
}
