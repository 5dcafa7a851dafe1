import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CatalogError, loadCatalog } from "../src/catalog/load.ts";

const dataDir = path.resolve("data");
const resourceFile = "resources/01-tw-sodan.yaml";
/** The file without the example questions it ends with (a test that adds its own). */
const withoutExamples = (text: string) => text.replace(/\n# Real questions[^\n]*\n(?:[\s\S]*?\n)?examples:\n[\s\S]*$/, "\n");

/** A copy of data/ with one file rewritten; returns the problems the loader reports. */
function problemsAfter(file: string, rewrite: (text: string) => string): string[] {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "catalog-")), "data");
  cpSync(dataDir, dir, { recursive: true });
  const target = path.join(dir, file);
  writeFileSync(target, rewrite(readFileSync(target, "utf8")));
  try {
    loadCatalog(dir);
  } catch (err) {
    if (err instanceof CatalogError) return err.problems;
    throw err;
  }
  return [];
}

describe("the catalog in data/", () => {
  const catalog = loadCatalog(dataDir);

  it("holds every resource of the release, grouped in its five categories", () => {
    expect(catalog.resources).toHaveLength(12);
    expect(catalog.categories.map((c) => c.name)).toEqual(["相談窓口", "助成金・補助金", "労務管理・就業規則", "セキュリティ・ICT", "支援プログラム"]);
    const names = JSON.parse(readFileSync(path.resolve("test/fixtures/eval/catalog-names.json"), "utf8").toString()) as { resources: Record<string, string> };
    for (const [id, canonical] of Object.entries(names.resources)) {
      expect(catalog.resources.find((r) => r.id === id)?.name).toContain(canonical);
    }
  });

  it("keeps the release's facts: the ended alternate numbers, no hours for テレワークマネージャー, the corrected address", () => {
    const sodan = catalog.resources.find((r) => r.id === "tw-sodan");
    expect(sodan?.contacts.filter((c) => c.validUntil === "2020-05-31").map((c) => c.value)).toEqual(["03-5577-4724", "03-5577-4734"]);
    const manager = catalog.resources.find((r) => r.id === "telework-manager")?.contacts[0];
    expect(manager).toMatchObject({ kind: "phone", value: "03-5213-4032" });
    expect(manager && "hours" in manager ? manager.hours : undefined).toBeUndefined();
    expect(catalog.resources.find((r) => r.id === "civic-navi")?.links[0]?.url).toBe("https://vscovid19.code4japan.org/");
  });
}, 20_000);

