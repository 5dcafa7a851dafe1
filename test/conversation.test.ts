import type { messagingApi, webhook } from "@line/bot-sdk";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createEventHandler } from "../src/bot/handle-event.ts";
import type { BotReply } from "../src/bot/types.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { catalogMetaSchema } from "../src/catalog/schema.ts";
import { firstTextOf } from "../src/reply/limits.ts";
import { createConversations } from "../src/store/conversations.ts";
import { createMemoryStore } from "../src/store/memory-store.ts";
import { createUnderstander } from "../src/understand/understand.ts";

const catalog = loadCatalog("data");
// A Tuesday, 10:30 in Tokyo: テレワーク相談センター's free dial (weekdays 9-17) is open.
const now = DateTime.fromISO("2026-03-10T10:30", { zone: "Asia/Tokyo" });
const handle = createEventHandler({ catalog, understand: createUnderstander(catalog) });

let sequence = 0;
function event(action: { text: string } | { postback: string }, source: webhook.Source): webhook.Event {
  sequence += 1;
  const base = {
    timestamp: now.toMillis(),
    mode: "active" as const,
    webhookEventId: `01HZXCONVERSATION${String(sequence).padStart(9, "0")}`,
    deliveryContext: { isRedelivery: false },
    source,
    replyToken: String(sequence).padStart(32, "0"),
  };
  if ("text" in action) return { ...base, type: "message", message: { type: "text", id: String(sequence), quoteToken: "q", text: action.text } };
  return { ...base, type: "postback", postback: { data: action.postback } };
}

/** A user chatting with the bot as the webhook would run it: memory read before, written after each reply. */
function chat(source: webhook.Source = { type: "user", userId: `U${"a".repeat(32)}` }, conversations = createConversations(createMemoryStore(100), 30 * 60_000)) {
  return async (action: string | { postback: string }): Promise<BotReply> => {
    const e = event(typeof action === "string" ? { text: action } : action, source);
    const memory = await conversations.recall(e);
    const reply = handle(e, { now, memory });
    if (!reply) throw new Error("expected a reply");
    await conversations.remember(e, reply.memory);
    return reply;
  };
}

/** Every text a user can read in the reply (text messages and every text of every card). */
function readable(reply: BotReply): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const { type, text, quickReply, ...rest } = node as Record<string, unknown>;
      if ((type === "text" || type === "span") && typeof text === "string") texts.push(text);
      Object.values(rest).forEach(walk);
    }
  };
  walk(reply.messages);
  return texts.join("\n");
}

const cardNames = (reply: BotReply): string[] =>
  reply.messages.flatMap((m) => {
    if (m.type !== "flex") return [];
    const contents = m.contents as messagingApi.FlexContainer;
    const bubbles = contents.type === "carousel" ? contents.contents : [contents];
    return bubbles.map((b) => firstTextOf(b) ?? "");
  });

