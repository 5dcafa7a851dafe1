// Questions about a time: the years, fiscal years and era years people write, and the span each covers.
import { describe, expect, it } from "vitest";
import { askedSpan, coverage } from "../src/lifetime/asked-span.ts";
import { createAskedTimeReader, eraToYear, kanjiNumber } from "../src/understand/asked-time.ts";

const read = createAskedTimeReader({ thisYear: ["今年度", "今年"], nextYear: ["来年度", "来年"], current: ["最新", "今も", "まだやってる"] });
const yearOf = (text: string) => {
  const asked = read(text);
  return asked?.kind === "year" ? { year: asked.year, fiscal: asked.fiscal, written: asked.written } : asked;
};

describe("era years", () => {
  it("count from each era's first year, 元年 being the first", () => {
    expect(eraToYear("令和", "6")).toBe(2024);
    expect(eraToYear("令和", "元")).toBe(2019);
    expect(eraToYear("平成", "31")).toBe(2019);
    expect(eraToYear("R", "2")).toBe(2020);
    expect(eraToYear("h", "30")).toBe(2018);
    expect(eraToYear("令和", "0")).toBeUndefined();
  });

  it("read kanji numerals", () => {
    expect([kanjiNumber("六"), kanjiNumber("十"), kanjiNumber("十二"), kanjiNumber("二十"), kanjiNumber("三十一")]).toEqual([6, 10, 12, 20, 31]);
    expect(kanjiNumber("百")).toBeUndefined();
  });
});

describe("a time written in a question", () => {
  it("reads era years, with 年度 as a fiscal year", () => {
    expect(yearOf("令和6年度の助成金は？")).toEqual({ year: 2024, fiscal: true, written: "令和6年度" });
    expect(yearOf("令和６年の補助金")).toEqual({ year: 2024, fiscal: false, written: "令和6年" });
    expect(yearOf("令和元年度に始まった制度")).toEqual({ year: 2019, fiscal: true, written: "令和元年度" });
    expect(yearOf("令和六年度の募集")).toEqual({ year: 2024, fiscal: true, written: "令和六年度" });
    expect(yearOf("平成31年の窓口")).toEqual({ year: 2019, fiscal: false, written: "平成31年" });
  });

  it("reads R6 and H30 as fiscal years, as offices abbreviate them", () => {
    expect(yearOf("R6の補助金")).toEqual({ year: 2024, fiscal: true, written: "R6" });
    expect(yearOf("ｒ７年度")).toEqual({ year: 2025, fiscal: true, written: "r7年度" });
    expect(yearOf("H30年度の実績")).toEqual({ year: 2018, fiscal: true, written: "H30年度" });
  });

  it("reads years in figures, and not the digits of a number, an amount or a word", () => {
    expect(yearOf("2024年の助成金")).toEqual({ year: 2024, fiscal: false, written: "2024年" });
    expect(yearOf("２０２５年度の補助金")).toEqual({ year: 2025, fiscal: true, written: "2025年度" });
    expect(yearOf("IT導入補助金2024はある？")).toEqual({ year: 2024, fiscal: false, written: "2024" });
    for (const text of ["0120-91-6479に電話", "03-2024-1234", "2000円の補助", "H2Oの話", "元の窓口", "PHP8で作った"]) expect(read(text), text).toBeUndefined();
  });

  it("takes the latest of several years: the one the data is least likely to cover", () => {
    expect(yearOf("2020年と令和6年度の違い")).toEqual({ year: 2024, fiscal: true, written: "令和6年度" });
  });

  it("reads the catalog's words for this year, next year and now; a written year wins over them", () => {
    expect(read("今年度の補助金")).toEqual({ kind: "thisYear", fiscal: true, written: "今年度" });
    expect(read("今年の補助金")).toEqual({ kind: "thisYear", fiscal: false, written: "今年" });
    expect(read("来年度もある？")).toEqual({ kind: "nextYear", fiscal: true, written: "来年度" });
    expect(read("最新の助成金")).toEqual({ kind: "current", written: "最新" });
    expect(read("ＩＴ導入補助金まだやってる？")).toEqual({ kind: "current", written: "まだやってる" });
    expect(read("2024年の最新の補助金")).toMatchObject({ kind: "year", year: 2024 });
    expect(read("今つながる？")).toBeUndefined();
  });

  it("reads only figures and era years in a catalog without the words", () => {
    const bare = createAskedTimeReader({ thisYear: [], nextYear: [], current: [] });
    expect(bare("今年度の補助金")).toBeUndefined();
    expect(bare("令和6年度の補助金")).toMatchObject({ kind: "year", year: 2024 });
  });
});

describe("the days a time covers, from the day of asking (Japan date)", () => {
  it("runs a fiscal year from 1 April to 31 March, and 今年度 from the day of asking", () => {
    expect(askedSpan({ kind: "year", year: 2024, fiscal: true, written: "令和6年度" }, "2026-12-07")).toEqual({ from: "2024-04-01", until: "2025-03-31", year: 2024, fiscal: true });
    expect(askedSpan({ kind: "year", year: 2024, fiscal: false, written: "2024年" }, "2026-12-07")).toMatchObject({ from: "2024-01-01", until: "2024-12-31" });
    expect(askedSpan({ kind: "thisYear", fiscal: true, written: "今年度" }, "2026-03-31")).toMatchObject({ year: 2025 });
    expect(askedSpan({ kind: "thisYear", fiscal: true, written: "今年度" }, "2026-04-01")).toMatchObject({ year: 2026 });
    expect(askedSpan({ kind: "nextYear", fiscal: false, written: "来年" }, "2026-12-31")).toMatchObject({ from: "2027-01-01", until: "2027-12-31" });
    expect(askedSpan({ kind: "current", written: "最新" }, "2026-12-07")).toEqual({ from: "2026-12-07", until: "2026-12-07", fiscal: false });
  });

  it("says whether data of a date comes after, within or before it", () => {
    const fy2019 = askedSpan({ kind: "year", year: 2019, fiscal: true, written: "令和元年度" }, "2026-12-07");
    expect(coverage(fy2019, "2020-03-12")).toBe("covered");
    expect(coverage(fy2019, "2020-03-31")).toBe("covered");
    expect(coverage(fy2019, "2020-04-01")).toBe("earlier");
    expect(coverage(askedSpan({ kind: "year", year: 2020, fiscal: true, written: "令和2年度" }, "2026-12-07"), "2020-03-12")).toBe("later");
  });
});