describe("a broken data file is refused with the file, entry and field named", () => {
  it.each([
    ["bad YAML", resourceFile, (t: string) => `${t}\n  : : [`, /01-tw-sodan\.yaml: YAML として読めません/],
    ["a missing field", resourceFile, (t: string) => t.replace(/^summary:.*\n/m, ""), /01-tw-sodan\.yaml: resource "tw-sodan": summary:/],
    ["an unknown category", resourceFile, (t: string) => t.replace("category: consultation", "category: weather"), /resource "tw-sodan": category: "weather" は .* categories にありません/],
    ["a duplicate id", "resources/03-tokyo-center.yaml", (t: string) => t.replace("id: tokyo-center", "id: tw-sodan"), /id: "tw-sodan" は .*01-tw-sodan\.yaml でも使われています/],
    ["a bad phone number", resourceFile, (t: string) => t.replace("0120-91-6479", "0120916479"), /resource "tw-sodan": contacts\[0\]\.value: 電話番号は/],
    ["impossible hours", resourceFile, (t: string) => t.replace('close: "17:00"', 'close: "08:00"'), /resource "tw-sodan": contacts\[0\]\.hours\.weekly\[0\]\.close: open は close より前/],
    ["an impossible time", resourceFile, (t: string) => t.replace('open: "09:00"', 'open: "25:00"'), /contacts\[0\]\.hours\.weekly\[0\]\.open: HH:MM/],
    ["an impossible date", resourceFile, (t: string) => t.replace('validUntil: "2020-05-31"', 'validUntil: "2020-02-31"'), /contacts\[1\]\.validUntil: 存在しない日付です/],
    ["a dangling cross-reference", "resources/04-hatarakikata-subsidy.yaml", (t: string) => t.replace("resource: tw-sodan", "resource: tw-sodann"), /inquiries\[0\]\.resource: "tw-sodann" というリソースはありません/],
    ["an unknown field (a typo)", resourceFile, (t: string) => t.replace("summary:", "sumary: x\nsummary:"), /resource "tw-sodan": .*sumary/],
    ["a non-https link", resourceFile, (t: string) => t.replace("https://www.tw-sodan.jp/", "javascript:alert(1)"), /links\[0\]\.url/],
    ["a further source without its date", resourceFile, (t: string) => `${t}\nsources:\n  - title: FAQ\n    url: https://www.tw-sodan.jp/faq/\n`, /01-tw-sodan\.yaml: resource "tw-sodan": sources\[0\]\.date/],
    ["an unknown voice placeholder (a typo)", "catalog.yaml", (t: string) => t.replace('asOfNotice: "{asOf}', 'asOfNotice: "{asof}'), /catalog\.yaml: voice\.asOfNotice: \{asof\} は使えない差し込み項目です（使えるもの: \{name\} \{asOf\}/],
    ["{status} outside staleStatus", "catalog.yaml", (t: string) => t.replace("thanks: どういたしまして。", "thanks: x{status}どういたしまして。"), /voice\.thanks: \{status\} は使えない差し込み項目です/],
    ["a placeholder in a help example", "catalog.yaml", (t: string) => t.replace("電話相談は今つながる？]", "\"今{botname}はつながる？\"]"), /voice\.help\.examples\[2\]: \{botname\} は使えない/],
    ["a referral to a resource that does not exist", "catalog.yaml", (t: string) => t.replace("resource: tw-sodan", "resource: tw-sodann"), /voice\.referral\.resource: "tw-sodann" というリソースはありません/],
    ["{referralName} without a referral", "catalog.yaml", (t: string) => t.replace(/  referral:\n(    .*\n)+/, "").replace("thanks: どういたしまして。", "thanks: x{referralName}どういたしまして。"), /voice\.thanks: \{referralName\} を使うには voice\.referral\.resource/],
    ["a voice text starting with a placeholder, unquoted", "catalog.yaml", (t: string) => t.replace('sourceLine: "出典：{source}"', "sourceLine: {source}より"), /catalog\.yaml: YAML として読めません: .*（\{name\} などの差し込み項目を含む文は "\{name\}です。" のように引用符で囲んでください）/],
    ["{scope} inside the scope", "catalog.yaml", (t: string) => t.replace("scope: テレワーク関連の支援情報", "scope: x{scope}"), /voice\.scope: \{scope\} は使えない差し込み項目です/],
    ["a voice text that is only a placeholder, unquoted", "catalog.yaml", (t: string) => t.replace('sourceLine: "出典：{source}"', "sourceLine: {source}"), /voice\.sourceLine: 文字列を書いてください（\{source\} が YAML の対応表として読まれました。"\{source\}…" のように引用符で囲んでください）/],
    ["a placeholder in an unquoted flow list", "catalog.yaml", (t: string) => t.replace("電話相談は今つながる？]", "{name}は今つながる？]"), /YAML として読めません: .*引用符で囲んでください/],
    ["{date} outside the programme texts", "catalog.yaml", (t: string) => t.replace("thanks: どういたしまして。", "thanks: x{date}どういたしまして。"), /voice\.thanks: \{date\} は使えない差し込み項目です/],
    ["{time} in the text for a time the data covers", "catalog.yaml", (t: string) => t.replace('askedTimeCovered: "', 'askedTimeCovered: "{time}'), /voice\.askedTimeCovered: \{time\} は使えない差し込み項目です/],
    ["an unknown word list for asked times", "catalog.yaml", (t: string) => t.replace("  askedTime:\n", "  askedTime:\n    lastYear: [去年]\n"), /catalog\.yaml: catalog: vocabulary\.askedTime: .*lastYear/],
    ["a placeholder another answer sentence has", "catalog.yaml", (t: string) => t.replace('    noPhone: "{resource}の電話番号は', '    noPhone: "{count}件。{resource}の電話番号は'), /catalog\.yaml: voice\.answers\.noPhone: \{count\} は使えない差し込み項目です（使えるもの: .*\{resource\} \{source\} \{date\}）/],
    ["an unknown answer sentence (a typo)", "catalog.yaml", (t: string) => t.replace("    noPhone:", "    nophone:"), /catalog\.yaml: catalog: voice\.answers: .*nophone/],
    ["a guide beside the referral that is no resource", "catalog.yaml", (t: string) => t.replace("guides: [mhlw-portal]", "guides: [mhlw-portl]"), /catalog\.yaml: voice\.referral\.guides\[0\]: "mhlw-portl" というリソースはありません/],
    ["the referral as its own guide", "catalog.yaml", (t: string) => t.replace("guides: [mhlw-portal]", "guides: [tw-sodan]"), /voice\.referral\.guides\[0\]: "tw-sodan" は案内先（voice\.referral\.resource）と同じです/],
    ["an unknown voice key (a typo)", "catalog.yaml", (t: string) => t.replace("  welcomeBack:", "  welcomback: x\n  welcomeBack:"), /catalog\.yaml: catalog: voice: .*welcomback/],
    ["an empty voice text", "catalog.yaml", (t: string) => t.replace('sourceLine: "出典：{source}"', 'sourceLine: " "'), /voice\.sourceLine: 空の文は書けません/],
    ["an unknown category in catalog.yaml vocabulary", "catalog.yaml", (t: string) => t.replace("vocabulary:", "vocabulary:\n  bogus: [x]"), /catalog\.yaml: catalog: vocabulary: .*bogus/],
  ])("%s", (_label, file, rewrite, expected) => {
    const problems = problemsAfter(file, rewrite);
    expect(problems.join("\n")).toMatch(expected);
  });

  /** The resource file without the facts it states, so a test can write its own. */
  const withoutFacts = (t: string) => t.replace(/^facts:\n(?:[ ].*\n)+/m, "");

  it.each([
    ["an example without its source", (t: string) => `${withoutExamples(t)}\nexamples:\n  - text: 相談は無料ですか\n`, /resource "tw-sodan": examples\[0\]\.source/],
    ["an example whose source is neither a page nor the question log", (t: string) => `${withoutExamples(t)}\nexamples:\n  - { text: 相談は無料ですか, source: 電話で聞いた }\n`, /examples\[0\]\.source: source には質問が書かれたページの URL か、"question log 2026-12-01"/],
    ["a fact of an unknown kind (a typo)", (t: string) => `${withoutFacts(t)}\nfacts:\n  costs: { text: 無料, source: { title: 発表資料, date: "2020-03-12" } }\n`, /resource "tw-sodan": facts: .*costs/],
    ["a fact without the date of its source", (t: string) => `${withoutFacts(t)}\nfacts:\n  cost: { text: 無料, source: { title: 発表資料 } }\n`, /resource "tw-sodan": facts\.cost\.source\.date/],
    ["a period with neither end", (t: string) => `${t}\nperiod: { source: { title: 公募要領, date: "2020-03-12" } }\n`, /resource "tw-sodan": period\.until: from か until の少なくとも一方/],
    ["a period that ends before it starts", (t: string) => `${t}\nperiod: { from: "2020-05-01", until: "2020-04-01", source: { title: 公募要領, date: "2020-03-12" } }\n`, /period\.until: from は until 以前の日付/],
  ])("refuses %s", (_label, rewrite, expected) => {
    expect(problemsAfter(resourceFile, rewrite).join("\n")).toMatch(expected);
  });

  it("accepts examples from a page or the question log, facts, a period and an end", () => {
    const added = `examples:\n  - { text: 相談は無料ですか, source: "https://example.jp/qa" }\n  - { text: メールでも相談できる？, source: question log 2026-12-01 }\nfacts:\n  cost: { text: 相談は無料です, source: { title: 発表資料, date: "2020-03-12" } }\nperiod: { from: "2020-03-01", source: { title: 公募要領, date: "2020-03-12" } }\nended: { source: { title: 公募要領, date: "2020-12-01" } }\n`;
    expect(problemsAfter(resourceFile, (t) => `${withoutExamples(withoutFacts(t))}\n${added}`)).toEqual([]);
  });

  it("refuses a notice about a resource that does not exist", () => {
    const problems = problemsAfter("catalog.yaml", (t) => `${t}\nnotices:\n  - { text: 受付を終了しました, resources: [tw-sodann], source: { title: お知らせ, date: "2020-05-31" } }\n`);
    expect(problems.join("\n")).toMatch(/catalog\.yaml: notices\[0\]\.resources: "tw-sodann" というリソースはありません/);
  });

  it("refuses an out-of-scope example without its source", () => {
    const problems = problemsAfter("catalog.yaml", (t) => `${withoutExamples(t)}\nexamples:\n  outOfScope:\n    - { text: 確定申告のやり方 }\n`);
    expect(problems.join("\n")).toMatch(/catalog\.yaml: catalog: examples\.outOfScope\[0\]\.source/);
  });

  it("reports every problem at once, not only the first", () => {
    const problems = problemsAfter(resourceFile, (t) => t.replace(/^summary:.*\n/m, "").replace("0120-91-6479", "12345"));
    expect(problems).toHaveLength(2);
    expect(problems.join("\n")).toMatch(/summary:[\s\S]*contacts\[0\]\.value:|contacts\[0\]\.value:[\s\S]*summary:/);
  });

  it("does not blame the entries that refer to a broken one", () => {
    const problems = problemsAfter(resourceFile, (t) => t.replace("0120-91-6479", "0120916479"));
    expect(problems).toEqual([expect.stringMatching(/01-tw-sodan\.yaml: resource "tw-sodan": contacts\[0\]\.value: 電話番号は/)]);
  });

  it("accepts a catalog.yaml with no voice at all (the section is optional)", () => {
    expect(problemsAfter("catalog.yaml", (t) => t.replace(/\nvoice:[\s\S]*$/, "\n"))).toEqual([]);
  });

  it("names the folder it read in the message, as given", () => {
    expect(() => loadCatalog(path.join(tmpdir(), "no-such-data-dir"))).toThrow(`カタログ (${path.join(tmpdir(), "no-such-data-dir")}/) に 1 件の問題があります`);
    expect(() => loadCatalog("no-such-data-dir")).toThrow("no-such-data-dir/resources/: フォルダを読み込めません");
  });

  it("names a missing folder instead of crashing", () => {
    expect(() => loadCatalog(path.join(tmpdir(), "no-such-data-dir"))).toThrow(/resources\/: フォルダを読み込めません \(ENOENT\)/);
  });
});