describe("follow-up questions about what was just shown", () => {
  it("after the card of テレワーク相談センター, answers そこ, 今, 電話番号, メール and サイト about it", async () => {
    const say = chat();
    expect(cardNames(await say("テレワーク相談センターについて教えて"))[0]).toBe("テレワーク相談センター");

    const hours = await say("そこって何時まで？");
    expect(cardNames(hours)).toEqual(["テレワーク相談センター"]);
    expect(readable(hours)).toContain("平日9:00～17:00");
    expect(readable(hours)).toContain("受付中");
    expect(readable(hours)).not.toContain("見つかりませんでした");

    const open = await say("今つながる？");
    expect(cardNames(open)).toEqual(["テレワーク相談センター"]);
    expect(readable(open)).toContain("受付中");

    expect(readable(await say("電話番号は？"))).toContain("0120-91-6479");

    const mail = await say("メールでも相談できる？");
    expect(readable(mail)).toContain("sodan@japan-telework.or.jp");
    expect(cardNames(mail)).toEqual(["テレワーク相談センター"]);

    expect(readable(await say("サイトは？"))).toContain("https://www.tw-sodan.jp/");
  });

  it("says plainly when what was shown has no e-mail address", async () => {
    const say = chat();
    await say("テレワークマネージャー");
    const mail = await say("メールアドレスは？");
    expect(readable(mail)).toContain("テレワークマネージャー事業のメールアドレスは、この案内（2020年3月12日の発表）には載っていません。");
  });

  it("他には shows the others of the same kind; 2つ目 is the second card the user saw", async () => {
    const say = chat();
    await say("テレワーク相談センター");
    const more = await say("他には？");
    expect(cardNames(more)).not.toContain("テレワーク相談センター");
    expect(cardNames(more)).toContain("テレワークマネージャー事業");
    const second = cardNames(more)[1];
    const detail = await say("2つ目のをもっと詳しく");
    expect(cardNames(detail)[0]).toBe(second);
  });

  it("東京の場合は puts Tokyo's help of the same kind first", async () => {
    const say = chat();
    await say("テレワーク相談センター");
    expect(cardNames(await say("東京の場合は？"))[0]).toBe("東京テレワーク推進センター");
  });

  it("a question that names something new starts over: じゃあ助成金は？", async () => {
    const say = chat();
    await say("テレワーク相談センター");
    const subsidies = await say("じゃあ助成金は？");
    expect(subsidies.followUp).toBeUndefined();
    expect(readable(subsidies)).toContain("「助成金・補助金」は3件です。");
    // …and what it showed is now what the conversation is about.
    expect(readable(await say("1つ目のをもっと詳しく"))).toContain(cardNames(subsidies)[0]);
  });

  it("a follow-up that cannot be resolved is a fresh question, never a guess", async () => {
    const say = chat();
    const first = await say("そこって何時まで？");
    expect(first.followUp).toBeUndefined();
    expect(readable(first)).toContain("見つかりませんでした");
    await say("テレワーク相談センター");
    // There is no fifth card to talk about.
    const fifth = await say("5つ目のをもっと詳しく");
    expect(fifth.followUp).toBeUndefined();
    expect(cardNames(fifth)).not.toContain("テレワーク相談センター");
  });

  it("finds follow-up words as written: the める of 進める is not メール", async () => {
    const say = chat();
    await say("テレワーク相談センター");
    expect((await say("どう進めるの？")).followUp).toBeUndefined();
  });

  it("a question that names the resource itself is answered as without memory", async () => {
    const say = chat();
    await say("テレワーク相談センター");
    const named = await say("テレワーク相談センターの電話番号");
    expect(named.followUp).toBeUndefined();
    expect(named.messages).toEqual((await chat()("テレワーク相談センターの電話番号")).messages);
  });

  it("a button tap updates the memory like a typed question", async () => {
    const say = chat();
    await say({ postback: "a=res&id=tokyo-center" });
    const hours = await say("そちらの受付時間は？");
    expect(cardNames(hours)).toEqual(["東京テレワーク推進センター"]);
  });

  it("keeps one conversation per user, and per member of a group", async () => {
    const conversations = createConversations(createMemoryStore(100), 30 * 60_000);
    const groupId = `C${"1".repeat(32)}`;
    const mention = (text: string) => ({ text: `@テレワーク支援ナビ ${text}` });
    // In a group the bot answers only when mentioned; each member's follow-ups are about what that member saw.
    const member = (userId: string) => {
      const source: webhook.Source = { type: "group", groupId, userId };
      return async (text: string) => {
        const e = event(mention(text), source) as webhook.MessageEvent;
        if (e.message.type === "text") e.message.mention = { mentionees: [{ type: "user", index: 0, length: 11, isSelf: true }] };
        const memory = await conversations.recall(e);
        const reply = handle(e, { now, memory });
        if (!reply) throw new Error("expected a reply");
        await conversations.remember(e, reply.memory);
        return reply;
      };
    };
    const alice = member(`U${"b".repeat(32)}`);
    const bob = member(`U${"c".repeat(32)}`);
    await alice("テレワーク相談センター");
    await bob("テレワークマネージャー");
    expect(cardNames(await alice("そこの電話番号は？"))).toEqual(["テレワーク相談センター"]);
    expect(cardNames(await bob("そこの電話番号は？"))).toEqual(["テレワークマネージャー事業"]);
  });

  it("forgets after the memory's lifetime", async () => {
    let clock = 0;
    const conversations = createConversations(createMemoryStore(100, () => clock), 30 * 60_000);
    const say = chat(undefined, conversations);
    await say("テレワーク相談センター");
    clock += 31 * 60_000;
    expect((await say("そこって何時まで？")).followUp).toBeUndefined();
  });

  it("never keeps the user's words", async () => {
    const say = chat();
    const reply = await say("テレワーク相談センターについて教えて、うちは渋谷の会社です");
    expect(JSON.stringify(reply.memory)).not.toMatch(/教えて|渋谷|会社/);
  });
});

describe("catalogs without follow-up words", () => {
  it("still validate, and every message is a fresh question as before", () => {
    const { followUp, ...vocabulary } = catalog.vocabulary;
    const { version, title, asOf, source, categories, regions } = catalog;
    const meta = catalogMetaSchema.parse({ version, title, asOf, source, categories, regions, vocabulary });
    expect(meta.vocabulary.followUp.pointers).toEqual([]);
    const old = createEventHandler({ catalog: { ...catalog, vocabulary: meta.vocabulary }, understand: createUnderstander(catalog) });
    const memory = { resourceIds: ["tw-sodan"], contactIds: [] };
    expect(old(event({ text: "そこって何時まで？" }, { type: "user", userId: `U${"d".repeat(32)}` }), { now, memory })?.followUp).toBeUndefined();
    expect(followUp.pointers.length).toBeGreaterThan(0);
  });
});
