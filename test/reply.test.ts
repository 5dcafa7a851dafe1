import type { messagingApi } from "@line/bot-sdk";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import type { Catalog, Hours, Resource } from "../src/catalog/schema.ts";
import { enforceLineLimits, firstTextOf } from "../src/reply/limits.ts";
import { withQuickReply } from "../src/reply/quick-reply.ts";
import { renderDecision } from "../src/reply/render.ts";
import { statusColors } from "../src/reply/theme.ts";
import type { Decision } from "../src/understand/decision.ts";

const catalog = loadCatalog("data");
const tokyo = (iso: string) => DateTime.fromISO(iso, { zone: "Asia/Tokyo" });

// Instants from the dev queries: a Monday morning, a Tuesday at closing time, a Saturday.
const mondayMorning = tokyo("2026-03-16T10:30");
const tuesdayAtFive = tokyo("2026-03-17T17:00");

type Bubble = messagingApi.FlexBubble;
type Component = messagingApi.FlexComponent;

function render(decision: Decision, now = mondayMorning, from: Catalog = catalog): messagingApi.Message[] {
  return enforceLineLimits(renderDecision(decision, { catalog: from, now }));
}

const resources = (...ids: string[]): Decision => ({ kind: "resources", matches: ids.map((resourceId, i) => ({ resourceId, score: 10 - i, matched: [] })) });
const openNow = (resourceIds: string[], contactIds: string[] = []): Decision => ({ kind: "openNow", resourceIds, contactIds });

function flexOf(messages: messagingApi.Message[]): messagingApi.FlexMessage {
  const flex = messages.find((m): m is messagingApi.FlexMessage => m.type === "flex");
  if (!flex) throw new Error("no flex message in the reply");
  return flex;
}

function bubblesOf(messages: messagingApi.Message[]): Bubble[] {
  const { contents } = flexOf(messages);
  return contents.type === "carousel" ? contents.contents : [contents];
}

function componentsOf(bubble: Bubble): Component[] {
  const all: Component[] = [];
  const visit = (c: Component | undefined) => {
    if (!c) return;
    all.push(c);
    if (c.type === "box") c.contents.forEach(visit);
  };
  [bubble.header, bubble.hero, bubble.body, bubble.footer].forEach(visit);
  return all;
}

/** What the evaluator calls a unit: one bubble's texts joined, or one text message. */
function units(messages: messagingApi.Message[]): string[] {
  return messages.flatMap((m) => {
    if (m.type === "text") return [m.text];
    if (m.type !== "flex") return [];
    return bubblesOf([m]).map((b) =>
      componentsOf(b)
        .flatMap((c) => (c.type === "text" ? [c.text ?? ""] : []))
        .join(" "),
    );
  });
}

const textOf = (bubble: Bubble) => units([{ type: "flex", altText: "x", contents: bubble }])[0] ?? "";
const buttonsOf = (bubble: Bubble) => componentsOf(bubble).filter((c): c is messagingApi.FlexButton => c.type === "button");
const firstNames = (messages: messagingApi.Message[]) => bubblesOf(messages).map((b) => firstTextOf(b));

