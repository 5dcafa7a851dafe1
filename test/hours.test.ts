import fc from "fast-check";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { type Hours, type HoursRule, type PhoneContact, hoursSchema } from "../src/catalog/schema.ts";
import { isBusinessDay, isJapaneseHoliday, japanDateKey } from "../src/hours/holidays.ts";
import { lineOpening, statusLabels, type LineOpening } from "../src/hours/opening.ts";
import { lineStatusText } from "../src/reply/copy.ts";

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
    detail: lineStatusText(opening),
    closesAt: opening.closesAt?.setZone("Asia/Tokyo").toISO(),
    nextOpensAt: opening.nextOpensAt?.setZone("Asia/Tokyo").toISO(),
  };
}

function expectClosed(contact: PhoneContact, at: string, detail: string) {
  const opening = lineOpening(contact, tokyo(at));
  expect(opening.status).toBe("closed");
  expect(opening.label).toBe("受付時間外");
  // What the card says next to the badge.
  expect(lineStatusText(opening)).toBe(detail);
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
    expect(statusLabels).toEqual({ open: "受付中", closed: "受付時間外", unknown: "受付時間不明", ended: "受付終了", notStarted: "受付開始前" });
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

  it("is closed on 勤労感謝の日 (Monday 2026-11-23), says why, and opens on Tuesday", () => {
    const opening = expectClosed(freeDial, "2026-11-23T10:00", "本日は祝日（勤労感謝の日）のため受付時間外です。次の受付は11月24日(火) 9:00から");
    expect(opening.nextOpensAt?.toISO()).toBe("2026-11-24T09:00:00.000+09:00");
    expectClosed(freeDial, "2026-11-21T10:00", "次の受付は11月24日(火) 9:00から");
  });

  it("is closed on the 振替休日 2026-05-06 (Wednesday) and open on 2026-05-07", () => {
    expectClosed(freeDial, "2026-05-06T10:00", "本日は祝日（こどもの日の振替休日）のため受付時間外です。次の受付は5月7日(木) 9:00から");
    expectOpen(freeDial, "2026-05-07T10:00", "本日17:00まで");
  });

  it("skips the whole Golden Week after Friday 2026-05-01", () => {
    expectClosed(freeDial, "2026-05-01T17:30", "次の受付は5月7日(木) 9:00から");
  });

  it("is closed on the 国民の休日 2026-09-22 (Tuesday, between 敬老の日 and 秋分の日)", () => {
    expectClosed(freeDial, "2026-09-22T10:00", "本日は祝日（国民の休日）のため受付時間外です。次の受付は9月24日(木) 9:00から");
  });

  it("is closed on New Year's Day 2027, a national holiday, though the source is silent about 年末年始", () => {
    const opening = expectClosed(freeDial, "2027-01-01T10:00", "本日は祝日（元日）のため受付時間外です。次の受付は1月4日(月) 9:00から");
    expect(opening.nextOpensAt?.toISO()).toBe("2027-01-04T09:00:00.000+09:00");
  });

  it("does not claim an hour on a weekday of 年末年始, the source being silent about it", () => {
    expect(lineOpening(freeDial, tokyo("2026-12-30T10:00"))).toEqual({ status: "unknown", label: "受付時間不明", detail: "年末年始の受付時間は出典に記載がありません" });
  });

  it("is closed on 成人の日 2026-01-12 (Monday)", () => {
    expectClosed(freeDial, "2026-01-12T10:00", "本日は祝日（成人の日）のため受付時間外です。次の受付は1月13日(火) 9:00から");
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
    expectClosed(monToSat(false), "2026-11-23T10:00", "本日は祝日（勤労感謝の日）のため受付時間外です。次の受付は11月24日(火) 9:00から");
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
      ["本日は祝日（勤労感謝の日）のため受付時間外です。次の受付は11月24日(火) 9:00から", true, false],
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
        // The source is silent about 年末年始: the status is unknown on its business days, and only then.
        const monthDay = japanDateKey(now).slice(5);
        expect(opening.status === "unknown").toBe((monthDay >= "12-29" || monthDay <= "01-03") && isBusinessDay(now));
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

// The patterns public notices of Japanese help lines use (issue 9), each at fixed instants.
const rule = (days: HoursRule["days"], open: string, close: string): HoursRule => ({ days, open, close, onHolidays: false });
const line = (hours: Partial<Hours> & Pick<Hours, "text">): PhoneContact => phone({ id: "line", value: "03-1234-5678", hours: { closed: [], ...hours } });
const unknownOpening = (detail: string) => ({ status: "unknown", label: "受付時間不明", detail });

describe("every day including Saturdays, Sundays and holidays (土日祝日も受付)", () => {
  const everyday = line({ text: "毎日9:00～21:00（土日祝日も受付）", weekly: [rule("everyday", "09:00", "21:00")], yearEnd: "open" });

  it("is open on a Sunday, on 勤労感謝の日 and on a 振替休日", () => {
    expectOpen(everyday, "2026-11-29T10:00", "本日21:00まで");
    expectOpen(everyday, "2026-11-23T10:00", "本日21:00まで");
    expectOpen(everyday, "2025-11-24T20:59", "本日21:00まで");
  });

  it("is closed at night and opens the next morning", () => {
    expectClosed(everyday, "2026-11-28T21:00", "次の受付は11月29日(日) 9:00から");
    expectClosed(everyday, "2026-11-29T06:00", "本日9:00から");
  });

  it("stays open over the new year when the source says so (yearEnd: open)", () => {
    expectOpen(everyday, "2027-01-01T10:00", "本日21:00まで");
    expectOpen(everyday, "2026-12-31T10:00", "本日21:00まで");
  });
});

describe("closed over the new year, on days the source does not give (yearEnd: closed)", () => {
  const weekdays = line({ text: "平日9:00～21:00（年末年始を除く）", weekly: [rule("weekdays", "09:00", "21:00")], yearEnd: "closed" });

  it("claims neither open nor closed from 12-29 to 01-03, and says the source gives no dates", () => {
    expect(lineOpening(weekdays, tokyo("2026-12-29T10:00"))).toEqual(unknownOpening("本日が年末年始の休みに当たるかは出典に記載がありません"));
    expect(lineOpening(weekdays, tokyo("2028-01-03T10:00"))).toEqual(unknownOpening("本日が年末年始の休みに当たるかは出典に記載がありません"));
  });

  it("is closed on the days of the new-year window that its days leave out, naming the holiday or the weekday", () => {
    expectClosed(weekdays, "2027-01-01T10:00", "本日は祝日（元日）のため受付時間外です。次の受付は1月4日(月) 9:00から");
    expectClosed(weekdays, "2027-01-03T10:00", "本日は日曜日のため受付時間外です。次の受付は1月4日(月) 9:00から");
    // 2028-01-03 is a Monday inside the window: the next opening after 元日 is told with the caveat.
    expectClosed(weekdays, "2028-01-01T10:00", "本日は祝日（元日）のため受付時間外です。1月4日(火) 9:00から受付（年末年始の休みの日付は出典に記載がありません）");
  });

  it("keeps its weekly hours before and after, pointing past the new year", () => {
    expectOpen(weekdays, "2026-12-28T10:00", "本日21:00まで");
    expectClosed(weekdays, "2026-12-28T21:00", "1月4日(月) 9:00から受付（年末年始の休みの日付は出典に記載がありません）");
    expectOpen(weekdays, "2027-01-04T10:00", "本日21:00まで");
  });

  it("is accepted by check:data when the text says 年末年始", () => {
    expect(hoursSchema.safeParse(weekdays.hours).success).toBe(true);
  });
});

describe("Saturdays, Sundays and holidays only (土日祝日のみ)", () => {
  const weekends = line({ text: "土日祝日10:00～16:00", weekly: [rule("weekends", "10:00", "16:00")], yearEnd: "open" });

  it("is open on Saturday, Sunday and a Monday holiday, including 振替休日", () => {
    expectOpen(weekends, "2026-11-28T10:00", "本日16:00まで");
    expectOpen(weekends, "2026-11-23T15:59", "本日16:00まで");
    expectOpen(weekends, "2025-11-24T10:00", "本日16:00まで");
    expectOpen(weekends, "2026-05-06T10:00", "本日16:00まで");
  });

  it("sends a weekday to the coming Saturday, and the day before a holiday to the holiday", () => {
    expectClosed(weekends, "2026-11-24T10:00", "次の受付は11月28日(土) 10:00から");
    expectClosed(weekends, "2026-11-20T12:00", "次の受付は11月21日(土) 10:00から");
    expectClosed(weekends, "2026-11-22T16:00", "次の受付は11月23日(月) 10:00から");
  });

  it("follows スポーツの日 where it moved: Friday 2021-07-23 is open, Monday 2021-10-11 is not", () => {
    expectOpen(weekends, "2021-07-23T10:00", "本日16:00まで");
    expectOpen(weekends, "2020-07-24T10:00", "本日16:00まで");
    expectClosed(weekends, "2021-10-11T10:00", "次の受付は10月16日(土) 10:00から");
  });
});

describe("different hours on weekends and holidays than on weekdays", () => {
  const both = line({
    text: "平日9:00～20:00、土日祝日10:00～17:00",
    weekly: [rule("weekdays", "09:00", "20:00"), rule("weekends", "10:00", "17:00")],
    yearEnd: "open",
  });

  it("uses the weekday hours on a weekday", () => {
    expectOpen(both, "2026-11-24T19:00", "本日20:00まで");
    expectClosed(both, "2026-11-24T20:00", "次の受付は11月25日(水) 9:00から");
  });

  it("uses the weekend hours on Saturday, Sunday and a holiday", () => {
    expectClosed(both, "2026-11-28T09:30", "本日10:00から");
    expectOpen(both, "2026-11-29T16:59", "本日17:00まで");
    expectClosed(both, "2026-11-23T19:00", "次の受付は11月24日(火) 9:00から");
    expectClosed(both, "2025-11-24T09:30", "本日10:00から");
  });

  it("weekdays uses weekend hours on スポーツの日 2021-07-23 and weekday hours on 2021-10-11", () => {
    expectClosed(both, "2021-07-23T09:30", "本日10:00から");
    expectOpen(both, "2021-10-11T09:30", "本日20:00まで");
  });
});

describe("day lists naming holiday", () => {
  it("opens on every national holiday with `holiday`, whatever its weekday", () => {
    const mondaysAndHolidays = line({ text: "月曜・祝日13:00～16:00", weekly: [rule(["mon", "holiday"], "13:00", "16:00")], yearEnd: "open" });
    expectOpen(mondaysAndHolidays, "2026-05-06T13:00", "本日16:00まで");
    expectOpen(mondaysAndHolidays, "2026-11-30T13:00", "本日16:00まで");
    expectClosed(mondaysAndHolidays, "2026-11-24T13:00", "次の受付は11月30日(月) 13:00から");
  });

  it("leaves a listed weekday that is a holiday closed without `holiday`, and says why", () => {
    const mondays = line({ text: "月曜13:00～16:00", weekly: [rule(["mon"], "13:00", "16:00")], yearEnd: "open" });
    expectClosed(mondays, "2025-11-24T13:00", "本日は祝日（勤労感謝の日の振替休日）のため受付時間外です。次の受付は12月1日(月) 13:00から");
  });
});

describe("lines open 24 hours", () => {
  it("says 24時間受付 for a line open round the clock", () => {
    const always = line({ text: "24時間365日", weekly: [rule("everyday", "00:00", "24:00")], yearEnd: "open" });
    const opening = expectOpen(always, "2026-11-23T03:00", "24時間受付");
    expect(opening.closesAt).toBeUndefined();
    expectOpen(always, "2027-01-01T00:00", "24時間受付");
  });

  it("runs a weekend 24-hour line from Saturday 0:00 to Sunday 24:00", () => {
    const weekend = line({ text: "土日24時間", weekly: [rule(["sat", "sun"], "00:00", "24:00")], yearEnd: "open" });
    const opening = expectOpen(weekend, "2026-11-28T10:00", "11月29日(日) 24:00まで");
    expect(opening.closesAt?.toISO()).toBe("2026-11-30T00:00:00.000+09:00");
    expectClosed(weekend, "2026-11-30T00:00", "次の受付は12月5日(土) 0:00から");
  });

  it("does not run on into 年末年始 when the source is silent about it", () => {
    const always = line({ text: "24時間365日", weekly: [rule("everyday", "00:00", "24:00")] });
    expectOpen(always, "2026-12-28T23:00", "本日24:00まで");
    expect(lineOpening(always, tokyo("2026-12-29T00:00"))).toEqual(unknownOpening("年末年始の受付時間は出典に記載がありません"));
    expectOpen(always, "2027-01-04T00:00", "24時間受付");
  });
});

describe("年末年始 (yearEnd)", () => {
  const closedOverNewYear = line({ text: "平日9:00～17:00", weekly: [rule("weekdays", "09:00", "17:00")], yearEnd: { closed: { from: "12-29", to: "01-03" } } });
  const openOverNewYear = line({ text: "平日9:00～17:00", weekly: [rule("weekdays", "09:00", "17:00")], yearEnd: "open" });
  const silent = line({ text: "平日9:00～17:00", weekly: [rule("weekdays", "09:00", "17:00")] });

  it("with a closure, is closed from 12-29 to 01-03 each year, weekdays included, and says why", () => {
    expectOpen(closedOverNewYear, "2026-12-28T10:00", "本日17:00まで");
    expectClosed(closedOverNewYear, "2026-12-28T17:00", "次の受付は1月4日(月) 9:00から");
    expectClosed(closedOverNewYear, "2026-12-30T10:00", "年末年始のため受付時間外です。次の受付は1月4日(月) 9:00から");
    expectClosed(closedOverNewYear, "2028-01-03T10:00", "年末年始のため受付時間外です。次の受付は1月4日(火) 9:00から");
    expectOpen(closedOverNewYear, "2027-01-04T09:00", "本日17:00まで");
  });

  it("with yearEnd: open, keeps the weekly hours and only national holidays close it", () => {
    expectOpen(openOverNewYear, "2026-12-29T10:00", "本日17:00まで");
    expectOpen(openOverNewYear, "2026-12-31T10:00", "本日17:00まで");
    expectClosed(openOverNewYear, "2027-01-01T10:00", "本日は祝日（元日）のため受付時間外です。次の受付は1月4日(月) 9:00から");
  });

  it("without yearEnd, claims nothing from 12-29 to 01-03 and says the source is silent", () => {
    for (const at of ["2026-12-29T00:00", "2026-12-29T10:00", "2026-12-31T23:59", "2028-01-03T12:00"]) {
      expect(lineOpening(silent, tokyo(at))).toEqual(unknownOpening("年末年始の受付時間は出典に記載がありません"));
    }
    const before = expectClosed(silent, "2026-12-28T17:00", "1月4日(月) 9:00から受付（年末年始の受付時間は出典に記載がありません）");
    expect(before.nextOpensAt?.toISO()).toBe("2027-01-04T09:00:00.000+09:00");
    expectClosed(silent, "2027-01-04T08:00", "本日9:00から");
  });

  it("a closure may end in the same year", () => {
    const lateDecember = line({ text: "毎日10:00～18:00", weekly: [rule("everyday", "10:00", "18:00")], yearEnd: { closed: { from: "12-30", to: "12-31" } } });
    expectOpen(lateDecember, "2027-01-01T10:00", "本日18:00まで");
    expectClosed(lateDecember, "2026-12-30T10:00", "年末年始のため受付時間外です。次の受付は1月1日(金) 10:00から");
  });
});

describe("hours that change by period on the same number", () => {
  // The spec's example: every day until 2020-04-30, then Sunday to Friday.
  const periods = line({
    text: "2020年4月30日まで毎日9:00～21:00、5月1日から日曜～金曜9:00～17:00",
    periods: [
      { from: "2020-03-01", until: "2020-04-30", weekly: [rule("everyday", "09:00", "21:00")] },
      { from: "2020-05-01", until: "2020-06-30", weekly: [rule(["sun", "mon", "tue", "wed", "thu", "fri"], "09:00", "17:00")] },
    ],
  });

  it("is 受付開始前 before the first period, with its start date", () => {
    const opening = lineOpening(periods, tokyo("2020-02-20T10:00"));
    expect(opening).toMatchObject({ status: "notStarted", label: "受付開始前", detail: "2020年3月1日(日)から受付開始" });
    expect(opening.nextOpensAt?.toISO()).toBe("2020-03-01T09:00:00.000+09:00");
  });

  it("uses the first period's hours, holidays included", () => {
    expectOpen(periods, "2020-03-01T09:00", "本日21:00まで");
    expectOpen(periods, "2020-04-29T20:00", "本日21:00まで");
  });

  it("moves to the second period's hours on its first day", () => {
    expectClosed(periods, "2020-04-30T21:00", "次の受付は5月1日(金) 9:00から");
    expectOpen(periods, "2020-05-01T16:59", "本日17:00まで");
    expectClosed(periods, "2020-05-01T17:00", "次の受付は5月7日(木) 9:00から");
  });

  it("skips the Golden Week holidays of 2020, 振替休日 included, in the second period", () => {
    expectClosed(periods, "2020-05-03T10:00", "本日は祝日（憲法記念日）のため受付時間外です。次の受付は5月7日(木) 9:00から");
    expectClosed(periods, "2020-05-06T10:00", "本日は祝日（憲法記念日の振替休日）のため受付時間外です。次の受付は5月7日(木) 9:00から");
    expectClosed(periods, "2020-05-09T10:00", "次の受付は5月10日(日) 9:00から");
  });

  it("says no opening is left on the last day, then 受付終了", () => {
    expectClosed(periods, "2020-06-30T17:00", "今後の受付はありません（2020年6月30日で終了）");
    expect(lineOpening(periods, tokyo("2020-07-01T10:00"))).toEqual({ status: "ended", label: "受付終了", detail: "2020年6月30日で受付を終了しました" });
  });

  it("is closed between two periods and names the next period's first opening", () => {
    const withGap = line({
      text: "3月と5月以降の平日9:00～17:00",
      periods: [
        { from: "2020-05-01", weekly: [rule("weekdays", "09:00", "17:00")] },
        { from: "2020-03-01", until: "2020-03-31", weekly: [rule("weekdays", "09:00", "17:00")] },
      ],
      yearEnd: "open",
    });
    const opening = expectClosed(withGap, "2020-04-10T10:00", "次の受付は5月1日(金) 9:00から");
    expect(opening.nextOpensAt?.toISO()).toBe("2020-05-01T09:00:00.000+09:00");
    expectClosed(withGap, "2020-03-31T17:00", "次の受付は5月1日(金) 9:00から");
    expectOpen(withGap, "2026-11-24T10:00", "本日17:00まで");
  });
});

describe("times with no days stated", () => {
  const unstated = line({ text: "10:00～12:00、13:00～16:00（曜日の記載なし）", weekly: [rule("unstated", "10:00", "12:00"), rule("unstated", "13:00", "16:00")], yearEnd: "open" });

  it("is unknown at any hour, with the stated times", () => {
    for (const at of ["2026-11-24T11:00", "2026-11-23T11:00", "2026-11-29T23:00"]) {
      expect(lineOpening(unstated, tokyo(at))).toEqual(unknownOpening("受付曜日は出典に記載がありません（受付時間は10:00～12:00、13:00～16:00）"));
    }
  });
});

describe("the patterns in Asia/Tokyo, UTC and America/Los_Angeles", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  const weekends = line({ text: "土日祝日10:00～16:00", weekly: [rule("weekends", "10:00", "16:00")], yearEnd: "open" });
  const silent = line({ text: "平日9:00～17:00", weekly: [rule("weekdays", "09:00", "17:00")] });
  const periods = line({ text: "5月1日から平日", periods: [{ from: "2020-05-01", weekly: [rule("weekdays", "09:00", "17:00")] }] });
  // Each instant falls on another date in UTC or Los Angeles than in Tokyo.
  const cases = [
    { contact: freeDial, at: "2025-11-24T08:00:00+09:00", detail: "本日は祝日（勤労感謝の日の振替休日）のため受付時間外です。次の受付は11月25日(火) 9:00から" },
    { contact: weekends, at: "2026-05-06T08:30:00+09:00", detail: "本日10:00から" },
    { contact: weekends, at: "2026-05-07T08:30:00+09:00", detail: "次の受付は5月9日(土) 10:00から" },
    { contact: silent, at: "2026-12-29T08:00:00+09:00", detail: "年末年始の受付時間は出典に記載がありません" },
    { contact: silent, at: "2027-01-04T08:00:00+09:00", detail: "本日9:00から" },
    { contact: periods, at: "2020-05-01T08:00:00+09:00", detail: "本日9:00から" },
    { contact: periods, at: "2020-04-30T23:00:00+09:00", detail: "2020年5月1日(金)から受付開始" },
  ];

  it.each(["Asia/Tokyo", "UTC", "America/Los_Angeles"])("gives the Tokyo answers under TZ=%s", (timeZone) => {
    process.env.TZ = timeZone;
    const details = cases.map(({ contact, at }) => lineStatusText(lineOpening(contact, DateTime.fromMillis(Date.parse(at)))));
    expect(details).toEqual(cases.map((c) => c.detail));
  });
});

describe("days stated without times (「原則、平日の日中」)", () => {
  const daytime = line({ text: "原則、平日の日中", weekly: [{ days: "weekdays", onHolidays: false }], yearEnd: "open" });

  it("is unknown on a day it opens, saying the times are not in the source", () => {
    expect(lineOpening(daytime, tokyo("2026-11-24T10:00"))).toEqual(unknownOpening("本日は受付日ですが、受付時間は出典に記載がありません"));
    expect(lineOpening(daytime, tokyo("2026-11-24T23:00"))).toEqual(unknownOpening("本日は受付日ですが、受付時間は出典に記載がありません"));
  });

  it("is closed on the days the source leaves out, and names the next day it opens", () => {
    const saturday = expectClosed(daytime, "2026-11-28T10:00", "次の受付は11月30日(月)（受付時間は出典に記載がありません）");
    expect(saturday.nextOpensAt).toBeUndefined();
    expectClosed(daytime, "2026-11-23T10:00", "本日は祝日（勤労感謝の日）のため受付時間外です。次の受付は11月24日(火)（受付時間は出典に記載がありません）");
  });

  it("can sit beside rules with times on other days", () => {
    const mixed = line({ text: "平日9:00～17:00、土曜（時間の記載なし）", weekly: [rule("weekdays", "09:00", "17:00"), { days: ["sat"], onHolidays: false }], yearEnd: "open" });
    expectOpen(mixed, "2026-11-27T16:00", "本日17:00まで");
    expectClosed(mixed, "2026-11-27T17:00", "次の受付は11月28日(土)（受付時間は出典に記載がありません）");
    expect(lineOpening(mixed, tokyo("2026-11-28T10:00")).status).toBe("unknown");
    expectClosed(mixed, "2026-11-29T10:00", "次の受付は11月30日(月) 9:00から");
  });

  it("is refused by check:data when only one of open and close is given, or when a day has both kinds of rule", () => {
    const messages = (hours: unknown) => (hoursSchema.safeParse(hours).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages({ text: "平日", weekly: [{ days: "weekdays", open: "09:00" }] })).toEqual([
      "weekly.0.close: open と close は両方書いてください（時刻の記載がなく曜日だけ分かるときは、両方とも省きます） (open and close go together)",
    ]);
    expect(messages({ text: "?", weekly: [{ days: "unstated" }] })).toEqual([
      "weekly.0.open: days: unstated には open と close が要ります（曜日も時刻も記載がなければ、hours を書かないでください） (unstated days need times)",
    ]);
    expect(messages({ text: "平日", weekly: [{ days: "weekdays", open: "09:00", close: "17:00" }, { days: ["fri", "sat"] }] })).toEqual([
      "weekly: 時刻のある規則と時刻のない規則が同じ日（金曜）に当たっています。一つの日に当たる規則は、どちらか一方にしてください (a day has rules with and without times)",
    ]);
    expect(messages({ text: "平日", weekly: [{ days: "weekdays" }, { days: ["sat", "holiday"], open: "10:00", close: "12:00" }] })).toEqual([]);
  });
});

describe("a special period beside the regular hours (強化週間)", () => {
  // The regular hours hold before and after; the week has hours of its own, weekends included.
  const campaign = line({
    text: "平日8:30～17:15（強化週間の2025年8月27日～9月2日は平日8:30～19:00、土日10:00～17:00）",
    weekly: [rule("weekdays", "08:30", "17:15")],
    special: [{ from: "2025-08-27", until: "2025-09-02", weekly: [rule("weekdays", "08:30", "19:00"), rule(["sat", "sun"], "10:00", "17:00")] }],
    yearEnd: { closed: { from: "12-29", to: "01-03" } },
  });

  it("uses the regular hours before the period", () => {
    expectOpen(campaign, "2025-08-26T17:00", "本日17:15まで");
    expectClosed(campaign, "2025-08-26T17:15", "次の受付は8月27日(水) 8:30から");
  });

  it("uses the period's hours on its days, weekends included", () => {
    expectOpen(campaign, "2025-08-27T18:00", "本日19:00まで");
    expectClosed(campaign, "2025-08-29T19:00", "次の受付は8月30日(土) 10:00から");
    expectOpen(campaign, "2025-08-31T16:00", "本日17:00まで");
  });

  it("returns to the regular hours after the period, and the number never ends", () => {
    expectClosed(campaign, "2025-09-02T19:00", "次の受付は9月3日(水) 8:30から");
    expectClosed(campaign, "2025-09-06T10:00", "次の受付は9月8日(月) 8:30から");
    expectOpen(campaign, "2026-11-24T17:00", "本日17:15まで");
  });

  it("keeps the regular hours on the days the period's rules do not name", () => {
    const weekendsToo = line({
      text: "平日9:00～17:00（11月の土曜は10:00～12:00も）",
      weekly: [rule("weekdays", "09:00", "17:00")],
      special: [{ from: "2026-11-01", until: "2026-11-30", weekly: [rule(["sat"], "10:00", "12:00")] }],
      yearEnd: "open",
    });
    expectOpen(weekendsToo, "2026-11-24T16:00", "本日17:00まで");
    expectOpen(weekendsToo, "2026-11-28T11:00", "本日12:00まで");
    expectClosed(weekendsToo, "2026-12-05T11:00", "次の受付は12月7日(月) 9:00から");
  });

  it("states its hours over 年末年始 even when the regular hours are silent about it", () => {
    const newYear = line({
      text: "平日9:00～17:00（年末年始特別相談 12月29日～1月3日 10:00～16:00）",
      weekly: [rule("weekdays", "09:00", "17:00")],
      special: [{ from: "2026-12-29", until: "2027-01-03", weekly: [rule("everyday", "10:00", "16:00")] }],
      yearEnd: "open",
    });
    expectOpen(newYear, "2027-01-01T10:00", "本日16:00まで");
    expectOpen(newYear, "2026-12-29T15:00", "本日16:00まで");
  });

  it("is refused by check:data when two special periods overlap or one ends before it starts", () => {
    const messages = (hours: unknown) => (hoursSchema.safeParse(hours).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
    const week = [rule("weekdays", "09:00", "17:00")];
    expect(
      messages({ text: "平日", weekly: week, special: [{ from: "2026-11-01", until: "2026-11-10", weekly: week }, { from: "2026-11-10", until: "2026-11-20", weekly: week }] }),
    ).toEqual(["special.1: special[0] (2026-11-01～2026-11-10) と special[1] (2026-11-10～2026-11-20) の期間が重なっています"]);
    expect(messages({ text: "平日", weekly: week, special: [{ from: "2026-11-10", until: "2026-11-01", weekly: week }] })).toEqual(["special.0.until: from は until 以前の日付にしてください"]);
    expect(messages({ text: "平日", weekly: week, special: [{ from: "2026-11-01", weekly: week }] })).toEqual([
      'special.0.until: 特別な期間には from と until の両方を "2026-12-01" のような YYYY-MM-DD 形式で書いてください (a special period needs from and until)',
    ]);
  });
});

describe("a source that gives only some days' hours (otherDays: unstated)", () => {
  // The source gives only the weekend hours; it says nothing about weekdays either way.
  const weekendsOnly = line({ text: "土日10:00～16:00", weekly: [rule(["sat", "sun"], "10:00", "16:00")], otherDays: "unstated", yearEnd: "open" });

  it("is unknown on the days it says nothing about, rather than 受付時間外", () => {
    expect(lineOpening(weekendsOnly, tokyo("2026-11-24T11:00"))).toEqual(unknownOpening("本日の受付時間は出典に記載がありません"));
    expect(lineOpening(weekendsOnly, tokyo("2026-11-23T11:00"))).toEqual(unknownOpening("本日の受付時間は出典に記載がありません"));
  });

  it("keeps its stated days, and says the days before the next stated opening are unsaid", () => {
    expectOpen(weekendsOnly, "2026-11-28T15:00", "本日16:00まで");
    expectClosed(weekendsOnly, "2026-11-28T16:00", "次の受付は11月29日(日) 10:00から");
    expectClosed(weekendsOnly, "2026-11-29T16:00", "12月5日(土) 10:00から受付（それまでの日の受付時間は出典に記載がありません）");
  });

  it("without it, the days no rule names are closed, as before", () => {
    const closedOtherwise = line({ text: "土日10:00～16:00", weekly: [rule(["sat", "sun"], "10:00", "16:00")], yearEnd: "open" });
    expectClosed(closedOtherwise, "2026-11-24T11:00", "次の受付は11月28日(土) 10:00から");
  });

  it("is refused by check:data with any other value", () => {
    const result = hoursSchema.safeParse({ text: "土日", weekly: [rule(["sat"], "10:00", "16:00")], otherDays: "open" });
    expect(result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(["otherDays: otherDays は closed か unstated で書いてください (closed or unstated)"]);
  });
});

describe("properties of any instant for the patterns of issue 22", () => {
  const minute = { minutes: 1 };
  const instantsBetween = (from: string, to: string) =>
    fc.integer({ min: Date.parse(from), max: Date.parse(to) }).map((ms) => DateTime.fromMillis(ms, { zone: "UTC" }).startOf("minute"));
  const lines = {
    special: line({
      text: "平日9:00～17:00（強化週間は平日9:00～20:00、土日10:00～16:00）",
      weekly: [rule("weekdays", "09:00", "17:00")],
      special: [{ from: "2026-12-01", until: "2026-12-07", weekly: [rule("weekdays", "09:00", "20:00"), rule(["sat", "sun"], "10:00", "16:00")] }],
    }),
    someDays: line({ text: "土日10:00～16:00", weekly: [rule(["sat", "sun"], "10:00", "16:00")], otherDays: "unstated", yearEnd: "open" }),
    mixed: line({ text: "平日9:00～17:00、土曜（時間の記載なし）", weekly: [rule("weekdays", "09:00", "17:00"), { days: ["sat"], onHolidays: false }] }),
  };

  // Around the special period for that line (so the property meets it), over years for the others.
  const ranges: Record<keyof typeof lines, [string, string]> = {
    special: ["2026-11-20T00:00:00Z", "2026-12-15T00:00:00Z"],
    someDays: ["2024-01-01T00:00:00Z", "2028-12-31T00:00:00Z"],
    mixed: ["2024-01-01T00:00:00Z", "2028-12-31T00:00:00Z"],
  };

  it.each(Object.keys(lines) as (keyof typeof lines)[])("%s: a stated next opening is open, and the minute before it is not", (name) => {
    const contact = lines[name];
    fc.assert(
      fc.property(instantsBetween(...ranges[name]), (now) => {
        const opening = lineOpening(contact, now);
        expect(opening.status).not.toBe("ended");
        const opensAt = opening.nextOpensAt;
        if (opening.status !== "closed" || !opensAt) return;
        expect(opensAt > now).toBe(true);
        expect(lineOpening(contact, opensAt).status).toBe("open");
        expect(lineOpening(contact, opensAt.minus(minute)).status).not.toBe("open");
      }),
      { numRuns: 300 },
    );
  });
});
