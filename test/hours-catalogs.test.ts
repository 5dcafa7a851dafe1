// The hours of the lines in the catalogs the repository ships, at fixed instants, as the cards state them.
import { execFile } from "node:child_process";
import path from "node:path";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import { catalogWarnings } from "../src/catalog/warnings.ts";
import type { Catalog } from "../src/catalog/schema.ts";
import { renderDecision } from "../src/reply/render.ts";

const root = path.resolve(import.meta.dirname, "..");
// The project runs on the Node 24 from node_modules, whatever node is first on PATH.
const node = path.join(root, "node_modules/.bin/node");

function run(script: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(node, [script, ...args], { cwd: root, env: { PATH: process.env.PATH ?? "", ...env }, maxBuffer: 8 << 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

interface Answer {
  folder: string;
  at: string;
  hostDate: string;
  lines: { line: string; status: string; says: string }[];
}

// 8:30 in Tokyo is still the day before in UTC and in Los Angeles: a host-zone date would be the wrong day.
const newYearsDay = "2027-01-01T08:30:00+09:00"; // 元日, a Friday
const saturday = "2027-01-02T08:30:00+09:00";
const sunday = "2027-01-03T08:30:00+09:00";
const weekday = "2026-12-30T08:30:00+09:00"; // a Wednesday inside 12/29–1/3
const instants = [newYearsDay, saturday, sunday, weekday];
const timeZones = ["Asia/Tokyo", "UTC", "America/Los_Angeles"] as const;
const folders = ["data", "examples/kurashi-soudan"];

describe("a national holiday or a weekend inside 年末年始 is a certain closure for a line that does not open on it (issue 21)", () => {
  const answers = new Map<string, Answer[]>();

  beforeAll(async () => {
    const outputs = await Promise.all(timeZones.map((tz) => run("test/support/line-statuses.ts", [...folders, "--", ...instants], { TZ: tz })));
    timeZones.forEach((tz, i) => answers.set(tz, JSON.parse(outputs[i] ?? "[]") as Answer[]));
  }, 60_000);

  function says(folder: string, at: string, line: string, tz: (typeof timeZones)[number] = "Asia/Tokyo") {
    const answer = answers.get(tz)?.find((a) => a.folder === folder && a.at === at);
    const found = answer?.lines.find((l) => l.line === line);
    if (!found) throw new Error(`no ${line} in ${folder} at ${at}`);
    return { status: found.status, says: found.says };
  }

  it("runs each process in its own host zone", () => {
    expect(answers.get("Asia/Tokyo")?.find((a) => a.at === newYearsDay)?.hostDate).toBe("2027-01-01");
    expect(answers.get("UTC")?.find((a) => a.at === newYearsDay)?.hostDate).toBe("2026-12-31");
    expect(answers.get("America/Los_Angeles")?.find((a) => a.at === newYearsDay)?.hostDate).toBe("2026-12-31");
  });

  it("gives every line of both catalogs the same status and words in every host zone", () => {
    const comparable = (tz: string) => answers.get(tz)?.map(({ hostDate: _, ...rest }) => rest);
    expect(comparable("Asia/Tokyo")).toHaveLength(folders.length * instants.length);
    for (const tz of timeZones) expect(comparable(tz)).toEqual(comparable("Asia/Tokyo"));
  });

  describe.each(timeZones)("with the host in %s", (tz) => {
    it("data/: the weekday lines are closed on 元日 and on the weekend, naming why, and unknown on a weekday of 年末年始", () => {
      // data/'s facts are from 2020, so every status says which hours it follows.
      for (const line of ["tw-sodan/free-dial", "tokyo-center/free-dial"]) {
        expect(says("data", newYearsDay, line, tz)).toEqual({
          status: "closed",
          says: "本日は祝日（元日）のため、2020年3月時点の受付時間では受付時間外（次の受付は1月4日(月) 9:00から）",
        });
        expect(says("data", saturday, line, tz)).toEqual({
          status: "closed",
          says: "本日は土曜日のため、2020年3月時点の受付時間では受付時間外（次の受付は1月4日(月) 9:00から）",
        });
        expect(says("data", weekday, line, tz)).toEqual({ status: "unknown", says: "年末年始の受付時間は出典に記載がありません" });
      }
      expect(says("data", newYearsDay, "telework-manager/inquiry", tz)).toEqual({ status: "unknown", says: "受付時間は公表されていません" });
    });

    it("examples/kurashi-soudan: weekday lines silent about 年末年始 are closed on 元日 and the weekend, unknown on its weekdays", () => {
      const kurashi = "examples/kurashi-soudan";
      expect(says(kurashi, newYearsDay, "houterasu-tagengo/navi-dial", tz)).toEqual({ status: "closed", says: "本日は祝日（元日）のため受付時間外です。次の受付は1月4日(月) 9:00から" });
      expect(says(kurashi, newYearsDay, "kokusen-ohiru/phone", tz)).toEqual({ status: "closed", says: "本日は祝日（元日）のため受付時間外です。次の受付は1月4日(月) 11:00から" });
      expect(says(kurashi, sunday, "gaikokugo-jinken/navi-dial", tz)).toEqual({ status: "closed", says: "本日は日曜日のため受付時間外です。次の受付は1月4日(月) 9:00から" });
      expect(says(kurashi, saturday, "houterasu-tagengo/navi-dial", tz)).toEqual({ status: "closed", says: "本日は土曜日のため受付時間外です。次の受付は1月4日(月) 9:00から" });
      expect(says(kurashi, weekday, "houterasu-tagengo/navi-dial", tz)).toEqual({ status: "unknown", says: "年末年始の受付時間は出典に記載がありません" });
    });

    it("examples/kurashi-soudan: a line open on weekends stays unknown on a weekend of 年末年始, and closed on 元日 (not a day it opens)", () => {
      const kurashi = "examples/kurashi-soudan";
      // 月～金17:00～22:00、土日10:00～17:00: 元日 is a Friday and a holiday, which the weekday rule leaves out.
      expect(says(kurashi, newYearsDay, "roudou-hotline/free-dial", tz)).toEqual({
        status: "closed",
        says: "本日は祝日（元日）のため受付時間外です。1月4日(月) 17:00から受付（年末年始の受付時間は出典に記載がありません）",
      });
      expect(says(kurashi, saturday, "roudou-hotline/free-dial", tz)).toEqual({ status: "unknown", says: "年末年始の受付時間は出典に記載がありません" });
      expect(says(kurashi, weekday, "roudou-hotline/free-dial", tz)).toEqual({ status: "unknown", says: "年末年始の受付時間は出典に記載がありません" });
    });

    it("examples/kurashi-soudan: 年末年始を除く without dates (yearEnd: closed) is closed on 元日 and Sunday, unknown on Saturday and weekdays", () => {
      const kurashi = "examples/kurashi-soudan";
      const line = "houterasu-support/navi-dial"; // 平日9:00～21:00、土曜9:00～17:00（祝日・年末年始を除く）
      expect(says(kurashi, newYearsDay, line, tz)).toEqual({
        status: "closed",
        says: "本日は祝日（元日）のため受付時間外です。1月4日(月) 9:00から受付（年末年始の休みの日付は出典に記載がありません）",
      });
      expect(says(kurashi, sunday, line, tz)).toEqual({ status: "closed", says: "本日は日曜日のため受付時間外です。次の受付は1月4日(月) 9:00から" });
      expect(says(kurashi, saturday, line, tz)).toEqual({ status: "unknown", says: "本日が年末年始の休みに当たるかは出典に記載がありません" });
      expect(says(kurashi, weekday, line, tz)).toEqual({ status: "unknown", says: "本日が年末年始の休みに当たるかは出典に記載がありません" });
    });

    it("examples/kurashi-soudan: lines that open every day or on unstated days stay unknown; stated closures and yearEnd: open are kept", () => {
      const kurashi = "examples/kurashi-soudan";
      expect(says(kurashi, newYearsDay, "dv-plus/free-dial", tz)).toEqual({ status: "unknown", says: "年末年始の受付時間は出典に記載がありません" });
      expect(says(kurashi, newYearsDay, "higaisha-support/navi-dial", tz)).toEqual({ status: "unknown", says: "年末年始の受付時間は出典に記載がありません" });
      expect(says(kurashi, newYearsDay, "minna-jinken/navi-dial", tz)).toEqual({ status: "closed", says: "年末年始のため受付時間外です。次の受付は1月4日(月) 8:30から" });
      expect(says(kurashi, newYearsDay, "yorisoi/free-dial", tz)).toEqual({ status: "open", says: "24時間受付" });
    });
  });

  it("answers 「今日って相談窓口の電話やってる？」 on 元日 with the holiday, not 受付時間不明, with the host in Los Angeles", async () => {
    const stdout = await run("src/cli/chat.ts", ["--now", "2027-01-01T11:00+09:00", "今日って相談窓口の電話やってる？"], { TZ: "America/Los_Angeles" });
    expect(stdout).toContain("【テレワーク相談センター】\n  フリーダイヤル  [受付時間外]");
    expect(stdout).toContain("【東京テレワーク推進センター】\n  フリーダイヤル  [受付時間外]");
    expect(stdout.match(/本日は祝日（元日）のため、2020年3月時点の受付時間では受付時間外（次の受付は1月4日\(月\) 9:00から）/g)).toHaveLength(2);
    expect(stdout).not.toContain("年末年始の受付時間は出典に記載がありません");
  }, 30_000);
});

/** Every text of the status card a user gets for「今つながる？」about one resource, in reading order. */
function statusCard(catalog: Catalog, resourceId: string, at: string): string {
  const now = DateTime.fromISO(at, { zone: "Asia/Tokyo" });
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const { type, text, quickReply: _, ...rest } = node as Record<string, unknown>;
      if (type === "text" && typeof text === "string") texts.push(text);
      Object.values(rest).forEach(walk);
    }
  };
  walk(renderDecision({ kind: "openNow", resourceIds: [resourceId], contactIds: [] }, { catalog, now }));
  return texts.join("\n");
}

describe("hours as sources state them (issue 22)", () => {
  const kurashi = loadCatalog(path.join(root, "examples/kurashi-soudan"));
  const kit = loadCatalog(path.join(root, "test/fixtures/catalogs/hours-kit"));

  describe("a special period beside the regular hours (special)", () => {
    it("examples/kurashi-soudan: こどもの人権110番 keeps its number after the 強化週間 and uses the week's hours only in it", () => {
      expect(statusCard(kurashi, "kodomo-jinken", "2025-08-30T11:00")).toContain("受付中\n0120-007-110\n受付時間 平日8:30～17:15（2025年8月27日～9月2日の強化週間は平日8:30～19:00、土日10:00～17:00）\n年末年始（12月29日～1月3日）はお休みです\n本日17:00まで");
      expect(statusCard(kurashi, "kodomo-jinken", "2025-09-02T18:30")).toContain("本日19:00まで");
      expect(statusCard(kurashi, "kodomo-jinken", "2025-09-06T11:00")).toContain("受付時間外\n0120-007-110");
      expect(statusCard(kurashi, "kodomo-jinken", "2025-09-06T11:00")).toContain("次の受付は9月8日(月) 8:30から");
      expect(statusCard(kurashi, "josei-jinken", "2024-11-16T11:00")).toContain("本日17:00まで");
      expect(statusCard(kurashi, "josei-jinken", "2026-12-07T17:00")).toContain("受付中\n0570-070-810");
      expect(statusCard(kurashi, "josei-jinken", "2026-12-07T17:00")).not.toContain("受付終了");
    });

    it("test/fixtures/catalogs/hours-kit: a campaign week with evening and weekend hours, then the regular hours again", () => {
      expect(statusCard(kit, "campaign-line", "2026-12-02T19:00")).toContain("受付中\n03-0000-0002");
      expect(statusCard(kit, "campaign-line", "2026-12-02T19:00")).toContain("本日20:00まで");
      expect(statusCard(kit, "campaign-line", "2026-12-05T11:00")).toContain("本日16:00まで");
      expect(statusCard(kit, "campaign-line", "2026-12-08T17:30")).toContain("次の受付は12月9日(水) 9:00から");
      expect(statusCard(kit, "campaign-line", "2026-12-12T11:00")).toContain("次の受付は12月14日(月) 9:00から");
    });
  });

  describe("the day a line's hours were known to hold (asOf on a resource or its hours)", () => {
    it("examples/kurashi-soudan: こどもの人権110番's hours, from a page of 2025-08-25, say so once a year has passed; the others stay bare", () => {
      expect(statusCard(kurashi, "kodomo-jinken", "2026-03-16T10:00")).toContain("\n本日17:15まで");
      expect(statusCard(kurashi, "kodomo-jinken", "2026-12-07T10:00")).toContain("2025年8月時点の受付時間では受付中（本日17:15まで）");
      expect(statusCard(kurashi, "minna-jinken", "2026-12-07T10:00")).toContain("\n本日17:15まで");
      expect(statusCard(kurashi, "minna-jinken", "2026-12-07T10:00")).not.toContain("時点の受付時間では");
    });

    it("check:data warns about a resource whose sources are older than the review period and that states no asOf", () => {
      const withoutAsOf: Catalog = {
        ...kurashi,
        resources: kurashi.resources.map(({ asOf, ...resource }) => (resource.id === "kodomo-jinken" ? resource : { ...resource, ...(asOf ? { asOf } : {}) })),
      };
      const aboutAsOf = (catalog: Catalog) => catalogWarnings(catalog).filter((w) => w.includes(": asOf: "));
      expect(aboutAsOf(kurashi)).toEqual([]);
      expect(aboutAsOf(kit)).toEqual([]);
      expect(aboutAsOf(withoutAsOf)).toEqual([
        'examples/kurashi-soudan/resources/07-kodomo-jinken.yaml: resource "kodomo-jinken": asOf: 出典の日付 (2025-08-25) がカタログの asOf (2026-11-30) より 365 日以上前ですが、受付時間はカタログの asOf 時点のものとして表示されます。出典を確かめ直していなければ asOf: "2025-08-25" のように受付時間が分かっている日を書いてください（確かめ直したなら、その日を書いてください） (old sources and no asOf: the hours look current)',
      ]);
    });

    it("test/fixtures/catalogs/hours-kit: a line's own asOf and a resource's asOf each date its status", () => {
      expect(statusCard(kit, "old-line", "2026-12-01T10:00")).toContain("2015年4月時点の受付時間では受付中（本日17:00まで）");
      expect(statusCard(kit, "old-line", "2015-04-02T10:00")).toContain("\n本日17:00まで");
      expect(statusCard(kit, "old-resource", "2026-12-01T10:00")).toContain("2016年6月時点の受付時間では受付中（本日15:00まで）");
      expect(statusCard(kit, "campaign-line", "2026-12-01T10:00")).not.toContain("時点の受付時間では");
    });
  });

  describe("days without times, only some days' hours, and the catalog's words for what a source does not say", () => {
    it("test/fixtures/catalogs/hours-kit: 「原則、平日の日中」 is unknown on weekdays and closed on Saturday, with the next weekday", () => {
      expect(statusCard(kit, "daytime-desk", "2026-12-01T10:00")).toContain("受付時間不明\n03-0000-0001\n受付時間 原則、平日の日中（年末年始を除く）\n年末年始（12月29日～1月3日）はお休みです\n本日は受付日ですが、受付時間は案内ページに書かれていません");
      expect(statusCard(kit, "daytime-desk", "2026-12-05T10:00")).toContain("受付時間外\n03-0000-0001");
      expect(statusCard(kit, "daytime-desk", "2026-12-05T10:00")).toContain("次の受付は12月7日(月)（受付時間は案内ページに書かれていません）");
    });

    it("test/fixtures/catalogs/hours-kit: a line with weekend hours only is unknown on weekdays, not 受付時間外", () => {
      expect(statusCard(kit, "weekend-line", "2026-12-01T11:00")).toContain("受付時間不明\n03-0000-0003");
      expect(statusCard(kit, "weekend-line", "2026-12-01T11:00")).toContain("本日の受付時間は案内ページに書かれていません");
      expect(statusCard(kit, "weekend-line", "2026-12-06T16:30")).toContain("12月12日(土) 10:00から受付（それまでの日の受付時間は案内ページに書かれていません）");
      expect(statusCard(kit, "weekend-line", "2026-12-05T11:00")).toContain("受付中\n03-0000-0003");
    });

    it("test/fixtures/catalogs/hours-kit: a line with no hours says so in the catalog's words", () => {
      expect(statusCard(kit, "old-line", "2026-12-01T10:00")).toContain("予約専用\n受付時間不明\n03-0000-0005\n受付時間の案内はありません");
    });
  });

  describe("the published text after 「受付時間 」", () => {
    it("is shown once when the text itself opens with 受付時間", () => {
      const card = statusCard(kit, "old-line", "2026-12-01T10:00");
      expect(card).toContain("\n受付時間 9:00～17:00（平日）\n");
      expect(card).not.toContain("受付時間 受付時間");
    });
  });
});
