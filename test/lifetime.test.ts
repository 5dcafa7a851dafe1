// Honest about time: what the bot says of a programme's application period, of notices and of questions
// about a time, at fixed instants (Japan time), on the telework catalog and on a fixture of another domain.
import path from "node:path";
import type { messagingApi, webhook } from "@line/bot-sdk";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createEventHandler } from "../src/bot/handle-event.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import type { Catalog, Resource, Source } from "../src/catalog/schema.ts";
import { noticesAbout, noticesInForce } from "../src/lifetime/notices.ts";
import { programmeState } from "../src/lifetime/programme-state.ts";
import { enforceLineLimits } from "../src/reply/limits.ts";
import { renderDecision, renderWelcome } from "../src/reply/render.ts";
import type { Decision } from "../src/understand/decision.ts";
import { createUnderstander } from "../src/understand/understand.ts";

const telework = loadCatalog("data");
// Fictional programmes and dates (test inputs): a period 2024-05-01..06-30, one ended 2024-03-31, one with no lifetime.
const shien = loadCatalog(path.resolve("test/fixtures/catalogs/kurashi-shien"));

/** An instant as written, with its offset (Japan time unless it says otherwise). */
const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });

function render(catalog: Catalog, decision: Decision, now: DateTime): messagingApi.Message[] {
  return enforceLineLimits(renderDecision(decision, { catalog, now }));
}

const card = (...ids: string[]): Decision => ({ kind: "resources", matches: ids.map((resourceId, i) => ({ resourceId, score: 10 - i, matched: [] })) });
const list = (categoryId: string, region?: string): Decision => ({ kind: "category", categoryId, matched: [], ...(region ? { region } : {}) });

/** The reply's first text message: the sentences before the cards. */
function leadOf(messages: messagingApi.Message[]): string {
  const [first] = messages;
  return first?.type === "text" ? first.text : "";
}

/** The lead opens with this sentence; the answer's own sentences (what the resource is…) follow it. */
function opensWith(lead: string, sentence: string): void {
  expect(lead.slice(0, sentence.length)).toBe(sentence);
}

/** What a lead says of a programme's lifetime, if anything. */
const lifetimeWords = /申請受付|申請期限|募集している/;

/** Every text of the bubble headed by this name. */
function cardText(messages: messagingApi.Message[], name: string): string {
  const flex = messages.find((m): m is messagingApi.FlexMessage => m.type === "flex");
  const bubbles = flex ? (flex.contents.type === "carousel" ? flex.contents.contents : [flex.contents]) : [];
  const texts = (c: messagingApi.FlexComponent | undefined): string[] => (!c ? [] : c.type === "text" ? [c.text ?? ""] : c.type === "box" ? c.contents.flatMap(texts) : []);
  const bubble = bubbles.find((b) => texts(b.header).includes(name));
  if (!bubble) throw new Error(`no card for ${name}`);
  return [bubble.header, bubble.body, bubble.footer].flatMap(texts).join("\n");
}

const names = (messages: messagingApi.Message[]) => {
  const flex = messages.find((m): m is messagingApi.FlexMessage => m.type === "flex");
  const bubbles = flex ? (flex.contents.type === "carousel" ? flex.contents.contents : [flex.contents]) : [];
  return bubbles.map((b) => (b.header?.contents[0]?.type === "text" ? b.header.contents[0].text : ""));
};

