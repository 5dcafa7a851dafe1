import fc from "fast-check";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import type { Contact, Hours, PhoneContact, Resource } from "../src/catalog/schema.ts";
import { isBusinessDay, isJapaneseHoliday } from "../src/hours/holidays.ts";
import { lineOpening, resourceOpening, statusLabels, type LineOpening } from "../src/hours/opening.ts";

const tokyo = (iso: string) => DateTime.fromISO(iso, { zone: "Asia/Tokyo" });

const weekdaysNineToFive: Hours = {
  weekly: [{ days: "weekdays", open: "09:00", close: "17:00", onHolidays: false }],
  closed: [],
  text: "平日9:00～17:00",
};

function phone(fields: Partial<PhoneContact> & Pick<PhoneContact, "id" | "value">): PhoneContact {
  return { kind: "phone", label: "電話", tollFree: false, ...fields };
}

// From the release: テレワーク相談センター and テレワークマネージャー.
const freeDial = phone({ id: "center-free-dial", label: "フリーダイヤル", value: "0120-91-6479", tollFree: true, hours: weekdaysNineToFive });
const alternate = phone({ id: "center-alternate", label: "代替番号", value: "03-5577-4724", validUntil: "2020-05-31", hours: weekdaysNineToFive });
const manager = phone({ id: "manager", label: "テレワークマネージャー", value: "03-5213-4032" });

/** The parts of an answer a person sees, plus the instants as Tokyo ISO strings. */
function summary(opening: LineOpening) {
  return {
    status: opening.status,
    detail: opening.detail,
    closesAt: opening.closesAt?.setZone("Asia/Tokyo").toISO(),
    nextOpensAt: opening.nextOpensAt?.setZone("Asia/Tokyo").toISO(),
  };
}

function expectClosed(contact: PhoneContact, at: string, detail: string) {
  const opening = lineOpening(contact, tokyo(at));
  expect(opening.status).toBe("closed");
  expect(opening.label).toBe("受付時間外");
  expect(opening.detail).toBe(detail);
  expect(opening.closesAt).toBeUndefined();
  return opening;
}

function expectOpen(contact: PhoneContact, at: string, detail: string) {
  const opening = lineOpening(contact, tokyo(at));
  expect(opening.status).toBe("open");
  expect(opening.label).toBe("受付中");
  expect(opening.detail).toBe(detail);
  expect(opening.nextOpensAt).toBeUndefined();
  return opening;
}

describe("statusLabels", () => {
  it("names every status in Japanese", () => {
    expect(statusLabels).toEqual({ open: "受付中", closed: "受付時間外", unknown: "受付時間不明", ended: "受付終了" });
  });
});

describe("a weekday 9:00–17:00 line (テレワーク相談センター 0120-91-6479)", () => {
  it("is closed at 8:59 and opens at 9:00 the same day", () => {
    const opening = expectClosed(freeDial, "2026-11-24T08:59", "本日9:00から");
    expect(opening.nextOpensAt?.toISO()).toBe("2026-11-24T09:00:00.000+09:00");
  });

  it("is open from 9:00 until 17:00", () => {
    const opening = expectOpen(freeDial, "2026-11-24T09:00", "本日17:00まで");
    expect(opening.closesAt?.toISO()).toBe("2026-11-24T17:00:00.000+09:00");
    expectOpen(freeDial, "2026-11-24T16:59", "本日17:00まで");
  });

  it("is closed at 17:00 and names the next morning", () => {
    const opening = expectClosed(freeDial, "2026-11-24T17:00", "次の受付は11月25日(水) 9:00から");
    expect(opening.nextOpensAt?.toISO()).toBe("2026-11-25T09:00:00.000+09:00");
  });

  it("sends Friday evening, Saturday and Sunday to Monday", () => {
    expectClosed(freeDial, "2026-11-27T17:00", "次の受付は11月30日(月) 9:00から");
    expectClosed(freeDial, "2026-11-28T10:00", "次の受付は11月30日(月) 9:00から");
    expectClosed(freeDial, "2026-11-29T23:59", "次の受付は11月30日(月) 9:00から");
  });

  it("is closed on 勤労感謝の日 (Monday 2026-11-23) and opens on Tuesday", () => {
    const opening = expectClosed(freeDial, "2026-11-23T10:00", "次の受付は11月24日(火) 9:00から");
    expect(opening.nextOpensAt?.toISO()).toBe("2026-11-24T09:00:00.000+09:00");
    expectClosed(freeDial, "2026-11-21T10:00", "次の受付は11月24日(火) 9:00から");
  });

  it("is closed on the 振替休日 2026-05-06 (Wednesday) and open on 2026-05-07", () => {
    expectClosed(freeDial, "2026-05-06T10:00", "次の受付は5月7日(木) 9:00から");
    expectOpen(freeDial, "2026-05-07T10:00", "本日17:00まで");
  });

  it("skips the whole Golden Week after Friday 2026-05-01", () => {
    expectClosed(freeDial, "2026-05-01T17:30", "次の受付は5月7日(木) 9:00から");
  });

  it("is closed on the 国民の休日 2026-09-22 (Tuesday, between 敬老の日 and 秋分の日)", () => {
    expectClosed(freeDial, "2026-09-22T10:00", "次の受付は9月24日(木) 9:00から");
  });

  it("is closed on New Year's Day 2027 (Friday)", () => {
    expectClosed(freeDial, "2027-01-01T10:00", "次の受付は1月4日(月) 9:00から");
  });

  it("is closed on 成人の日 2026-01-12 (Monday)", () => {
    expectClosed(freeDial, "2026-01-12T10:00", "次の受付は1月13日(火) 9:00から");
  });
});