describe("resource cards", () => {
  it("puts the resource name first, so the card is recognised at a glance", () => {
    expect(firstNames(render(resources("it-subsidy")))).toEqual(["IT導入補助金"]);
  });

  it("shows the best match first and its cross-referenced consultation centre after it", () => {
    const names = firstNames(render(resources("hatarakikata-subsidy")));
    expect(names).toEqual(["働き方改革推進支援助成金（テレワークコース等）", "テレワーク相談センター"]);
  });

  it("adds the Tokyo centre card only for a user in Tokyo", () => {
    const decision: Decision = { ...resources("hatarakikata-subsidy"), region: "tokyo" } as Decision;
    expect(firstNames(render(decision))).toContain("東京テレワーク推進センター");
  });

  it("says on the subsidy card where to consult and apply, each number with its call button", () => {
    const [subsidy] = bubblesOf(render(resources("hatarakikata-subsidy")));
    const text = textOf(subsidy!);
    expect(text).toContain("相談・申請の受付 テレワーク相談センター");
    expect(text).toContain("東京都内の企業の相談 東京テレワーク推進センター");
    const calls = buttonsOf(subsidy!).map((b) => b.action);
    expect(calls).toContainEqual({ type: "uri", label: "0120-91-6479 に電話", uri: "tel:0120916479" });
    expect(calls).toContainEqual({ type: "uri", label: "0120-97-0396 に電話", uri: "tel:0120970396" });
  });

  it("shows 所管, target, published hours and the as-of date with the source", () => {
    const [card] = bubblesOf(render(resources("tw-sodan")));
    const text = textOf(card!);
    expect(text).toContain("相談窓口｜厚生労働省");
    expect(text).toContain("受付時間 平日9:00～17:00");
    expect(text).toContain("2020年3月12日時点の情報です。出典：新型コロナウイルス感染症対策 テレワーク導入お役立ち情報");
    expect(textOf(bubblesOf(render(resources("it-subsidy")))[0]!)).toContain("対象 中小企業");
  });

  it("marks the free dial 受付中 on a Monday morning and says until when", () => {
    const text = textOf(bubblesOf(render(resources("tw-sodan")))[0]!);
    expect(text).toContain("受付中 0120-91-6479");
    expect(text).toContain("本日17:00まで");
    expect(text).not.toContain("受付時間外");
  });

  it("marks it 受付時間外 at 17:00 and says when it opens next", () => {
    const text = textOf(bubblesOf(render(resources("tw-sodan"), tuesdayAtFive))[0]!);
    expect(text).toContain("受付時間外 0120-91-6479");
    expect(text).toContain("次の受付は3月18日(水) 9:00から");
  });

  it("shows the alternate numbers as 受付終了, struck through, and offers no call button for them", () => {
    const [card] = bubblesOf(render(resources("tw-sodan")));
    const struck = componentsOf(card!).filter((c) => c.type === "text" && c.decoration === "line-through");
    expect(struck.map((c) => (c as messagingApi.FlexText).text)).toEqual(["03-5577-4724", "03-5577-4734"]);
    expect(textOf(card!)).toContain("03-5577-4724 以前の番号（受付終了） 03-5577-4734 以前の番号（受付終了）");
    const uris = buttonsOf(card!).map((b) => (b.action as messagingApi.URIAction).uri);
    expect(uris).toContain("tel:0120916479");
    expect(uris).not.toContain("tel:0355774724");
    expect(uris).not.toContain("tel:0355774734");
  });

  it("says plainly when a number has no published hours", () => {
    const text = textOf(bubblesOf(render(resources("telework-manager")))[0]!);
    expect(text).toContain("受付時間不明 03-5213-4032");
    expect(text).toContain("受付時間は公表されていません");
  });

  it("gives e-mail addresses as text with a copy button, never as a mailto button", () => {
    const [card] = bubblesOf(render(resources("tw-sodan")));
    expect(textOf(card!)).toContain("sodan@japan-telework.or.jp");
    expect(buttonsOf(card!).map((b) => b.action)).toContainEqual({ type: "clipboard", label: "メールアドレスをコピー", clipboardText: "sodan@japan-telework.or.jp" });
    expect(JSON.stringify(card)).not.toContain("mailto:");
  });

  it("keeps the footer to at most four buttons: call, pages, and 今つながる？", () => {
    for (const resource of catalog.resources) {
      const [card] = bubblesOf(render(resources(resource.id)));
      expect(card!.footer!.contents.length).toBeLessThanOrEqual(4);
    }
    const labels = buttonsOf(bubblesOf(render(resources("telework-manager")))[0]!).map((b) => b.action.label);
    expect(labels).toEqual(["03-5213-4032 に電話", "事業のページ", "申請フォーム", "今つながる？"]);
  });

  it("lets the 今つながる？ button ask about this resource by postback, shown as the user's words", () => {
    const check = buttonsOf(bubblesOf(render(resources("tw-sodan")))[0]!).find((b) => b.action.label === "今つながる？");
    expect(check?.action).toEqual({
      type: "postback",
      label: "今つながる？",
      data: "a=open&id=tw-sodan",
      displayText: "テレワーク相談センターは今つながりますか？",
    });
  });

  it("answers in a sentence before the cards, and the cards' altText (notifications, the chat list) says the same", () => {
    const reply = render(resources("tw-sodan", "tokyo-center"), tokyo("2020-03-16T10:30"));
    const sentence = "テレワーク相談センターは、テレワークに関するさまざまな相談に無料で対応しています。あわせて、関連するものを1件ご案内します。";
    expect(reply[0]).toEqual({ type: "text", text: sentence });
    expect(flexOf(reply).altText).toBe(sentence);
  });

  it("shows at most five cards", () => {
    const all = resources(...catalog.resources.map((r) => r.id));
    expect(bubblesOf(render(all))).toHaveLength(5);
  });
});