describe("a programme's state on a Japan day (dates inclusive)", () => {
  const source: Source = { title: "要領", date: "2020-03-01" };
  const later: Source = { title: "終了のお知らせ", date: "2021-02-01" };
  const period = { from: "2020-03-09", until: "2020-05-29", source };

  it("is upcoming before the period, open through its last day, and ended the day after", () => {
    expect(programmeState({ period }, "2020-03-08")).toEqual({ kind: "upcoming", from: "2020-03-09", source });
    expect(programmeState({ period }, "2020-03-09")).toEqual({ kind: "open", until: "2020-05-29", source });
    expect(programmeState({ period }, "2020-05-29")).toEqual({ kind: "open", until: "2020-05-29", source });
    expect(programmeState({ period }, "2020-05-30")).toEqual({ kind: "ended", on: "2020-05-29", source });
  });

  it("takes a later end (an extension or another round) as the last day, and claims nothing between the two", () => {
    const extended = { period, ended: { on: "2021-01-29", source: later } };
    expect(programmeState(extended, "2020-04-01")).toEqual({ kind: "open", until: "2020-05-29", source });
    expect(programmeState(extended, "2020-07-01")).toEqual({ kind: "unknown" });
    expect(programmeState(extended, "2021-01-29")).toEqual({ kind: "unknown" });
    expect(programmeState(extended, "2021-01-30")).toEqual({ kind: "ended", on: "2021-01-29", source: later });
  });

  it("is ended from its source's date when the source gives no day, and unknown with no lifetime", () => {
    expect(programmeState({ ended: { source: later } }, "2021-01-31")).toEqual({ kind: "unknown" });
    expect(programmeState({ ended: { source: later } }, "2021-02-01")).toEqual({ kind: "ended", source: later });
    expect(programmeState({}, "2026-12-07")).toEqual({ kind: "unknown" });
    // A window with no stated end is no deadline.
    expect(programmeState({ period: { from: "2020-03-09", source } }, "2020-04-01")).toEqual({ kind: "unknown" });
  });
});

describe("the telework subsidies, as their sources state their periods", () => {
  const subsidy = (id: string) => telework.resources.find((r) => r.id === id) as Resource;

  it("before the Tokyo subsidy opened (2020-03-05): says the day it opens, on the card and first", () => {
    const reply = render(telework, card("tokyo-subsidy"), at("2020-03-05T10:00+09:00"));
    opensWith(leadOf(reply), "事業継続緊急対策（テレワーク）助成金の申請受付は2020年3月6日からです。");
    expect(cardText(reply, "事業継続緊急対策（テレワーク）助成金")).toContain("この制度の申請受付は2020年3月6日からです。");
  });

  it("during the first window (2020-04-01): the deadline, through its last day in Japan time", () => {
    const reply = render(telework, card("hatarakikata-subsidy"), at("2020-04-01T10:00+09:00"));
    opensWith(leadOf(reply), "働き方改革推進支援助成金（テレワークコース等）の申請期限は2020年5月29日です。");
    expect(cardText(reply, "働き方改革推進支援助成金（テレワークコース等）")).toContain("この制度の申請期限は2020年5月29日です。");
    expect(leadOf(render(telework, card("hatarakikata-subsidy"), at("2020-05-29T23:59+09:00")))).toContain("申請期限は2020年5月29日です。");
    // 2020-05-29 15:30 UTC is already 30 May in Japan: past the first window, before the last round's end: nothing is claimed.
    expect(leadOf(render(telework, card("hatarakikata-subsidy"), at("2020-05-29T15:30Z")))).not.toMatch(lifetimeWords);
  });

  it("after the last day (2021-01-30): that it ended, with the source", () => {
    const reply = render(telework, card("hatarakikata-subsidy"), at("2021-01-30T09:00+09:00"));
    opensWith(leadOf(reply), "働き方改革推進支援助成金（テレワークコース等）の申請受付は2021年1月29日に終了しています（出典：3次募集の案内（人事・労務トピックス、2021年1月19日））。");
    expect(cardText(render(telework, card("tokyo-subsidy"), at("2026-12-07T10:00+09:00")), "事業継続緊急対策（テレワーク）助成金")).toContain(
      "この制度の申請受付は2020年7月31日に終了しています（出典：東京しごと財団の助成金ページ）。",
    );
  });

  it("with no stated lifetime: nothing while the data is fresh, then that it may have changed", () => {
    expect(programmeState(subsidy("it-subsidy"), "2026-12-07")).toEqual({ kind: "unknown" });
    const fresh = render(telework, card("it-subsidy"), at("2020-04-01T10:00+09:00"));
    expect(leadOf(fresh)).not.toMatch(lifetimeWords);
    expect(cardText(fresh, "IT導入補助金")).not.toContain("時点の情報です。現在も");
    const old = render(telework, card("it-subsidy"), at("2026-12-07T10:00+09:00"));
    opensWith(leadOf(old), "IT導入補助金は2020年時点の情報です。現在も募集しているかは公式サイトでご確認ください。");
    expect(cardText(old, "IT導入補助金")).toContain("この制度は2020年時点の情報です。現在も募集しているかは公式サイトでご確認ください。");
  });

  it("lists those that may still be open first and says how many have ended", () => {
    const now = render(telework, list("subsidy"), at("2026-12-07T10:00+09:00"));
    // What the list is first, then how many ended, without saying the count twice.
    expect(leadOf(now)).toBe("「助成金・補助金」は3件です。テレワークの導入費用などを支援する助成金・補助金です。このうち2件は、申請受付を終了しています。");
    expect(names(now)).toEqual(["IT導入補助金", "働き方改革推進支援助成金（テレワークコース等）", "事業継続緊急対策（テレワーク）助成金"]);
    // A user in Tokyo still sees Tokyo's own subsidy first.
    expect(names(render(telework, list("subsidy", "tokyo"), at("2026-12-07T10:00+09:00")))[0]).toBe("事業継続緊急対策（テレワーク）助成金");
    const then = render(telework, list("subsidy"), at("2020-04-01T10:00+09:00"));
    expect(leadOf(then)).toMatch(/^「助成金・補助金」は3件です。/);
    expect(names(then)[0]).toBe("働き方改革推進支援助成金（テレワークコース等）");
  });

  it("says nothing of lifetimes for resources that are not programmes", () => {
    const reply = render(telework, card("tw-sodan"), at("2026-12-07T10:00+09:00"));
    expect(leadOf(reply)).not.toMatch(lifetimeWords);
    expect(cardText(reply, "テレワーク相談センター")).not.toMatch(/申請受付|申請期限|募集している/);
  });
});

