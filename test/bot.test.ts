import type { messagingApi, webhook } from "@line/bot-sdk";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createEventHandler } from "../src/bot/handle-event.ts";
import type { BotReply } from "../src/bot/types.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { firstTextOf } from "../src/reply/limits.ts";
import type { Decision, Understanding } from "../src/understand/decision.ts";
import { createUnderstander } from "../src/understand/understand.ts";

const catalog = loadCatalog("data");
const now = DateTime.fromISO("2026-03-16T10:30", { zone: "Asia/Tokyo" });

/** An understander that answers `decision` and remembers what it was asked. */
function recordingUnderstand(decision: Decision = { kind: "greeting", variant: "hello" }) {
  const heard: string[] = [];
  const understand = (text: string): Understanding => {
    heard.push(text);
    return { decision, explain: { normalized: text, candidates: [], signals: [], tokens: [], words: [], foreignNouns: [] } };
  };
  return { heard, handle: createEventHandler({ catalog, understand }) };
}

const realHandler = createEventHandler({ catalog, understand: createUnderstander(catalog) });

const base = {
  timestamp: now.toMillis(),
  mode: "active" as const,
  webhookEventId: "01HZXEXAMPLEEVENTID0000000",
  deliveryContext: { isRedelivery: false },
  source: { type: "user" as const, userId: `U${"0".repeat(32)}` },
  replyToken: "f".repeat(32),
};

function textEvent(text: string, extra: Partial<webhook.TextMessageContent> = {}, source: webhook.Source = base.source): webhook.MessageEvent {
  return { ...base, source, type: "message", message: { type: "text", id: "1", quoteToken: "q", text, ...extra } };
}

function postbackEvent(data: string): webhook.PostbackEvent {
  return { ...base, type: "postback", postback: { data } };
}

const group: webhook.Source = { type: "group", groupId: `C${"1".repeat(32)}`, userId: `U${"2".repeat(32)}` };

function reply(handle: ReturnType<typeof recordingUnderstand>["handle"], event: webhook.Event): BotReply {
  const result = handle(event, { now });
  if (!result) throw new Error("expected a reply");
  return result;
}

const textsOf = (r: BotReply) => r.messages.flatMap((m) => (m.type === "text" ? [m.text] : []));
const firstCardName = (r: BotReply) => {
  const flex = r.messages.find((m): m is messagingApi.FlexMessage => m.type === "flex");
  return flex && firstTextOf(flex.contents);
};
const quickLabels = (r: BotReply) => r.messages.at(-1)?.quickReply?.items?.map((i) => i.action?.label);

describe("conversation start", () => {
  it("welcomes a new friend with what the bot does, the as-of date and the category buttons", () => {
    const { handle } = recordingUnderstand();
    const welcome = reply(handle, { ...base, type: "follow", follow: { isUnblocked: false } });
    expect(welcome.reason).toBe("follow");
    expect(textsOf(welcome)[0]).toContain("2020年3月12日時点");
    expect(quickLabels(welcome)).toEqual(["相談窓口", "助成金・補助金", "労務管理・就業規則", "セキュリティ・ICT", "支援プログラム", "今つながる窓口", "使い方"]);
  });

  it("welcomes back a user who unblocked the bot", () => {
    const { handle } = recordingUnderstand();
    const welcome = reply(handle, { ...base, type: "follow", follow: { isUnblocked: true } });
    expect(textsOf(welcome)[0]).toMatch(/^またご利用いただき、ありがとうございます。/);
  });

  it("introduces itself in a group and explains that it answers when mentioned", () => {
    const { handle } = recordingUnderstand();
    const intro = reply(handle, { ...base, source: group, type: "join" });
    expect(textsOf(intro)[0]).toContain("メンションを付けて送ってください");
  });
});