describe("sources", () => {
  it("names the main source on the card, and how many more the facts come from", () => {
    const withMore: Catalog = {
      ...catalog,
      resources: catalog.resources.map((r) => (r.id === "tw-sodan" ? { ...r, sources: [{ title: "テレワーク相談センター よくある質問", date: "2020-03-12" }] } : r)),
    };
    const text = textOf(bubblesOf(render(resources("tw-sodan"), mondayMorning, withMore))[0]!);
    expect(text).toContain(`出典：${catalog.resources.find((r) => r.id === "tw-sodan")?.source.title}ほか1件`);
  });
});

describe("referral: in the domain, but no document answers it", () => {
  it("says so in the catalog's words, shows the referral place and the general reading, then the closest categories first", () => {
    const reply = render({ kind: "referral", resourceId: "tw-sodan", categoryIds: ["labor", "consultation"] });
    expect(reply[0]).toMatchObject({ type: "text", text: expect.stringContaining("直接お答えする資料は見つかりませんでした") });
    expect((reply[0] as messagingApi.TextMessage).text).toContain("テレワーク相談センター");
    expect((reply[0] as messagingApi.TextMessage).text).toMatch(/あわせて、参考になる資料としてテレワーク総合ポータルサイトをご案内します。$/u);
    const [card, guide, choices] = bubblesOf(reply);
    expect(card && firstTextOf(card)).toBe("テレワーク相談センター");
    // voice.referral.guides: a place to read beside the place to ask.
    expect(guide && firstTextOf(guide)).toBe("テレワーク総合ポータルサイト");
    const labels = choices ? componentsOf(choices).flatMap((c) => (c.type === "button" ? [c.action.label] : [])) : [];
    expect(labels.slice(0, 2)).toEqual(["労務管理・就業規則", "相談窓口"]);
    expect(labels).toHaveLength(catalog.categories.length);
  });

  it("without guides (a catalog written before them), the referral place and the categories as before", () => {
    const kurashi = loadCatalog("examples/kurashi-soudan");
    const reply = render({ kind: "referral", resourceId: "yorisoi", categoryIds: [] }, mondayMorning, kurashi);
    expect((reply[0] as messagingApi.TextMessage).text).not.toContain("参考になる資料");
    expect(bubblesOf(reply)).toHaveLength(2);
  });
});

describe("category answers", () => {
  it("says how many there are and what they are, then the category's cards in catalog order", () => {
    const reply = render({ kind: "category", categoryId: "consultation", matched: [] });
    expect(reply[0]).toMatchObject({ type: "text", text: "「相談窓口」は3件です。テレワーク導入の全般的なご相談を受け付けている窓口です。" });
    expect(firstNames(reply)).toEqual(["テレワーク相談センター", "テレワークマネージャー事業", "東京テレワーク推進センター"]);
  });

  it("lists subsidies that may still be open first, and Tokyo-only ones after nationwide ones unless the user is in Tokyo", () => {
    const subsidies = { kind: "category" as const, categoryId: "subsidy", matched: [] };
    expect(firstNames(render(subsidies))).toEqual(["IT導入補助金", "働き方改革推進支援助成金（テレワークコース等）", "事業継続緊急対策（テレワーク）助成金"]);
    // While the first window was open (2020-04-01), the catalog's order.
    expect(firstNames(render(subsidies, DateTime.fromISO("2020-04-01T10:00", { zone: "Asia/Tokyo" })))).toEqual(["働き方改革推進支援助成金（テレワークコース等）", "IT導入補助金", "事業継続緊急対策（テレワーク）助成金"]);
    expect(firstNames(render({ ...subsidies, region: "tokyo" }))[0]).toBe("事業継続緊急対策（テレワーク）助成金");
  });
});

