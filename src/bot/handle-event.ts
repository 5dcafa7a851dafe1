import type { messagingApi, webhook } from "@line/bot-sdk";
import type { Catalog } from "../catalog/schema.ts";
import type { RenderContext } from "../reply/context.ts";
import { enforceLineLimits } from "../reply/limits.ts";
import { withQuickReply } from "../reply/quick-reply.ts";
import { renderDecision, renderJoin, renderNonText, renderWelcome } from "../reply/render.ts";
import type { Decision, Understanding } from "../understand/decision.ts";
import { decisionForPostback } from "./postback.ts";
import { createReplyMemo } from "./reply-memo.ts";
import type { BotReply, EventHandler, ReplyRecord } from "./types.ts";

export interface EventHandlerDeps {
  catalog: Catalog;
  understand: (text: string) => Understanding;
}

const helpDecision: Decision = { kind: "greeting", variant: "help" };
// A few hundred replies of ~10 KB: the distinct questions of a burst, at little memory.
const MEMO_CAPACITY = 256;

/** The bot: one LINE event (and the instant) in, the reply messages out, or null for no reply. */
export function createEventHandler({ catalog, understand }: EventHandlerDeps): EventHandler {
  const memo = createReplyMemo(MEMO_CAPACITY);
  return (event, { now }) => {
    const remembered = memo.get(event, now);
    if (remembered !== undefined) return remembered;
    const ctx: RenderContext = { catalog, now };
    const answer = respond(event, ctx, understand);
    const reply = answer && { ...answer, messages: finish(answer.messages, ctx) };
    memo.set(event, now, reply);
    return reply;
  };
}

/** Every reply ends with the quick-reply buttons and goes through the LINE limits once, here. */
function finish(messages: messagingApi.Message[], ctx: RenderContext): messagingApi.Message[] {
  const fitted = enforceLineLimits(withQuickReply(messages, ctx.catalog));
  // LINE refuses a reply with no message: if nothing fits, the user still gets the help answer.
  return fitted.length > 0 ? fitted : enforceLineLimits(withQuickReply(renderDecision(helpDecision, ctx), ctx.catalog));
}

function respond(event: webhook.Event, ctx: RenderContext, understand: EventHandlerDeps["understand"]): BotReply | null {
  // In standby mode another channel owns the chat; without a reply token there is nothing to answer.
  if (event.mode !== "active" || !("replyToken" in event) || !event.replyToken) return null;
  switch (event.type) {
    case "follow":
      return { messages: renderWelcome(event.follow?.isUnblocked === true, ctx), reason: "follow", record: { decision: "welcome", resourceIds: [] } };
    case "join":
      return { messages: renderJoin(ctx), reason: "join", record: { decision: "join", resourceIds: [] } };
    case "message":
      return respondToMessage(event, ctx, understand);
    case "postback":
      return respondToPostback(event.postback?.data, ctx);
    default:
      return null;
  }
}

function respondToMessage(event: webhook.MessageEvent, ctx: RenderContext, understand: EventHandlerDeps["understand"]): BotReply | null {
  const inGroup = event.source?.type === "group" || event.source?.type === "room";
  const { message } = event;
  if (message.type !== "text") {
    return inGroup ? null : { messages: renderNonText(message.type, ctx), reason: message.type, record: { decision: "nonText", resourceIds: [] } };
  }
  // In groups and rooms the bot speaks only when spoken to.
  if (inGroup && !mentionsBot(message)) return null;
  const text = inGroup ? withoutBotMentions(message) : message.text;
  const { decision } = understand(text);
  return { messages: renderDecision(decision, ctx), reason: `text:${reasonOf(decision)}`, record: recordOf(decision, text) };
}

function respondToPostback(data: unknown, ctx: RenderContext): BotReply {
  const answer = typeof data === "string" ? decisionForPostback(data, ctx.catalog) : null;
  if (!answer) return { messages: renderDecision(helpDecision, ctx), reason: "postback:unknown", record: recordOf(helpDecision) };
  return { messages: renderDecision(answer.decision, ctx), reason: `postback:${answer.action}`, record: recordOf(answer.decision) };
}

function selfMentions(message: webhook.TextMessageContent) {
  return (message.mention?.mentionees ?? []).filter((m) => m.type === "user" && "isSelf" in m && m.isSelf === true);
}

function mentionsBot(message: webhook.TextMessageContent): boolean {
  return selfMentions(message).length > 0;
}

/** The text without "@bot" (index/length are UTF-16 offsets, removed from the end so earlier ones stay valid). */
function withoutBotMentions(message: webhook.TextMessageContent): string {
  const spans = selfMentions(message).sort((a, b) => b.index - a.index);
  return spans.reduce((text, m) => text.slice(0, m.index) + text.slice(m.index + m.length), message.text).trim();
}

function reasonOf(decision: Decision): string {
  return decision.kind === "noMatch" ? `noMatch:${decision.reason}` : decision.kind;
}

/** The decision in the question log's terms; `text` is kept only when the question went unanswered. */
function recordOf(decision: Decision, text?: string): ReplyRecord {
  switch (decision.kind) {
    case "greeting":
      return { decision: "greeting", resourceIds: [] };
    case "category":
      return { decision: "category", resourceIds: [], categoryId: decision.categoryId };
    case "resources":
      return { decision: "resource", resourceIds: decision.matches.map((m) => m.resourceId) };
    case "openNow":
      return { decision: "openNow", resourceIds: decision.resourceIds };
    // In the domain but not answered specifically: operators need the question to fill the gap.
    case "referral":
      return { decision: "referral", resourceIds: [decision.resourceId], categoryId: decision.categoryIds[0], ...(text === undefined ? {} : { unansweredText: text }) };
    case "noMatch": {
      const unanswered = text !== undefined && decision.reason !== "empty" ? { unansweredText: text } : {};
      return { decision: decision.reason === "outOfScope" ? "refused" : "notFound", resourceIds: decision.suggestions.map((m) => m.resourceId), ...unanswered };
    }
  }
}