describe("the hours format of issue 9", () => {
  const weekly = `      weekly:
        - days: weekdays
          open: "09:00"
          close: "17:00"
`;
  /** tw-sodan's free dial with its `weekly` replaced by the given lines. */
  const withHours = (lines: string) => (t: string) => t.replace(weekly, lines);

  it("accepts every new pattern", () => {
    const problems = problemsAfter(
      resourceFile,
      withHours(`      periods:
        - { from: "2020-03-01", until: "2020-04-30", weekly: [ { days: everyday, open: "09:00", close: "21:00" } ] }
        - from: "2020-05-01"
          weekly:
            - { days: [sun, mon, tue, wed, thu, fri, holiday], open: "09:00", close: "17:00" }
            - { days: weekends, open: "10:00", close: "24:00" }
      yearEnd: { closed: { from: "12-29", to: "01-03" } }
`),
    );
    expect(problems).toEqual([]);
    expect(problemsAfter(resourceFile, withHours(`${weekly}      yearEnd: open\n`))).toEqual([]);
    expect(problemsAfter(resourceFile, withHours(`      weekly: [ { days: unstated, open: "10:00", close: "16:00" } ]\n`))).toEqual([]);
  });

  it.each([
    ["an unknown days value", withHours(weekly.replace("days: weekdays", "days: weekday")), /contacts\[0\]\.hours\.weekly\[0\]\.days: days は weekdays \/ everyday \/ weekends \/ unstated のどれか/],
    ["an unknown day in a list", withHours(weekly.replace("days: weekdays", "days: [mon, hol]")), /contacts\[0\]\.hours\.weekly\[0\]\.days: days は .*holiday\] から選んだ一覧/],
    ["both weekly and periods", withHours(`${weekly}      periods: [ { weekly: [ { days: everyday, open: "09:00", close: "17:00" } ] } ]\n`), /contacts\[0\]\.hours\.weekly: weekly か periods のどちらか一方だけを書いてください/],
    ["neither weekly nor periods", withHours(""), /contacts\[0\]\.hours\.weekly: weekly か periods のどちらか一方だけ/],
    [
      "overlapping periods",
      withHours(`      periods:
        - { from: "2020-03-01", until: "2020-05-01", weekly: [ { days: everyday, open: "09:00", close: "21:00" } ] }
        - { from: "2020-05-01", weekly: [ { days: weekdays, open: "09:00", close: "17:00" } ] }
`),
      /contacts\[0\]\.hours\.periods\[1\]: periods\[0\] \(2020-03-01～2020-05-01\) と periods\[1\] \(2020-05-01～\) の期間が重なっています/,
    ],
    [
      "two open-ended periods",
      withHours(`      periods:
        - { weekly: [ { days: everyday, open: "09:00", close: "21:00" } ] }
        - { from: "2021-01-01", weekly: [ { days: weekdays, open: "09:00", close: "17:00" } ] }
`),
      /periods\[0\] \(～\) と periods\[1\] \(2021-01-01～\) の期間が重なっています/,
    ],
    ["a period that ends before it starts", withHours(`      periods: [ { from: "2020-05-01", until: "2020-04-01", weekly: [ { days: everyday, open: "09:00", close: "17:00" } ] } ]\n`), /periods\[0\]\.until: from は until 以前の日付/],
    ["unstated mixed with days", withHours(`      weekly: [ { days: unstated, open: "10:00", close: "16:00" }, { days: weekends, open: "10:00", close: "16:00" } ]\n`), /hours\.weekly: days: unstated の規則と、曜日を指定した規則は同じ weekly に混ぜられません/],
    ["a malformed yearEnd", withHours(`${weekly}      yearEnd: shut\n`), /hours\.yearEnd: yearEnd は open、closed（休みの日付が公表されていないとき）か \{ closed: \{ from: "12-29", to: "01-03" \} \} の形で/],
    ["an impossible year-end date", withHours(`${weekly}      yearEnd: { closed: { from: "12-29", to: "02-30" } }\n`), /hours\.yearEnd\.closed\.to: 存在しない日付です/],
    ["a year-end date without the month", withHours(`${weekly}      yearEnd: { closed: { from: "29", to: "01-03" } }\n`), /hours\.yearEnd\.closed\.from: "12-29" のように、引用符で囲んだ MM-DD 形式/],
    ["onHolidays on a day pattern (it would be ignored)", withHours(weekly.replace('close: "17:00"', 'close: "17:00"\n          onHolidays: true')), /weekly\[0\]\.onHolidays: onHolidays は曜日の一覧 \(days: \[mon, …\]\) にだけ使えます/],
    ["年末年始 in the text without yearEnd", (t: string) => withHours(weekly)(t).replace("text: 平日9:00～17:00", "text: 平日9:00～17:00（年末年始を除く）"), /contacts\[0\]\.hours\.yearEnd: text に年末年始の記載があります。yearEnd: \{ closed: .*yearEnd: closed（日付の記載がないとき）か yearEnd: open で書いてください/],
    ["an unpadded time", withHours(weekly.replace('open: "09:00"', "open: 9:00")), /weekly\[0\]\.open: HH:MM 形式の時刻を、"09:00" のように 2 桁で書いてください$/m],
  ])("refuses %s, naming the field", (_label, rewrite, expected) => {
    expect(problemsAfter(resourceFile, rewrite).join("\n")).toMatch(expected);
  });

  it("refuses a reviewAfterDays that is not a whole number of days", () => {
    expect(problemsAfter("catalog.yaml", (t) => t.replace('asOf: "2020-03-12"', 'asOf: "2020-03-12"\nreviewAfterDays: 0')).join("\n")).toMatch(/catalog\.yaml: catalog: reviewAfterDays:/);
    expect(problemsAfter("catalog.yaml", (t) => t.replace('asOf: "2020-03-12"', 'asOf: "2020-03-12"\nreviewAfterDays: 400'))).toEqual([]);
  });
});

