// The hours of the lines in the catalogs the repository ships, at fixed instants, as the cards state them.
import { execFile } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

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