describe("is it open now?", () => {
  const statusWords = ["受付中", "受付時間外", "受付時間不明", "受付終了"];

  it("gives a compact card per resource asked about, name first", () => {
    const reply = render(openNow(["tw-sodan"]));
    expect(firstNames(reply)).toEqual(["テレワーク相談センター"]);
    expect(textOf(bubblesOf(reply)[0]!)).toContain("受付中 0120-91-6479");
  });

  it("also shows the numbers that ended, after those still accepted, so a question about the old 03 numbers is answered", () => {
    const text = textOf(bubblesOf(render(openNow(["tw-sodan"]), tokyo("2026-06-17T10:00")))[0]!);
    expect(text.indexOf("受付中 0120-91-6479")).toBeLessThan(text.indexOf("03-5577-4724 以前の番号（受付終了）"));
    expect(text).toContain("03-5577-4734 以前の番号（受付終了）");
  });

  it("lists every line with published hours when no resource is named, one bubble each", () => {
    const reply = render(openNow([]), tuesdayAtFive);
    expect(firstNames(reply)).toEqual(["テレワーク相談センター", "東京テレワーク推進センター"]);
    for (const bubble of bubblesOf(reply)) expect(textOf(bubble)).toContain("受付時間外");
  });

  it("never mixes 受付中 and 受付時間外 in one unit, and keeps status words out of lead texts", () => {
    const instants = [mondayMorning, tuesdayAtFive, tokyo("2026-03-14T11:00"), tokyo("2026-11-24T10:00")];
    const decisions = [openNow([]), openNow(["tw-sodan", "tokyo-center", "telework-manager"]), openNow(["hatarakikata-subsidy"]), resources("tw-sodan", "tokyo-center")];
    for (const now of instants) {
      for (const decision of decisions) {
        const reply = render(decision, now);
        for (const unit of units(reply)) expect(unit.includes("受付中") && unit.includes("受付時間外")).toBe(false);
        for (const message of reply) {
          if (message.type === "text") for (const word of statusWords) expect(message.text).not.toContain(word);
        }
      }
    }
  });

  it("says a typed number has ended and points to the free dial still accepted", () => {
    const reply = render(openNow(["tw-sodan"], ["alternate-1"]), tokyo("2026-04-14T10:00"));
    const [card] = bubblesOf(reply);
    const text = textOf(card!);
    expect(text.indexOf("受付終了 03-5577-4724")).toBeLessThan(text.indexOf("受付中 0120-91-6479"));
    expect(text).toContain("お尋ねの番号は受付を終了しています。代わりに次の番号をご利用ください。");
    expect(flexOf(reply).altText).toMatch(/^テレワーク相談センターの03-5577-4724は、2020年5月31日で受付を終了しました。いま受け付けているのは、テレワーク相談センター（0120-91-6479、本日17:00まで）です。/);
    expect(buttonsOf(card!).map((b) => (b.action as messagingApi.URIAction).uri)).toContain("tel:0120916479");
    expect(JSON.stringify(card)).not.toContain("tel:0355774724");
  });

  it("answers for a subsidy by showing the lines it refers to", () => {
    const reply = render(openNow(["hatarakikata-subsidy"]));
    expect(firstNames(reply)).toEqual(["働き方改革推進支援助成金（テレワークコース等）", "テレワーク相談センター", "東京テレワーク推進センター"]);
    expect(textOf(bubblesOf(reply)[0]!)).toContain("電話番号は公表されていません。");
  });

  it("says so when every line of a resource has ended, instead of calling the number unpublished", () => {
    const onlyAlternates = {
      ...catalog,
      resources: catalog.resources.map((r) => (r.id === "tw-sodan" ? { ...r, contacts: r.contacts.filter((c) => c.id.startsWith("alternate")) } : r)),
    };
    const [card] = bubblesOf(render(openNow(["tw-sodan"]), mondayMorning, onlyAlternates));
    const text = textOf(card!);
    expect(text).toContain("受付終了 03-5577-4724");
    expect(text).toContain("この窓口で受け付けている電話番号は、いまはありません。");
    expect(text).not.toContain("公表されていません");
    expect(JSON.stringify(card)).not.toContain("tel:");
  });

  it("gives 受付時間不明 for テレワークマネージャー even on a Sunday night", () => {
    const text = textOf(bubblesOf(render(openNow(["telework-manager"]), tokyo("2026-06-14T20:00")))[0]!);
    expect(text).toContain("受付時間不明 03-5213-4032");
    expect(text).not.toContain("受付時間外");
  });
});