describe("programmes of another catalog (fixture), before, during and after their period", () => {
  it("speaks in the neutral defaults at each instant", () => {
    const said = (iso: string) => leadOf(render(shien, card("ouen-kyufu"), at(iso)));
    expect(said("2024-04-30T12:00+09:00")).toContain("くらし応援給付（テスト用）の申請受付は2024年5月1日からです。");
    expect(said("2024-05-01T00:00+09:00")).toContain("くらし応援給付（テスト用）の申請期限は2024年6月30日です。");
    expect(said("2024-06-30T23:59+09:00")).toContain("申請期限は2024年6月30日です。");
    expect(said("2024-07-01T00:00+09:00")).toContain("くらし応援給付（テスト用）の申請受付は2024年6月30日に終了しています（出典：テスト市の募集要項）。");
    // The same instant in UTC: 2024-06-30 15:30Z is 1 July in Japan.
    expect(said("2024-06-30T15:30Z")).toContain("終了しています");
  });

  it("counts ended programmes in a list, and lists them last", () => {
    const during = render(shien, list("shien"), at("2024-06-01T10:00+09:00"));
    expect(leadOf(during)).toMatch(/。このうち1件は、申請受付を終了しています。$/);
    // Otherwise in the catalog's order (its files' order).
    expect(names(during)).toEqual(["学び直し支援（テスト用）", "くらし応援給付（テスト用）", "住まい支援事業（テスト用）"]);
    const after = render(shien, list("shien"), at("2025-06-01T10:00+09:00"));
    expect(leadOf(after)).toMatch(/。このうち2件は、申請受付を終了しています。$/);
    expect(names(after)).toEqual(["学び直し支援（テスト用）", "くらし応援給付（テスト用）", "住まい支援事業（テスト用）"]);
    expect(cardText(after, "学び直し支援（テスト用）")).toContain("この制度は2024年時点の情報です。現在も募集しているかは公式サイトでご確認ください。");
  });
});