describe("a line with an end date (代替番号 03-5577-4724, until 2020-05-31)", () => {
  it("is open on Friday 2020-05-29 at 10:00", () => {
    expectOpen(alternate, "2020-05-29T10:00", "本日17:00まで");
  });

  it("has no opening left after its last Friday closes", () => {
    const opening = expectClosed(alternate, "2020-05-29T17:00", "今後の受付はありません（2020年5月31日で終了）");
    expect(opening.nextOpensAt).toBeUndefined();
    expectClosed(alternate, "2020-05-31T23:59", "今後の受付はありません（2020年5月31日で終了）");
  });

  it("has ended from 2020-06-01 in Japan, and still in 2026", () => {
    const ended = { status: "ended", label: "受付終了", detail: "2020年5月31日で受付を終了しました" };
    expect(lineOpening(alternate, tokyo("2020-06-01T10:00"))).toEqual(ended);
    expect(lineOpening(alternate, DateTime.fromISO("2020-05-31T15:00Z"))).toEqual(ended);
    expect(lineOpening(alternate, tokyo("2026-11-24T10:00"))).toEqual(ended);
  });

  it("says it ended even when it never published hours", () => {
    const retired = phone({ id: "retired", value: "03-1234-5678", validUntil: "2020-05-31" });
    expect(lineOpening(retired, tokyo("2026-11-24T10:00")).status).toBe("ended");
  });
});

describe("a line without published hours (テレワークマネージャー 03-5213-4032)", () => {
  const unknown = { status: "unknown", label: "受付時間不明", detail: "受付時間は公表されていません" };

  it("is unknown on a weekday morning", () => {
    expect(lineOpening(manager, tokyo("2026-11-24T10:00"))).toEqual(unknown);
  });

  it("is unknown on Sunday night", () => {
    expect(lineOpening(manager, tokyo("2026-11-29T23:00"))).toEqual(unknown);
  });
});

describe("closed periods", () => {
  const yearEnd = phone({
    id: "year-end",
    value: "03-1234-5678",
    hours: { ...weekdaysNineToFive, closed: [{ from: "2026-12-29", to: "2027-01-03", reason: "年末年始" }] },
  });

  it("is open on the working day before the closure", () => {
    expectOpen(yearEnd, "2026-12-28T10:00", "本日17:00まで");
  });

  it("skips every day of the closure, weekdays included", () => {
    expectClosed(yearEnd, "2026-12-28T17:00", "次の受付は1月4日(月) 9:00から");
    expectClosed(yearEnd, "2026-12-29T10:00", "次の受付は1月4日(月) 9:00から");
  });

  it("admits it does not know when a very long closure ends", () => {
    const suspended = phone({
      id: "suspended",
      value: "03-1234-5678",
      hours: { ...weekdaysNineToFive, closed: [{ from: "2026-01-01", to: "2030-12-31", reason: "休止" }] },
    });
    const opening = expectClosed(suspended, "2026-11-24T10:00", "再開の予定は公表されていません");
    expect(opening.nextOpensAt).toBeUndefined();
  });
});

describe("a line that starts in the future", () => {
  it("is closed before validFrom and opens on its first weekday", () => {
    const upcoming = phone({ id: "upcoming", value: "03-1234-5678", validFrom: "2026-12-01", hours: weekdaysNineToFive });
    const opening = expectClosed(upcoming, "2026-11-24T10:00", "次の受付は12月1日(火) 9:00から");
    expect(opening.nextOpensAt?.toISO()).toBe("2026-12-01T09:00:00.000+09:00");
    expectOpen(upcoming, "2026-12-01T09:00", "本日17:00まで");
  });

  it("finds an opening further away than the search window and shows its year", () => {
    const later = phone({ id: "later", value: "03-1234-5678", validFrom: "2028-04-01", hours: weekdaysNineToFive });
    expectClosed(later, "2026-11-24T10:00", "次の受付は2028年4月3日(月) 9:00から");
  });
});

