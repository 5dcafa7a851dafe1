// Issue 16: every answer opens with the answer in words, before its cards; any detail of a resource is
// answered from the catalog (or plainly said to be missing, with where to ask); follow-ups land.
import type { messagingApi, webhook } from "@line/bot-sdk";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createEventHandler } from "../src/bot/handle-event.ts";
import { type ConversationMemory, parseMemory } from "../src/bot/memory.ts";
import type { BotReply } from "../src/bot/types.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import type { Catalog } from "../src/catalog/schema.ts";
import { firstTextOf } from "../src/reply/limits.ts";
import { createUnderstander } from "../src/understand/understand.ts";

const telework = loadCatalog("data");
const kurashi = loadCatalog("examples/kurashi-soudan");
const at = (iso: string) => DateTime.fromISO(iso, { zone: "Asia/Tokyo" });
// A Tuesday morning (the centres' free dials open, weekdays 9-17), its evening, and 勤労感謝の日 (a Monday).
const tuesday = at("2026-03-10T10:30");
const evening = at("2026-03-10T18:30");
const holiday = at("2026-11-23T10:00");
const staleNote = "受付時間は2020年3月時点の情報によります。";

let sequence = 0;
function textEvent(text: string): webhook.Event {
  sequence += 1;
  return {
    type: "message",
    mode: "active",
    timestamp: 0,
    webhookEventId: `01HZXANSWERS${String(sequence).padStart(14, "0")}`,
    deliveryContext: { isRedelivery: false },
    source: { type: "user", userId: `U${"e".repeat(32)}` },
    replyToken: String(sequence).padStart(32, "0"),
    message: { type: "text", id: String(sequence), quoteToken: "q", text },
  };
}

/** One conversation on a catalog at a fixed instant: each reply's memory is passed to the next message. */
function conversation(catalog: Catalog, now: DateTime) {
  const handle = createEventHandler({ catalog, understand: createUnderstander(catalog) });
  let memory: ConversationMemory | null = null;
  return (text: string): BotReply => {
    const reply = handle(textEvent(text), { now, memory });
    if (!reply) throw new Error("expected a reply");
    if (reply.memory) memory = reply.memory;
    return reply;
  };
}

/** What the user reads first: the reply's opening text. */
const firstText = (reply: BotReply): string => {
  const [first] = reply.messages;
  if (first?.type !== "text") throw new Error("the reply does not open with a text");
  return first.text;
};

function bubbles(reply: BotReply): messagingApi.FlexBubble[] {
  return reply.messages.flatMap((m) => {
    if (m.type !== "flex") return [];
    const contents = m.contents as messagingApi.FlexContainer;
    return contents.type === "carousel" ? contents.contents : [contents];
  });
}
const cardNames = (reply: BotReply) => bubbles(reply).map((b) => firstTextOf(b) ?? "");