describe("text messages", () => {
  it("passes the user's words to understanding and renders the decision", () => {
    const { heard, handle } = recordingUnderstand({ kind: "resources", matches: [{ resourceId: "it-subsidy", score: 5, matched: [] }] });
    const answer = reply(handle, textEvent("IT導入補助金について教えて"));
    expect(heard).toEqual(["IT導入補助金について教えて"]);
    expect(answer.reason).toBe("text:resources");
    expect(firstCardName(answer)).toBe("IT導入補助金");
  });

  it("stays silent in a group unless the bot is mentioned", () => {
    const { heard, handle } = recordingUnderstand();
    expect(handle(textEvent("助成金ある？", {}, group), { now })).toBeNull();
    const someoneElse = { mentionees: [{ type: "user" as const, index: 0, length: 4, userId: "U9", isSelf: false }] };
    expect(handle(textEvent("@田中 助成金ある？", { mention: someoneElse }, group), { now })).toBeNull();
    expect(heard).toEqual([]);
  });

  it("answers a mention in a group, without the mention in the question", () => {
    const { heard, handle } = recordingUnderstand();
    const mention = { mentionees: [{ type: "user" as const, index: 0, length: 11, isSelf: true }] };
    reply(handle, textEvent("@テレワーク支援ナビ 助成金ある？", { mention }, group));
    expect(heard).toEqual(["助成金ある？"]);
  });

  it("puts the quick replies on the last message and never sends more than five", () => {
    const { handle } = recordingUnderstand({ kind: "category", categoryId: "subsidy", matched: [] });
    const answer = reply(handle, textEvent("助成金の一覧"));
    expect(answer.messages.length).toBeLessThanOrEqual(5);
    expect(answer.messages.slice(0, -1).every((m) => m.quickReply === undefined)).toBe(true);
    for (const item of answer.messages.at(-1)?.quickReply?.items ?? []) {
      expect(item.action).toMatchObject({ type: "postback" });
      expect((item.action as messagingApi.PostbackAction).displayText).toBeTruthy();
    }
  });
});

describe("with the real understanding", () => {
  const ask = (text: string, at = now) => realHandler(textEvent(text), { now: at });

  it("answers a question about a resource with its card first", () => {
    expect(firstCardName(ask("IT導入補助金について教えて")!)).toBe("IT導入補助金");
  });

  it("answers 'is it open now?' with the status at that instant", () => {
    const answer = ask("今テレワーク相談センターに電話つながる？")!;
    expect(answer.reason).toBe("text:openNow");
    expect(firstCardName(answer)).toBe("テレワーク相談センター");
    expect(JSON.stringify(answer.messages)).toContain("受付中");
  });

  it("refuses a programme the release does not cover, without a resource card", () => {
    const answer = ask("雇用調整助成金の申請方法を知りたい")!;
    expect(textsOf(answer)[0]).toContain("お答えできません");
    expect(firstCardName(answer)).toBe("ご案内できること");
  });

  it("answers a greeting with the buttons", () => {
    expect(quickLabels(ask("こんにちは")!)?.length).toBe(7);
  });
});

describe("button taps (postbacks)", () => {
  const { handle } = recordingUnderstand();

  it("shows a category like the equivalent question", () => {
    const answer = reply(handle, postbackEvent("a=cat&id=subsidy"));
    expect(answer.reason).toBe("postback:category");
    expect(textsOf(answer)[0]).toMatch(/^「助成金・補助金」は3件です。.*このうち2件は、申請受付を終了しています。$/);
  });

  it("shows every line with hours for 今つながる窓口, and one resource for 今つながる？", () => {
    expect(reply(handle, postbackEvent("a=open")).reason).toBe("postback:open");
    expect(firstCardName(reply(handle, postbackEvent("a=open&id=tw-sodan")))).toBe("テレワーク相談センター");
  });

  it("opens a suggested resource's card", () => {
    expect(firstCardName(reply(handle, postbackEvent("a=res&id=civic-navi")))).toBe("民間支援情報ナビ");
  });

  it.each([
    ["unknown action", "a=delete&id=tw-sodan"],
    ["unknown category", "a=cat&id=lottery"],
    ["unknown resource", "a=open&id=tw-sodan&id=evil"],
    ["extra parameter", "a=help&x=1"],
    ["two actions", "a=help&a=open"],
    ["not ours at all", "{\"action\":\"buy\"}"],
    ["oversized", `a=open&id=${"tw-sodan".repeat(60)}`],
    ["empty", ""],
  ])("answers tampered data (%s) with the help text", (_, data) => {
    const answer = reply(handle, postbackEvent(data));
    expect(answer.reason).toBe("postback:unknown");
    expect(textsOf(answer)[0]).toMatch(/^使い方をご案内します。/);
  });
});