describe("when the bot cannot answer", () => {
  const resourceNames = catalog.resources.map((r) => r.name);

  it("says plainly that an out-of-scope question cannot be answered, with no resource card", () => {
    const reply = render({ kind: "noMatch", reason: "outOfScope", suggestions: [{ resourceId: "hatarakikata-subsidy", score: 3, matched: ["助成金"] }] });
    expect(reply[0]).toMatchObject({ type: "text" });
    expect((reply[0] as messagingApi.TextMessage).text).toContain("このボットではお答えできません");
    for (const first of firstNames(reply)) for (const name of resourceNames) expect(first).not.toContain(name);
    expect(JSON.stringify(reply)).not.toContain("hatarakikata-subsidy");
  });

  it("tells what it knows and offers the categories as buttons, for LINE on PC", () => {
    const reply = render({ kind: "noMatch", reason: "unknown", suggestions: [] });
    expect((reply[0] as messagingApi.TextMessage).text).toContain("相談窓口、助成金・補助金、労務管理・就業規則、セキュリティ・ICT、支援プログラム");
    const labels = buttonsOf(bubblesOf(reply)[0]!).map((b) => b.action.label);
    expect(labels).toEqual(["相談窓口", "助成金・補助金", "労務管理・就業規則", "セキュリティ・ICT", "支援プログラム", "今つながる窓口"]);
  });

  it("offers 'did you mean' suggestions as buttons", () => {
    const reply = render({ kind: "noMatch", reason: "unknown", suggestions: [{ resourceId: "it-subsidy", score: 1, matched: [] }] });
    const suggestion = buttonsOf(bubblesOf(reply)[0]!)[0];
    expect(suggestion?.action).toMatchObject({ label: "IT導入補助金", data: "a=res&id=it-subsidy", displayText: "IT導入補助金について知りたい" });
  });

  it("asks for a question when the message was empty", () => {
    const reply = render({ kind: "noMatch", reason: "empty", suggestions: [] });
    expect((reply[0] as messagingApi.TextMessage).text).toMatch(/^ご質問を入力してください。/);
  });

  it("never answers with nothing, even for ids not in the catalog", () => {
    for (const decision of [resources("no-such-thing"), { kind: "category", categoryId: "nope", matched: [] } as Decision, openNow(["nope"])]) {
      expect(render(decision).length).toBeGreaterThan(0);
    }
  });
});

describe("a remark, and a question asked back (issue 23)", () => {
  it("answers a remark kindly in the catalog's words, with the menu and no resource card", () => {
    const reply = render({ kind: "chatter" });
    expect(reply[0]).toMatchObject({ type: "text", text: expect.stringContaining("お聞かせいただき、ありがとうございます") });
    for (const first of firstNames(reply)) for (const name of catalog.resources.map((r) => r.name)) expect(first).not.toContain(name);
    expect(buttonsOf(bubblesOf(reply)[0]!).map((b) => b.action.label)).toContain("相談窓口");
  });

  it("has a neutral default when the catalog's voice says nothing", () => {
    const reply = render({ kind: "chatter" }, mondayMorning, { ...catalog, voice: {} });
    expect((reply[0] as messagingApi.TextMessage).text).toMatch(/^お聞かせいただき、ありがとうございます。このボットでは/);
  });

  it("asks which one, shows the candidates' cards best first, and offers them as quick replies before the main ones", () => {
    const decision: Decision = { kind: "clarify", matches: ["mhlw-guideline", "intro-model"].map((resourceId, i) => ({ resourceId, score: 5 - i, matched: [] })) };
    const reply = enforceLineLimits(withQuickReply(renderDecision(decision, { catalog, now: mondayMorning }), catalog));
    expect(reply[0]).toMatchObject({ type: "text", text: expect.stringContaining("どちらについてですか") });
    expect(bubblesOf(reply).map((b) => firstTextOf(b))).toEqual(["事業場外勤務ガイドライン", "働き方改革のためのテレワーク導入モデル"]);
    const chips = (reply.at(-1)?.quickReply?.items ?? []).map((i) => i.action?.label);
    expect(chips.slice(0, 2)).toEqual(["事業場外勤務ガイドライン", "働き方改革のためのテレワーク導入モデル"]);
    expect(chips).toContain("使い方");
  });

  it("shortens a long name on its chip the way a person would, not by cutting it", () => {
    const decision: Decision = { kind: "clarify", matches: ["hatarakikata-subsidy", "jta-program"].map((resourceId, i) => ({ resourceId, score: 5 - i, matched: [] })) };
    const reply = enforceLineLimits(withQuickReply(renderDecision(decision, { catalog, now: mondayMorning }), catalog));
    const chips = (reply.at(-1)?.quickReply?.items ?? []).map((i) => i.action?.label);
    expect(chips.slice(0, 2)).toEqual(["働き方改革推進支援助成金", "テレワーク緊急導入支援プログラム"]);
  });
});