describe("the first sentence answers the question", () => {
  // A card found by a topic its documents cover would otherwise open with its summary alone, which may speak of
  // something else (the labour guideline's long hours): the asker is told it covers their point, in their words.
  it("a topic: says the resource covers what was asked, in the asker's words", () => {
    const say = conversation(telework, tuesday);
    expect(firstText(say("在宅勤務中の光熱費は誰が払うの？"))).toMatch(/^「光熱費」については、事業場外勤務ガイドラインで扱われています。テレワークが長時間労働を招かないよう/u);
    // 私物パソコン is the catalog's BYOD (a synonym): said back as written.
    expect(firstText(say("社員の私物パソコンを仕事に使わせても大丈夫？"))).toMatch(/^「私物パソコン」については、テレワークセキュリティガイドラインで扱われています。/u);
    // Named, not a topic: the summary as before.
    expect(firstText(say("テレワークセキュリティガイドラインを読みたい"))).toMatch(/^テレワークセキュリティガイドラインは、/u);
  });

  it("hours: the published hours, then whether it is open now and until when", () => {
    const say = conversation(telework, tuesday);
    say("テレワーク相談センター");
    expect(firstText(say("そこって何時まで？"))).toBe(`テレワーク相談センターの受付時間は平日9:00～17:00です。いま受け付けています（本日17:00まで）。${staleNote}`);
  });

  it("phone: the number, then when it opens next when it is closed", () => {
    const reply = conversation(telework, evening)("テレワーク相談センターの電話番号は？");
    expect(firstText(reply)).toBe(`テレワーク相談センターの電話番号は0120-91-6479です。3月11日(水) 9:00から受け付けます。${staleNote}`);
    expect(cardNames(reply)).toEqual(["テレワーク相談センター"]);
  });

  it("e-mail: the address, or plainly that the source gives none", () => {
    const say = conversation(telework, tuesday);
    say("テレワーク相談センター");
    expect(firstText(say("メールでも相談できる？"))).toBe("テレワーク相談センターはメールでも受け付けています（sodan@japan-telework.or.jp）。");
    say("テレワークマネージャー");
    expect(firstText(say("メールアドレスは？"))).toBe("テレワークマネージャー事業のメールアドレスは、この案内（2020年3月12日の発表）には載っていません。");
  });

  it("cost: what the release states, with its date", () => {
    const say = conversation(telework, tuesday);
    say("テレワークマネージャーって何？");
    expect(firstText(say("費用はかかる？"))).toBe("テレワークマネージャー事業：専門家によるWebと電話でのコンサルティングは無料です（2020年3月12日の発表による）。");
    // Named in the message, the same answer without any memory.
    expect(firstText(conversation(telework, tuesday)("テレワークマネージャーは無料？"))).toBe(
      "テレワークマネージャー事業：専門家によるWebと電話でのコンサルティングは無料です（2020年3月12日の発表による）。",
    );
  });

  it("who runs it: the organisation the source names", () => {
    const say = conversation(telework, tuesday);
    say("テレワークセキュリティガイドライン");
    expect(firstText(say("誰がやってるの？"))).toBe("テレワークセキュリティガイドラインは総務省によるものです。");
  });

  it("where to apply: the line that takes applications, with its hours and today's status, and its card first", () => {
    const say = conversation(telework, tuesday);
    say("働き方改革推進支援助成金について教えて");
    const reply = say("どこに申請すればいい？");
    expect(firstText(reply)).toBe(
      `働き方改革推進支援助成金（テレワークコース等）の相談・申請の受付は、テレワーク相談センター（0120-91-6479、平日9:00～17:00、いま受け付けています）です。${staleNote}`,
    );
    expect(cardNames(reply)[0]).toBe("テレワーク相談センター");
  });

  it("an amount the data lacks: says so, with the source's date, and names the line that would know", () => {
    const say = conversation(telework, tuesday);
    say("働き方改革推進支援助成金");
    // The answer first; then what its sources say of the programme's lifetime.
    expect(firstText(say("いくらもらえる？"))).toBe(
      `働き方改革推進支援助成金（テレワークコース等）の金額は、この案内（2020年3月12日の発表）には載っていません。テレワーク相談センター（0120-91-6479、平日9:00～17:00、いま受け付けています）でご確認いただけます。${staleNote}` +
        // Named in the sentence before: 「この制度」, not the long name again.
        "この制度の申請受付は2021年1月29日に終了しています（出典：3次募集の案内（人事・労務トピックス、2021年1月19日））。",
    );
    // Without a line to call, its page.
    expect(firstText(conversation(telework, tuesday)("IT導入補助金の補助率は？"))).toMatch(
      /^IT導入補助金の金額は、この案内（2020年3月12日の発表）には載っていません。案内資料（PDF）（https:\/\/www\.meti\.go\.jp\/covid-19\/pdf\/seisanseikakumei_pr\.pdf）でご確認いただけます。/,
    );
  });

  it("none open now: says so, and who opens first and when", () => {
    const reply = conversation(telework, evening)("今電話つながる？");
    expect(firstText(reply)).toBe(`いま受け付けている窓口はありません。テレワーク相談センターと東京テレワーク推進センターは3月11日(水) 9:00から受け付けます。${staleNote}`);
  });

  it("a holiday: why the lines are closed today, and when they open", () => {
    const reply = conversation(telework, holiday)("今電話つながる？");
    expect(firstText(reply)).toBe(
      `いま受け付けている窓口はありません。本日は祝日（勤労感謝の日）のため、テレワーク相談センターと東京テレワーク推進センターは11月24日(火) 9:00からの受付です。${staleNote}`,
    );
  });

  it("a list: how many there are and what they are; a match: what it is", () => {
    // The list in words, then how many of its programmes have ended (the count said once).
    expect(firstText(conversation(telework, tuesday)("助成金ある？"))).toBe(
      "「助成金・補助金」は3件です。テレワークの導入費用などを支援する助成金・補助金です。このうち2件は、申請受付を終了しています。",
    );
    expect(firstText(conversation(telework, tuesday)("テレワーク総合ポータルサイトについて教えて"))).toBe(
      "テレワーク総合ポータルサイトは、労務管理等のQ&A集、テレワークモデル就業規則、テレワーク活用の好事例集、導入・運用ガイドブックなどを掲載しています。",
    );
  });

  it("over a 年末年始 the source is silent about, it never says that no line is open: it says what is not known", () => {
    // 2026-12-29 is a Tuesday: the weekday lines may or may not open.
    const yearEnd = conversation(telework, at("2026-12-29T10:00"))("今電話つながる？");
    expect(firstText(yearEnd)).toBe("テレワーク相談センターと東京テレワーク推進センターの年末年始の受付時間は出典に記載がありません。");
    // A line with no published hours may be open too: when the others open comes first, then that.
    const say = conversation(telework, evening);
    say("相談窓口の一覧");
    const reply = say("今電話つながる？");
    expect(firstText(reply)).toBe(
      `テレワーク相談センターと東京テレワーク推進センターは3月11日(水) 9:00から受け付けます。テレワークマネージャー事業の受付時間は公表されていません。${staleNote}`,
    );
    // The cards in the same order: lines that open later before the one whose hours nobody knows.
    expect(cardNames(reply)).toEqual(["テレワーク相談センター", "東京テレワーク推進センター", "テレワークマネージャー事業"]);
  });

  it("a programme is named once: its lifetime first, then 「この制度は、…」", () => {
    expect(firstText(conversation(telework, tuesday)("働き方改革推進支援助成金"))).toMatch(
      /^働き方改革推進支援助成金（テレワークコース等）の申請受付は2021年1月29日に終了しています（[^）]*）+。この制度は、新たにテレワークを導入した中小企業事業主などに/,
    );
  });

  it("the cards' altText says the same as the first sentence", () => {
    const reply = conversation(telework, holiday)("今電話つながる？");
    const flex = reply.messages.find((m): m is messagingApi.FlexMessage => m.type === "flex");
    expect(flex?.altText).toBe(firstText(reply));
  });

  it("a detail word inside a question of another kind is not a detail question (「導入費用も助成してもらえる？」)", () => {
    const reply = conversation(telework, tuesday)("中小企業でテレワークを新しく導入しました。テレワーク用の通信機器の導入費用って助成してもらえますか？");
    expect(reply.reason).toBe("text:resources");
    expect(firstText(reply)).not.toContain("載っていません");
  });
});