describe("explicit day lists", () => {
  const monToSat = (onHolidays: boolean) =>
    phone({
      id: "mon-to-sat",
      value: "03-1234-5678",
      hours: {
        weekly: [{ days: ["mon", "tue", "wed", "thu", "fri", "sat"], open: "09:00", close: "20:00", onHolidays }],
        closed: [],
        text: "月～土9:00～20:00",
      },
    });

  it("opens on a holiday when onHolidays is true", () => {
    expectOpen(monToSat(true), "2026-11-23T10:00", "本日20:00まで");
  });

  it("stays closed on a holiday when onHolidays is false", () => {
    expectClosed(monToSat(false), "2026-11-23T10:00", "次の受付は11月24日(火) 9:00から");
  });

  it("opens on Saturday but not on Sunday", () => {
    expectOpen(monToSat(false), "2026-11-28T19:59", "本日20:00まで");
    expectClosed(monToSat(false), "2026-11-29T10:00", "次の受付は11月30日(月) 9:00から");
  });

  it("says 24:00 for a line that closes at midnight", () => {
    const evening = phone({
      id: "evening",
      value: "03-1234-5678",
      hours: { weekly: [{ days: ["sun"], open: "18:00", close: "24:00", onHolidays: true }], closed: [], text: "日曜18:00～24:00" },
    });
    const opening = expectOpen(evening, "2026-11-29T23:59", "本日24:00まで");
    expect(opening.closesAt?.toISO()).toBe("2026-11-30T00:00:00.000+09:00");
    expectClosed(evening, "2026-11-29T17:00", "本日18:00から");
    expectClosed(evening, "2026-11-30T00:00", "次の受付は12月6日(日) 18:00から");
  });

  it("handles a lunch break and merges back-to-back rules", () => {
    const split = phone({
      id: "split",
      value: "03-1234-5678",
      hours: {
        weekly: [
          { days: "weekdays", open: "09:00", close: "12:00", onHolidays: false },
          { days: "weekdays", open: "13:00", close: "15:00", onHolidays: false },
          { days: "weekdays", open: "15:00", close: "17:00", onHolidays: false },
        ],
        closed: [],
        text: "平日9:00～12:00、13:00～17:00",
      },
    });
    expectOpen(split, "2026-11-24T10:00", "本日12:00まで");
    expectClosed(split, "2026-11-24T12:30", "本日13:00から");
    expectOpen(split, "2026-11-24T13:30", "本日17:00まで");
  });
});

describe("resourceOpening", () => {
  const email: Contact = { kind: "email", id: "mail", label: "メール", value: "info@example.jp" };
  const resourceWith = (contacts: Contact[]): Resource => ({
    id: "telework-center",
    name: "テレワーク相談センター",
    officialName: "テレワーク相談センター",
    organization: "厚生労働省",
    category: "consultation",
    summary: "テレワークの導入について無料で相談できます。",
    target: "中小企業",
    links: [{ label: "公式サイト", url: "https://example.jp/" }],
    contacts,
    inquiries: [],
    aliases: [],
    readings: [],
    keywords: ["テレワーク"],
    topics: [],
    source: { title: "報道発表資料", date: "2020-04-01" },
    dataNotes: [],
  });
  const weekdayMorning = tokyo("2026-11-24T10:00");
  const weekdayEvening = tokyo("2026-11-24T18:00");

  it("is open when any line is open", () => {
    expect(resourceOpening(resourceWith([alternate, manager, freeDial]), weekdayMorning)).toEqual({ status: "open", label: "受付中" });
  });

  it("prefers closed over unknown and ended", () => {
    expect(resourceOpening(resourceWith([alternate, manager, freeDial]), weekdayEvening)).toEqual({ status: "closed", label: "受付時間外" });
  });

  it("prefers unknown over ended", () => {
    expect(resourceOpening(resourceWith([alternate, manager]), weekdayMorning)).toEqual({ status: "unknown", label: "受付時間不明" });
  });

  it("is ended only when every line has ended", () => {
    expect(resourceOpening(resourceWith([alternate, email]), weekdayMorning)).toEqual({ status: "ended", label: "受付終了" });
  });

  it("is null without a phone line", () => {
    expect(resourceOpening(resourceWith([email]), weekdayMorning)).toBeNull();
    expect(resourceOpening(resourceWith([]), weekdayMorning)).toBeNull();
  });
});