describe("greetings", () => {
  it("answers thanks briefly", () => {
    expect(render({ kind: "greeting", variant: "thanks" })).toEqual([{ type: "text", text: "どういたしまして。ほかにも気になることがあれば、いつでもお尋ねください。" }]);
  });

  it("explains how to ask, with example questions", () => {
    const [help] = render({ kind: "greeting", variant: "help" });
    expect((help as messagingApi.TextMessage).text).toContain("・テレワークの相談窓口を教えて");
  });
});

describe("layout snapshots (a layout change shows up in review)", () => {
  it("テレワーク相談センター card on a Monday morning", () => {
    expect(render(resources("tw-sodan"))).toMatchSnapshot();
  });

  it("subsidy card with its cross-references", () => {
    expect(bubblesOf(render(resources("hatarakikata-subsidy")))[0]).toMatchSnapshot();
  });

  it("status card for an ended number", () => {
    expect(render(openNow(["tw-sodan"], ["alternate-1"]), tokyo("2026-04-14T10:00"))).toMatchSnapshot();
  });

  it("menu bubble for an unanswerable question", () => {
    expect(render({ kind: "noMatch", reason: "outOfScope", suggestions: [] })).toMatchSnapshot();
  });
});

describe("hours on the cards (issue 9)", () => {
  /** The catalog with テレワーク相談センター's free dial given other hours. */
  function withFreeDialHours(hours: Hours): Catalog {
    const contacts = (r: Resource) => r.contacts.map((c) => (c.kind === "phone" && c.id === "free-dial" ? { ...c, hours } : c));
    return { ...catalog, resources: catalog.resources.map((r) => (r.id === "tw-sodan" ? { ...r, contacts: contacts(r) } : r)) };
  }
  const sodanCard = (now: typeof mondayMorning, from: Catalog = catalog) => textOf(bubblesOf(render(openNow(["tw-sodan"]), now, from))[0]!);

  it("says why a weekday line is closed on a national holiday, in the card and the altText", () => {
    const holiday = tokyo("2026-11-23T10:00");
    const current = { ...catalog, reviewAfterDays: 10_000 };
    expect(sodanCard(holiday, current)).toContain("受付時間外 0120-91-6479");
    expect(sodanCard(holiday, current)).toContain("本日は祝日（勤労感謝の日）のため受付時間外です。次の受付は11月24日(火) 9:00から");
    expect(flexOf(render(openNow(["tw-sodan"]), holiday, current)).altText).toBe(
      "いま受け付けている窓口はありません。本日は祝日（勤労感謝の日）のため、テレワーク相談センターは11月24日(火) 9:00からの受付です。",
    );
    expect(sodanCard(holiday)).toContain("本日は祝日（勤労感謝の日）のため、2020年3月時点の受付時間では受付時間外（次の受付は11月24日(火) 9:00から）");
  });

  it("never says 受付中 over 年末年始 when the source is silent about it", () => {
    const text = sodanCard(tokyo("2026-12-30T10:00"));
    expect(text).toContain("受付時間不明 0120-91-6479");
    expect(text).toContain("年末年始の受付時間は出典に記載がありません");
    expect(text).not.toContain("受付中");
  });

  it("shows a year-end closure in words and 受付開始前 with the start date", () => {
    const periods = withFreeDialHours({
      text: "2027年4月1日から平日9:00～17:00",
      periods: [{ from: "2027-04-01", weekly: [{ days: "weekdays", open: "09:00", close: "17:00", onHolidays: false }] }],
      closed: [],
      yearEnd: { closed: { from: "12-29", to: "01-03" } },
    });
    const text = sodanCard(tokyo("2026-11-24T10:00"), periods);
    expect(text).toContain("受付開始前 0120-91-6479");
    expect(text).toContain("受付時間 2027年4月1日から平日9:00～17:00 年末年始（12月29日～1月3日）はお休みです");
    expect(text).toContain("2027年4月1日(木)から受付開始");
    const [bubble] = bubblesOf(render(openNow(["tw-sodan"]), tokyo("2026-11-24T10:00"), periods));
    const badge = componentsOf(bubble!).find((c) => c.type === "box" && c.backgroundColor === statusColors.notStarted);
    expect(badge).toBeDefined();
  });

  it("shows the stated times of a line whose days are not stated, as 受付時間不明", () => {
    const unstated = withFreeDialHours({ text: "10:00～16:00", weekly: [{ days: "unstated", open: "10:00", close: "16:00", onHolidays: false }], closed: [], yearEnd: "open" });
    const text = sodanCard(tokyo("2026-11-24T11:00"), unstated);
    expect(text).toContain("受付時間不明 0120-91-6479");
    expect(text).toContain("受付曜日は出典に記載がありません（受付時間は10:00～16:00）");
  });
});