describe("follow-ups that land", () => {
  it("a phone question after a list answers for the lines behind it, open ones first, without cards that have no number", () => {
    const say = conversation(telework, tuesday);
    say("助成金ある？");
    const reply = say("今電話つながる？");
    expect(reply.followUp?.aspect).toBe("status");
    expect(cardNames(reply)).toEqual(["テレワーク相談センター"]);
    expect(firstText(reply)).toBe(`いま受け付けているのは、テレワーク相談センター（0120-91-6479、本日17:00まで）です。${staleNote}`);
  });

  it("「2つ目」 is the second of the last reply that showed several items, even after a one-card answer", () => {
    const say = conversation(telework, tuesday);
    say("相談窓口の一覧");
    say("1つ目の電話番号は？");
    expect(cardNames(say("3つ目は？"))).toEqual(["東京テレワーク推進センター"]);
  });

  it("「もっと詳しく」 shows what the card did not: the topics with their sources, every page and source", () => {
    const say = conversation(telework, tuesday);
    say("テレワークセキュリティガイドライン");
    const reply = say("もっと詳しく");
    expect(firstText(reply)).toBe("テレワークセキュリティガイドラインについて、カードに載せていない情報をまとめました。");
    const card = JSON.stringify(bubbles(reply)[0]);
    expect(cardNames(reply)).toEqual(["テレワークセキュリティガイドライン"]);
    expect(card).toContain("扱っている内容");
    expect(card).toContain("https://japan.zdnet.com/article/35117720/");
  });

  it("「もっと詳しく」 says so when the card already showed everything", () => {
    const bare: Catalog = { ...telework, resources: telework.resources.map((r) => (r.id === "civic-navi" ? { ...r, topics: [] } : r)) };
    const say = conversation(bare, tuesday);
    say("民間支援情報ナビ");
    expect(firstText(say("もっと詳しく"))).toBe("民間支援情報ナビについて出典に載っている情報は、カードの内容ですべてです。");
  });

  it("where to apply goes through the remembered resource's inquiries: a Tokyo company gets the Tokyo centre first", () => {
    const say = conversation(telework, tuesday);
    say("東京の会社です。テレワークの助成金を探しています");
    const reply = say("働き方改革推進支援助成金の相談はどこでできる？");
    expect(cardNames(reply)[0]).toBe("東京テレワーク推進センター");
    expect(firstText(reply)).toMatch(/^働き方改革推進支援助成金（テレワークコース等）の東京都内の企業の相談は、東京テレワーク推進センター（0120-97-0396/);
  });

  it("a detail after a where-to-apply answer is still about what was asked, not the line shown first", () => {
    const say = conversation(telework, tuesday);
    say("働き方改革推進支援助成金について教えて");
    say("どこに申請すればいい？");
    const reply = say("いつまで申請できる？");
    expect(cardNames(reply)).toEqual(["働き方改革推進支援助成金（テレワークコース等）"]);
    expect(firstText(reply)).toBe("働き方改革推進支援助成金（テレワークコース等）の申請受付は2021年1月29日に終了しています（出典：3次募集の案内（人事・労務トピックス、2021年1月19日））。");
  });

  it("「まだやってる？」 after a programme's card asks whether it still takes applications, not whether a line is open", () => {
    const say = conversation(telework, tuesday);
    say("働き方改革推進支援助成金");
    const ended = "働き方改革推進支援助成金（テレワークコース等）の申請受付は2021年1月29日に終了しています（出典：3次募集の案内（人事・労務トピックス、2021年1月19日））。";
    for (const question of ["まだやってる？", "今も申請できる？"]) {
      const reply = say(question);
      expect(firstText(reply)).toBe(ended);
      expect(cardNames(reply)).toEqual(["働き方改革推進支援助成金（テレワークコース等）"]);
    }
    // Asking about the phone still asks about the lines.
    expect(cardNames(say("今電話つながる？"))).toEqual(["テレワーク相談センター"]);
    // So it does in a catalog with no follow-up words, where 電話 is only the reading's own phone word.
    const shien = loadCatalog("test/fixtures/catalogs/kurashi-shien");
    const ask = conversation(shien, at("2024-04-28T10:00"));
    ask("くらしの支援の一覧");
    expect(firstText(ask("今電話つながる？"))).toContain("電話番号は");
  });

  it("about a list, where to ask follows the resource whose source is silent, not the last one named", () => {
    const say = conversation(telework, tuesday);
    say("助成金ある？");
    expect(firstText(say("まだやってる？"))).toBe(
      "IT導入補助金の申請期間は、この案内（2020年3月12日の発表）には載っていません。案内資料（PDF）（https://www.meti.go.jp/covid-19/pdf/seisanseikakumei_pr.pdf）でご確認いただけます。" +
        "働き方改革推進支援助成金（テレワークコース等）の申請受付は2021年1月29日に終了しています（出典：3次募集の案内（人事・労務トピックス、2021年1月19日））。" +
        "事業継続緊急対策（テレワーク）助成金の申請受付は2020年7月31日に終了しています（出典：東京しごと財団の助成金ページ）。",
    );
  });

  it("a region with nothing of that kind gets the nationwide ones, saying so; a region with some gets those first", () => {
    const say = conversation(telework, tuesday);
    say("東京テレワーク推進センター");
    const osaka = say("大阪の場合は？");
    expect(firstText(osaka)).toBe("東京都以外向けのものは、この案内には載っていません。全国向けのものをご案内します。");
    expect(cardNames(osaka)).not.toContain("東京テレワーク推進センター");
    const tokyo = say("東京の場合は？");
    expect(firstText(tokyo)).toBe("東京都向けのものを先にご案内します。");
    expect(cardNames(tokyo)[0]).toBe("東京テレワーク推進センター");
  });

  it("a question naming a programme the catalog does not hold is refused, and the memory stays", () => {
    const say = conversation(telework, tuesday);
    say("テレワーク相談センター");
    expect(say("雇用調整助成金はいくら？").reason).toBe("text:noMatch:outOfScope");
    expect(firstText(say("じゃあ料金は？"))).toMatch(/^テレワーク相談センター：相談は無料です/);
  });

  it("with nothing shown yet, a detail word is a fresh question, never a guess", () => {
    expect(conversation(telework, tuesday)("いくらかかる？").reason).toMatch(/^text:noMatch/);
  });
});