describe("isJapaneseHoliday and isBusinessDay", () => {
  it("knows national holidays, 振替休日 and 国民の休日", () => {
    expect(isJapaneseHoliday(tokyo("2026-11-23T12:00"))).toBe(true);
    expect(isJapaneseHoliday(tokyo("2026-05-06T12:00"))).toBe(true);
    expect(isJapaneseHoliday(tokyo("2026-09-22T12:00"))).toBe(true);
    expect(isJapaneseHoliday(tokyo("2026-11-24T12:00"))).toBe(false);
    expect(isJapaneseHoliday(tokyo("2026-12-31T12:00"))).toBe(false);
  });

  it("counts only non-holiday Monday to Friday as business days", () => {
    expect(isBusinessDay(tokyo("2026-11-24T12:00"))).toBe(true);
    expect(isBusinessDay(tokyo("2026-11-23T12:00"))).toBe(false);
    expect(isBusinessDay(tokyo("2026-11-28T12:00"))).toBe(false);
    expect(isBusinessDay(tokyo("2026-11-29T12:00"))).toBe(false);
  });

  it("judges by the Japan date, not the date in the instant's own zone", () => {
    // 2026-11-23 20:00 in Los Angeles is already Tuesday 24th in Tokyo.
    const laEvening = DateTime.fromISO("2026-11-23T20:00", { zone: "America/Los_Angeles" });
    expect(isJapaneseHoliday(laEvening)).toBe(false);
    expect(isBusinessDay(laEvening)).toBe(true);
  });
});

describe("independence from the server's time zone", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  // Instants chosen so that the UTC or Los Angeles date differs from the Tokyo date.
  const instants = [
    "2026-11-23T08:00:00+09:00", // 勤労感謝の日 in Tokyo, Sunday 22nd in UTC and LA
    "2026-11-24T10:00:00+09:00", // Tuesday in Tokyo, the holiday Monday in LA
    "2026-11-24T08:30:00+09:00",
    "2026-11-27T17:00:00+09:00",
    "2026-05-07T09:00:00+09:00",
    "2020-06-01T00:00:00+09:00", // the alternate number's first ended minute
  ];
  const timeZones = ["Asia/Tokyo", "UTC", "America/Los_Angeles"];

  function answersUnder(timeZone: string) {
    process.env.TZ = timeZone;
    return instants.map((iso) => {
      // A DateTime in the host's zone, as a server would build from its clock.
      const now = DateTime.fromMillis(Date.parse(iso));
      return {
        freeDial: summary(lineOpening(freeDial, now)),
        alternate: summary(lineOpening(alternate, now)),
        holiday: isJapaneseHoliday(now),
        businessDay: isBusinessDay(now),
      };
    });
  }

  it("really switches the host zone during the test", () => {
    const instant = Date.parse("2026-11-24T10:00:00+09:00");
    process.env.TZ = "America/Los_Angeles";
    expect(new Date(instant).getDate()).toBe(23);
    process.env.TZ = "Asia/Tokyo";
    expect(new Date(instant).getDate()).toBe(24);
  });

  it("gives the same answers in Asia/Tokyo, UTC and America/Los_Angeles", () => {
    const [inTokyo, ...others] = timeZones.map(answersUnder);
    expect(inTokyo?.map((answer) => [answer.freeDial.detail, answer.holiday, answer.businessDay])).toEqual([
      ["次の受付は11月24日(火) 9:00から", true, false],
      ["本日17:00まで", false, true],
      ["本日9:00から", false, true],
      ["次の受付は11月30日(月) 9:00から", false, true],
      ["本日17:00まで", false, true],
      ["本日9:00から", false, true],
    ]);
    expect(inTokyo?.[5]?.alternate.status).toBe("ended");
    for (const answers of others) expect(answers).toEqual(inTokyo);
  });
});

describe("properties of any instant for the weekday line", () => {
  const minute = { minutes: 1 };
  const anyInstant = fc
    .integer({ min: Date.parse("2020-01-01T00:00:00Z"), max: Date.parse("2030-12-31T00:00:00Z") })
    .map((ms) => DateTime.fromMillis(ms, { zone: "UTC" }).startOf("minute"));

  it("an open line closes later and is closed at that moment", () => {
    fc.assert(
      fc.property(anyInstant, (now) => {
        const opening = lineOpening(freeDial, now);
        if (opening.status !== "open") return;
        expect(opening.closesAt !== undefined && opening.closesAt > now).toBe(true);
        if (opening.closesAt) expect(lineOpening(freeDial, opening.closesAt).status).toBe("closed");
      }),
      { numRuns: 300 },
    );
  });

  it("a closed line's next opening is open, and the minute before it is not", () => {
    fc.assert(
      fc.property(anyInstant, (now) => {
        const opening = lineOpening(freeDial, now);
        expect(opening.status).not.toBe("unknown");
        if (opening.status !== "closed") return;
        const opensAt = opening.nextOpensAt;
        expect(opensAt !== undefined && opensAt > now).toBe(true);
        if (!opensAt) return;
        expect(lineOpening(freeDial, opensAt).status).toBe("open");
        expect(lineOpening(freeDial, opensAt.minus(minute)).status).toBe("closed");
        expect(isBusinessDay(opensAt)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