describe("notices", () => {
  const [dialNotice, catalogNotice] = shien.notices;

  it("are in force from their first to their last day, Japan time", () => {
    expect(noticesInForce(shien.notices, "2024-04-24")).toEqual([catalogNotice]);
    expect(noticesInForce(shien.notices, "2024-04-25")).toEqual([dialNotice, catalogNotice]);
    expect(noticesInForce(shien.notices, "2024-05-06")).toEqual([dialNotice]);
    expect(noticesInForce(shien.notices, "2024-05-07")).toEqual([]);
    expect(noticesAbout(shien.notices, new Set(["ouen-kyufu"]))).toEqual([catalogNotice]);
  });

  it("open the replies that show their resources while valid, and are gone once expired", () => {
    const dial = (iso: string) => leadOf(render(shien, card("kurashi-dial"), at(iso)));
    opensWith(dial("2024-05-03T10:00+09:00"), "くらし相談ダイヤル（テスト用）は、2024年5月3日から5月6日まで休みます。");
    opensWith(dial("2024-05-06T23:59+09:00"), "くらし相談ダイヤル（テスト用）は、2024年5月3日から5月6日まで休みます。");
    expect(dial("2024-05-07T00:00+09:00")).not.toContain("休みます");
    // A resource the notice is not about does not carry it.
    expect(leadOf(render(shien, card("manabi-shien"), at("2024-05-03T10:00+09:00")))).not.toContain("休みます");
  });

  it("about the whole catalog, open every answer while valid", () => {
    opensWith(leadOf(render(shien, card("manabi-shien"), at("2024-04-10T10:00+09:00"))), "4月中は、新しい制度の情報を順に追加しています。");
    expect(leadOf(render(shien, card("manabi-shien"), at("2024-05-01T10:00+09:00")))).not.toContain("追加しています");
  });

  it("appear in the welcome while valid", () => {
    const welcome = (iso: string) => {
      const [first] = renderWelcome(false, { catalog: shien, now: at(iso) });
      return first?.type === "text" ? first.text : "";
    };
    expect(welcome("2024-04-28T10:00+09:00")).toMatch(/ご案内します。[\s\S]*\n\nくらし相談ダイヤル（テスト用）は、2024年5月3日から5月6日まで休みます。\n\n4月中は、新しい制度の情報を順に追加しています。$/);
    expect(welcome("2024-05-10T10:00+09:00")).not.toMatch(/休みます|追加しています/);
  });

  it("the telework catalog keeps its temporary numbers as contacts with an end date: no notice", () => {
    expect(telework.notices).toEqual([]);
  });
});