describe("other messages and events", () => {
  const { handle } = recordingUnderstand();

  it.each(["sticker", "image", "video", "audio", "file", "location"])("asks for a typed question after a %s, with the buttons", (type) => {
    const message = { type, id: "1" } as webhook.MessageContent;
    const answer = reply(handle, { ...base, type: "message", message });
    expect(answer.reason).toBe(type);
    expect(textsOf(answer)[0]).toContain("文字で入力されたご質問にお答えしています");
    expect(quickLabels(answer)).toHaveLength(7);
  });

  it("stays silent for a sticker in a group", () => {
    expect(handle({ ...base, source: group, type: "message", message: { type: "sticker", id: "1", packageId: "1", stickerId: "1", stickerResourceType: "STATIC", quoteToken: "q" } }, { now })).toBeNull();
  });

  it.each([
    ["unfollow", { ...base, type: "unfollow" }],
    ["leave", { ...base, source: group, type: "leave" }],
    ["unsend", { ...base, type: "unsend", unsend: { messageId: "1" } }],
    ["memberLeft", { ...base, source: group, type: "memberLeft", left: { members: [] } }],
    ["a future event type", { ...base, type: "somethingNew" }],
  ])("sends nothing for %s", (_, event) => {
    expect(handle(event as webhook.Event, { now })).toBeNull();
  });

  it("sends nothing in standby mode or without a reply token", () => {
    expect(handle({ ...textEvent("こんにちは"), mode: "standby" }, { now })).toBeNull();
    const { replyToken: _, ...withoutToken } = textEvent("こんにちは");
    expect(handle(withoutToken, { now })).toBeNull();
  });
});

describe("recent replies", () => {
  const tokyo = (iso: string) => DateTime.fromISO(iso, { zone: "Asia/Tokyo" });
  const badgeOf = (r: BotReply | null) => JSON.stringify(r?.messages ?? []).match(/受付中|受付時間外/)?.[0];

  it("reuses the reply to the same question within the same minute, without understanding it again", () => {
    const { heard, handle } = recordingUnderstand();
    const first = handle(textEvent("助成金ある？"), { now: tokyo("2026-03-16T10:30:05") });
    const second = handle(textEvent("助成金ある？"), { now: tokyo("2026-03-16T10:30:55") });
    expect(second).toEqual(first);
    expect(heard).toEqual(["助成金ある？"]);
  });

  it("answers afresh in the next minute, so a line's status changes at 17:00 sharp", () => {
    const question = textEvent("今テレワーク相談センターに電話つながる？");
    expect(badgeOf(realHandler(question, { now: tokyo("2026-03-17T16:59:59") }))).toBe("受付中");
    expect(badgeOf(realHandler(question, { now: tokyo("2026-03-17T17:00:00") }))).toBe("受付時間外");
  });

  it("never lets an event that gets no reply (standby) silence the same question later", () => {
    const { handle } = recordingUnderstand();
    expect(handle({ ...textEvent("こんにちは"), mode: "standby" }, { now })).toBeNull();
    expect(handle(textEvent("こんにちは"), { now })).not.toBeNull();
  });

  it("keeps a group message without a mention apart from the same text with one", () => {
    const { handle } = recordingUnderstand();
    expect(handle(textEvent("@ナビ 助成金", {}, group), { now })).toBeNull();
    const mentioned = textEvent("@ナビ 助成金", { mention: { mentionees: [{ index: 0, length: 3, type: "user", isSelf: true }] } }, group);
    expect(handle(mentioned, { now })).not.toBeNull();
  });
});