describe("the hours patterns of issue 22, as check:data reads them", () => {
  const weekly = `      weekly:
        - days: weekdays
          open: "09:00"
          close: "17:00"
`;
  const withHours = (lines: string) => (t: string) => t.replace(weekly, lines);
  const inFile = (problems: string[]) => problems.map((p) => p.replace(/^.*\/data\//, "data/"));

  it("accepts days without times, special periods, otherDays and the as-of dates, and the catalog means the same without them", () => {
    const problems = problemsAfter(
      resourceFile,
      (t) =>
        withHours(`      weekly:
        - { days: weekdays }
        - { days: [sat], open: "10:00", close: "12:00" }
      special:
        - { from: "2020-12-01", until: "2020-12-07", weekly: [ { days: everyday, open: "09:00", close: "20:00" } ] }
      otherDays: unstated
      asOf: "2019-04-01"
`)(t).replace("category: consultation", 'category: consultation\nasOf: "2019-04-01"'),
    );
    expect(problems).toEqual([]);
  });

  it.each([
    ["open without close", withHours(`      weekly: [ { days: weekdays, open: "09:00" } ]\n`), 'resource "tw-sodan": contacts[0].hours.weekly[0].close: open と close は両方書いてください（時刻の記載がなく曜日だけ分かるときは、両方とも省きます） (open and close go together)'],
    [
      "a special period without its end",
      withHours(`${weekly}      special: [ { from: "2020-12-01", weekly: [ { days: everyday, open: "09:00", close: "20:00" } ] } ]\n`),
      'resource "tw-sodan": contacts[0].hours.special[0].until: 特別な期間には from と until の両方を "2026-12-01" のような YYYY-MM-DD 形式で書いてください (a special period needs from and until)',
    ],
    [
      "overlapping special periods",
      withHours(`${weekly}      special:
        - { from: "2020-12-01", until: "2020-12-07", weekly: [ { days: everyday, open: "09:00", close: "20:00" } ] }
        - { from: "2020-12-07", until: "2020-12-10", weekly: [ { days: everyday, open: "09:00", close: "20:00" } ] }
`),
      'resource "tw-sodan": contacts[0].hours.special[1]: special[0] (2020-12-01～2020-12-07) と special[1] (2020-12-07～2020-12-10) の期間が重なっています',
    ],
    ["an unknown otherDays", withHours(`${weekly}      otherDays: open\n`), 'resource "tw-sodan": contacts[0].hours.otherDays: otherDays は closed か unstated で書いてください (closed or unstated)'],
    ["a malformed hours asOf", withHours(`${weekly}      asOf: "2019-4-1"\n`), 'resource "tw-sodan": contacts[0].hours.asOf: YYYY-MM-DD 形式の日付を書いてください'],
    ["an impossible resource asOf", (t: string) => t.replace("category: consultation", 'category: consultation\nasOf: "2019-02-30"'), 'resource "tw-sodan": asOf: 存在しない日付です'],
  ])("refuses %s, naming the file and the field", (_label, rewrite, expected) => {
    expect(inFile(problemsAfter(resourceFile, rewrite))).toContain(`data/${resourceFile}: ${expected}`);
  });

  it("takes {subject} in voice.sourceSilent only", () => {
    const sourceSilent = 'sourceSilent: "{subject}は出典に記載がありません"';
    const hoursNotPublished = "hoursNotPublished: 受付時間は公表されていません";
    const written = readFileSync(path.join(dataDir, "catalog.yaml"), "utf8");
    expect(written).toContain(sourceSilent);
    expect(written).toContain(hoursNotPublished);
    expect(problemsAfter("catalog.yaml", (t) => t.replace(sourceSilent, 'sourceSilent: "{subject}は{source}に書かれていません"'))).toEqual([]);
    expect(inFile(problemsAfter("catalog.yaml", (t) => t.replace(hoursNotPublished, 'hoursNotPublished: "{subject}はありません"')))).toEqual([
      "data/catalog.yaml: voice.hoursNotPublished: {subject} は使えない差し込み項目です（使えるもの: {name} {asOf} {asOfMonth} {asOfYear} {scope} {categories} {source} {referralName}）",
    ]);
  });
});

describe("YAML traps are named with the file, the line and the fix", () => {
  it("catches a flow list that a thousands comma split into two items", () => {
    const problems = problemsAfter(resourceFile, (t) => t.replace(/^keywords: \[/m, "keywords: [売上1,000万円以上, "));
    const line = readFileSync(path.join(dataDir, resourceFile), "utf8").split("\n").findIndex((l) => l.startsWith("keywords: [")) + 1;
    // The copy lives in a temporary folder, named in full; the file and line follow it.
    expect(problems.map((p) => p.replace(/^.*\/data\//, "data/"))).toEqual([
      `data/${resourceFile}:${line}: 「売上1,000万円以上」はカンマで「売上1」と「000万円以上」の 2 項目に分かれて読まれます。引用符で囲んでください（"売上1,000万円以上"）`,
    ]);
  });

  it("leaves a quoted amount and an ordinary list alone", () => {
    expect(problemsAfter(resourceFile, (t) => t.replace(/^keywords: \[/m, 'keywords: ["売上1,000万円以上", 1, 2, ')).join("\n")).not.toMatch(/カンマ/);
  });

  it("catches the split in a flow mapping too", () => {
    expect(problemsAfter(resourceFile, (t) => t.replace("dataNotes:", "dataNotes:\n  - { note: 上限100,000円 }\nx:")).join("\n")).toMatch(/「上限100,000円」はカンマで/);
  });

  it.each([
    ["an unquoted word that YAML reads as a number", (t: string) => t.replace("label: フリーダイヤル", "label: 110"), /contacts\[0\]\.label: 文字列を書いてください（110 と読まれました。数字や true\/false に見える値は "…" のように引用符で囲んでください）/],
    ["yes/no for true/false", (t: string) => t.replace("tollFree: true", "tollFree: yes"), /contacts\[0\]\.tollFree: true か false で書いてください（"yes" と読まれました）/],
    ["an unquoted phone number without hyphens (its leading 0 is lost)", (t: string) => t.replace("value: 0120-91-6479", "value: 0120916479"), /contacts\[0\]\.value: 電話番号は、0 から始まる 10 桁か 11 桁を、出典の区切りのまま引用符で囲んで書いてください/],
  ])("names %s", (_label, rewrite, expected) => {
    expect(problemsAfter(resourceFile, rewrite).join("\n")).toMatch(expected);
  });
});

describe("phone numbers as sources print them", () => {
  it.each(["0570-082100", "050-1234-5678", "0120-91-6479", "03-5577-4724", "0570-08-2100"])("accepts %s", (value) => {
    expect(problemsAfter(resourceFile, (t) => t.replace("0120-91-6479", value))).toEqual([]);
  });

  it.each(["0120-91-64", "0120-916-47901", "1120-91-6479", "0120 91 6479"])("refuses %s, saying how numbers are written", (value) => {
    expect(problemsAfter(resourceFile, (t) => t.replace("0120-91-6479", value)).join("\n")).toMatch(/contacts\[0\]\.value: 電話番号は、0 から始まる 10 桁か 11 桁を/);
  });
});

describe("check:data in Japanese", () => {
  it.each([
    ["a label over LINE's length", (t: string) => t.replace("label: 公式サイト", "label: テレワーク相談センターの公式ウェブサイトのトップページ"), /links\[0\]\.label: 20 文字以内にしてください（27 文字あります） \(too long: at most 20 characters\)/],
    ["a mistyped field, with the field meant", (t: string) => t.replace("summary:", "sumary: x\nsummary:"), /使えない項目があります: sumary（summary の書き間違いでは？）/],
    ["a list written as one word", (t: string) => t.replace(/^keywords: \[.*\]$/m, "keywords: 相談"), /keywords: 一覧で書いてください（- 項目 の行、または \[項目, 項目\]。相談と読まれました） \(expected a list\)/],
    ["a missing field", (t: string) => t.replace(/^organization:.*\n/m, ""), /organization: 必須の項目です。書いてください \(required\)/],
  ])("names %s", (_label, rewrite, expected) => {
    const problems = problemsAfter(resourceFile, rewrite).join("\n");
    expect(problems).toMatch(expected);
    expect(problems).not.toMatch(/Too big|Too small|Invalid|Unrecognized|expected string/);
  });
});

describe("npm run check:data", () => {
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(path.resolve("node_modules/.bin/node"), ["src/cli/check-data.ts"], { env: { PATH: process.env.PATH ?? "", ...env } }, (_err, stdout, stderr) =>
        resolve({ code: child.exitCode, stdout, stderr }),
      );
    });

  it("checks the folder DATA_DIR names, and says which", async () => {
    const { code, stdout } = await run({ DATA_DIR: "test/fixtures/catalogs/kurashi" });
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("OK: test/fixtures/catalogs/kurashi/: 3 resources in 2 categories (version fixture-1, as of 2024-04-01)");
    // The fixture has no id: identifiers come from the folder's name, and the warning says how to fix them.
    expect(stdout).toContain("test/fixtures/catalogs/kurashi/catalog.yaml: id: がありません。リッチメニューの名前や会話の記憶のキーには、フォルダー名から作った「kurashi」を使います。");
  });

  it("lists a programme that states no lifetime as a warning, and still exits 0", async () => {
    // The subsidies are programmes; only IT導入補助金 states neither its period nor its end.
    const { code, stdout } = await run({ DATA_DIR: dataDir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/05-it-subsidy\.yaml: resource "it-subsidy": period \/ ended: 制度の申請期間も終了も書かれていません/);
    expect(stdout).not.toContain('resource "hatarakikata-subsidy": period');
    expect(stdout).not.toContain('resource "tw-sodan": period');
  });

  it("exits 1 naming the broken folder", async () => {
    const { code, stderr } = await run({ DATA_DIR: "no-such-catalog" });
    expect(code).toBe(1);
    expect(stderr).toContain("カタログ (no-such-catalog/) に 1 件の問題があります");
  });
});