describe("questions about a time the data may not cover", () => {
  const user: webhook.Source = { type: "user", userId: `U${"a".repeat(32)}` };
  const text = (t: string): webhook.Event =>
    ({ type: "message", mode: "active", timestamp: 0, webhookEventId: "01TIME", deliveryContext: { isRedelivery: false }, replyToken: "r".repeat(32), source: user, message: { type: "text", id: "1", quoteToken: "q", text: t } }) as webhook.Event;
  const handleTelework = createEventHandler({ catalog: telework, understand: createUnderstander(telework) });
  const ask = (t: string, iso = "2026-12-07T10:00+09:00", handle = handleTelework) => handle(text(t), { now: at(iso) });
  const first = (t: string, iso?: string, handle?: typeof handleTelework) => leadOf(ask(t, iso, handle)?.messages ?? []);

  it("says the data's date and that it cannot speak for a later year, fiscal year or era year", () => {
    expect(first("令和6年度の助成金は？")).toMatch(
      /^ご案内している情報は2020年3月12日時点のもので、令和6年度（2024年度）の助成金や窓口の状況はわかりません。最新の情報は各制度・窓口の公式サイトでご確認ください。「助成金・補助金」は3件です。/,
    );
    expect(first("2024年の補助金を知りたい")).toContain("2024年の助成金や窓口の状況はわかりません。");
    expect(first("R7の補助金")).toContain("R7（2025年度）の助成金や窓口の状況はわかりません。");
    expect(first("令和2年度の助成金")).toContain("令和2年度（2020年度）の助成金や窓口の状況はわかりません。");
  });

  it("counts 今年度 and 来年度 from the day of asking", () => {
    expect(first("今年度の補助金はありますか", "2026-03-31T10:00+09:00")).toContain("今年度（2025年度）の助成金や窓口の状況はわかりません。");
    expect(first("今年度の補助金はありますか", "2026-04-01T10:00+09:00")).toContain("今年度（2026年度）の助成金や窓口の状況はわかりません。");
    expect(first("来年度の助成金", "2026-12-07T10:00+09:00")).toContain("来年度（2027年度）の");
  });

  it("says the data is of that time for a year it covers, and may differ for a year before it", () => {
    expect(first("2020年のテレワークの助成金")).toMatch(/^ご案内している情報は2020年3月12日時点のものです。それより後の変更は反映されていません。/);
    expect(first("令和元年度の助成金")).toMatch(/^ご案内している情報は2020年3月12日時点のものです。/);
    expect(first("平成30年度のテレワークの助成金")).toMatch(/^ご案内している情報は2020年3月12日時点のもので、平成30年度（2018年度）当時の内容とは異なる場合があります。/);
  });

  it("answers 最新 and 今も with the date, and a programme's まだやってる with its own lifetime, not the lines' hours", () => {
    expect(first("最新の助成金を教えて")).toMatch(/^ご案内している情報は2020年3月12日時点のもので、現在の助成金や窓口の状況はわかりません。/);
    const still = ask("IT導入補助金まだやってる？");
    expect(still?.reason).toBe("text:resources");
    opensWith(leadOf(still?.messages ?? []), "IT導入補助金は2020年時点の情報です。現在も募集しているかは公式サイトでご確認ください。");
    opensWith(first("東京都の事業継続緊急対策助成金はまだ募集してる？"), "事業継続緊急対策（テレワーク）助成金の申請受付は2020年7月31日に終了しています（出典：東京しごと財団の助成金ページ）。");
    // A line's まだやってる？ is still about its hours.
    expect(ask("テレワーク相談センターはまだやってる？")?.reason).toBe("text:openNow");
  });

  it("while the data is fresh, 最新 is told the data's date (fixture catalog)", () => {
    const handle = createEventHandler({ catalog: shien, understand: createUnderstander(shien) });
    expect(first("最新のくらしの支援は？", "2024-06-01T10:00+09:00", handle)).toMatch(/^ご案内している情報は2024年4月1日時点のものです。それより後の変更は反映されていません。/);
    expect(first("最新のくらしの支援は？", "2026-06-01T10:00+09:00", handle)).toMatch(/^ご案内している情報は2024年4月1日時点のもので、現在の内容はわかりません。最新の情報は公式サイトでご確認ください。/);
  });

  it("a follow-up that names a time keeps it", () => {
    const shown = ask("テレワーク相談センター");
    const followUp = handleTelework(text("そこは今もやってる？"), { now: at("2026-12-07T10:00+09:00"), memory: shown?.memory ?? null });
    expect(followUp?.reason).toMatch(/^text:followUp/);
    expect(leadOf(followUp?.messages ?? [])).toMatch(/^ご案内している情報は2020年3月12日時点のもので、現在の助成金や窓口の状況はわかりません。/);
  });
});