describe("the same engine on the example catalog", () => {
  it("answers a detail its source states, and who runs a line", () => {
    const say = conversation(kurashi, tuesday);
    say("法テラスについて教えて");
    expect(firstText(say("料金はかかる？"))).toBe(
      "法テラス・サポートダイヤル：利用料は無料ですが、通話料がかかります（固定電話から全国一律3分9.35円（税込）など）（出典：法テラス「法テラス・サポートダイヤル」、2026年11月30日）。",
    );
    expect(firstText(say("誰がやってるの？"))).toBe("法テラス・サポートダイヤルは日本司法支援センター（法テラス）によるものです。");
  });

  it("「今電話つながる？」 by day names three open lines and counts the rest, whose cards follow", () => {
    const reply = conversation(kurashi, tuesday)("今電話つながる？");
    expect(firstText(reply)).toBe(
      "いま受け付けているのは、法テラス・サポートダイヤル（0570-078-374、本日21:00まで）、法テラス 多言語情報提供サービス（0570-078-377、本日17:00まで）、みんなの人権110番（0570-003-110、本日17:15まで）ほか5件です。",
    );
    expect(bubbles(reply).filter((b) => JSON.stringify(b).includes("受付中"))).toHaveLength(8);
  });

  it("「今電話つながる？」 at night shows the lines open now first, as the sentence names them", () => {
    const reply = conversation(kurashi, at("2026-11-24T22:30"))("今電話つながる？");
    expect(firstText(reply)).toBe("いま受け付けているのは、よりそいホットライン（0120-279-338、24時間受付）、DV相談プラス（0120-279-889、24時間受付）です。");
    expect(cardNames(reply).slice(0, 2)).toEqual(["よりそいホットライン", "DV相談プラス"]);
  });

  it("「東京の場合は？」 after a card says no line is specific to it and shows the nationwide ones, rather than refusing", () => {
    const say = conversation(kurashi, tuesday);
    say("法テラスについて教えて");
    const tokyo = say("東京の場合は？");
    expect(firstText(tokyo)).toBe("お住まいの地域向けのものは、この案内には載っていません。全国向けのものをご案内します。");
    expect(cardNames(tokyo)[0]).toBe("法テラス・サポートダイヤル");
  });

  it("says when a line opens, without naming it twice", () => {
    const say = conversation(kurashi, tuesday);
    say("残業代が払われなくて困ってる");
    expect(firstText(say("何時から？"))).toBe("労働条件相談ほっとラインの受付時間は月～金17:00～22:00、土日10:00～17:00です。本日17:00から受け付けます。");
  });
});

describe("memory", () => {
  it("keeps ids only: the last list and what a detail was about", () => {
    const handle = createEventHandler({ catalog: telework, understand: createUnderstander(telework) });
    const first = handle(textEvent("相談窓口の一覧"), { now: tuesday, memory: null });
    const second = handle(textEvent("1つ目の電話番号は？"), { now: tuesday, memory: first?.memory ?? null });
    expect(second?.memory).toEqual({ resourceIds: ["tw-sodan"], contactIds: [], list: ["tw-sodan", "telework-manager", "tokyo-center"] });
  });

  it("reads memory stored before lists and subjects existed, and treats an unknown shape as none", () => {
    expect(parseMemory(JSON.stringify({ resourceIds: ["tw-sodan"], contactIds: [] }))).toEqual({ resourceIds: ["tw-sodan"], contactIds: [] });
    expect(parseMemory(JSON.stringify({ resourceIds: ["tw-sodan"], contactIds: [], words: "うちは渋谷" }))).toBeNull();
  });
});