describe("how old the facts are", () => {
  const fresh = tokyo("2020-03-16T10:30");
  const old = mondayMorning;

  it("shows statuses bare while the data is within its review period", () => {
    expect(flexOf(render(openNow(["tw-sodan"]), fresh)).altText).toBe("いま受け付けているのは、テレワーク相談センター（0120-91-6479、本日17:00まで）です。");
    expect(sodanText(fresh)).not.toContain("時点の受付時間では");
  });

  it("qualifies every status with the month of the hours once the data is older, in the card and the altText", () => {
    expect(flexOf(render(openNow(["tw-sodan"]), old)).altText).toBe(
      "いま受け付けているのは、テレワーク相談センター（0120-91-6479、本日17:00まで）です。受付時間は2020年3月時点の情報によります。",
    );
    expect(sodanText(old)).toContain("受付中 0120-91-6479 受付時間 平日9:00～17:00 2020年3月時点の受付時間では受付中（本日17:00まで）");
    const managerCard = textOf(bubblesOf(render(openNow(["telework-manager"]), old))[0]!);
    // Except an unknown status, which no date makes any more or less known.
    expect(managerCard).toContain("受付時間不明 03-5213-4032 受付時間は公表されていません");
    expect(managerCard).not.toContain("時点の受付時間では受付時間不明");
    const evening = textOf(bubblesOf(render(openNow(["tw-sodan"]), tokyo("2026-03-17T17:00")))[0]!);
    expect(evening).toContain("2020年3月時点の受付時間では受付時間外（次の受付は3月18日(水) 9:00から）");
  });

  it("follows the catalog's reviewAfterDays, counted in Japan days", () => {
    const strict = { ...catalog, reviewAfterDays: 3 };
    const staleNote = "受付時間は2020年3月時点の情報によります。";
    expect(flexOf(render(openNow(["tw-sodan"]), tokyo("2020-03-15T10:30"), strict)).altText).not.toContain(staleNote);
    expect(flexOf(render(openNow(["tw-sodan"]), tokyo("2020-03-16T10:30"), strict)).altText).toContain(staleNote);
    expect(textOf(bubblesOf(render(openNow(["tw-sodan"]), tokyo("2020-03-16T10:30"), strict))[0]!)).toContain("2020年3月時点の受付時間では受付中");
    const lenient = { ...catalog, reviewAfterDays: 10_000 };
    expect(flexOf(render(openNow(["tw-sodan"]), old, lenient)).altText).toBe("いま受け付けているのは、テレワーク相談センター（0120-91-6479、本日17:00まで）です。");
  });

  it("puts the as-of date on every card as readable text (xs or larger, contrast at least 4.5:1 on white)", () => {
    const replies = [render(resources("tw-sodan", "hatarakikata-subsidy")), render(openNow(["tw-sodan", "hatarakikata-subsidy"])), render({ kind: "noMatch", reason: "unknown", suggestions: [] })];
    for (const bubble of replies.flatMap(bubblesOf)) {
      const notice = componentsOf(bubble).find((c): c is messagingApi.FlexText => c.type === "text" && (c.text ?? "").includes("2020年3月12日時点の情報です。"));
      expect(notice, textOf(bubble)).toBeDefined();
      expect(["xs", "sm", "md", "lg", "xl"]).toContain(notice?.size);
      expect(contrastOnWhite(notice?.color ?? "#FFFFFF")).toBeGreaterThanOrEqual(4.5);
    }
  });

  function sodanText(now: typeof mondayMorning): string {
    return textOf(bubblesOf(render(resources("tw-sodan"), now))[0]!);
  }
});

/** WCAG contrast ratio of a #RRGGBB colour against white. */
function contrastOnWhite(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}
