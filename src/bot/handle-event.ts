import type { messagingApi, webhook } from "@line/bot-sdk";
import type { Catalog } from "../catalog/schema.ts";
import type { RenderContext } from "../reply/context.ts";
import { enforceLineLimits } from "../reply/limits.ts";
import { renderFeedback } from "../reply/feedback.ts";
import { withQuickReply } from "../reply/quick-reply.ts";
import { renderDecision, renderJoin, renderNonText, renderWelcome, shownResources } from "../reply/render.ts";
import type { Decision, Understanding } from "../understand/decision.ts";
import { createFollowUpResolver, type FollowUp, type FollowUpResolver } from "./follow-up.ts";
import { type ConversationMemory, memoryAfter } from "./memory.ts";
import { tapForPostback } from "./postback.ts";
import { createReplyMemo } from "./reply-memo.ts";
import type { BotReply, EventHandler, ReplyRecord } from "./types.ts";

export interface EventHandlerDeps {
  catalog: Catalog;
  understand: (text: string) => Understanding;
}

const helpDecision: Decision = { kind: "greeting", variant: "help" };
// A few hundred replies of ~10 KB: the distinct questions of a burst, at little memory.
const MEMO_CAPACITY = 256;

interface Turn {
  ctx: RenderContext;
  memory: ConversationMemory | null;
  understand: EventHandlerDeps["understand"];
  followUps: FollowUpResolver;
}

/** The bot: one LINE event (and the instant) in, the reply messages out, or null for no reply. */
export function createEventHandler({ catalog, understand }: EventHandlerDeps): EventHandler {
  const memo = createReplyMemo(MEMO_CAPACITY);
  const followUps = createFollowUpResolver(catalog, understand);
  return (event, { now, memory = null }) => {
    const remembered = memo.get(event, now, memory);
    if (remembered !== undefined) return remembered;
    const ctx: RenderContext = { catalog, now };
    const answer = respond(event, { ctx, memory, understand, followUps });
    const reply = answer && { ...answer, messages: finish(answer, ctx) };
    memo.set(event, now, memory, reply);
    return reply;
  };
}

/**
 * Every reply ends with the quick-reply buttons and goes through the LINE limits once, here. An answer to
 * a typed question also asks whether it helped (the record then holds the question until the user says).
 */
function finish({ messages, record }: BotReply, ctx: RenderContext): messagingApi.Message[] {
  const fitted = enforceLineLimits(withQuickReply(messages, ctx.catalog, record?.questionText !== undefined));
  // LINE refuses a reply with no message: if nothing fits, the user still gets the help answer.
  return fitted.length > 0 ? fitted : enforceLineLimits(withQuickReply(renderDecision(helpDecision, ctx), ctx.catalog));
}

function respond(event: webhook.Event, turn: Turn): BotReply | null {
  const { ctx } = turn;
  // In standby mode another channel owns the chat; without a reply token there is nothing to answer.
  if (event.mode !== "active" || !("replyToken" in event) || !event.replyToken) return null;
  switch (event.type) {
    case "follow":
      return { messages: renderWelcome(event.follow?.isUnblocked === true, ctx), reason: "follow", record: { decision: "welcome", resourceIds: [] } };
    case "join":
      return { messages: renderJoin(ctx), reason: "join", record: { decision: "join", resourceIds: [] } };
    case "message":
      return respondToMessage(event, turn);
    case "postback":
      return respondToPostback(event.postback?.data, turn);
    default:
      return null;
  }
}

/** The messages for a decision, and the memory of what they show. */
function answer(decision: Decision, reason: string, turn: Turn, mentionedRegion?: string, followUp?: FollowUp, text?: string): BotReply & { record: ReplyRecord } {
  const memory = memoryAfter(decision, shownResources(decision, turn.ctx), turn.memory, mentionedRegion);
  return {
    messages: renderDecision(decision, turn.ctx),
    reason,
    ...(memory ? { memory } : {}),
    ...(followUp ? { followUp: { aspect: followUp.aspect, about: followUp.about } } : {}),
    record: { ...recordOf(decision, text), memoryUsed: followUp !== undefined },
  };
}

function respondToMessage(event: webhook.MessageEvent, turn: Turn): BotReply | null {
  const { ctx, followUps } = turn;
  const inGroup = event.source?.type === "group" || event.source?.type === "room";
  const { message } = event;
  if (message.type !== "text") {
    return inGroup ? null : { messages: renderNonText(message.type, ctx), reason: message.type, record: { decision: "nonText", resourceIds: [] } };
  }
  // In groups and rooms the bot speaks only when spoken to.
  if (inGroup && !mentionsBot(message)) return null;
  const text = followUps.questionText(inGroup ? withoutBotMentions(message) : message.text);
  const understanding = turn.understand(text);
  const region = understanding.explain.region;
  const asked = followUps.resolve(text, understanding, turn.memory);
  // An answer about what was shown, or about a detail of what the message names, still owes the time the question
  // named (今もやってる？).
  const timed = (decision: Decision): Decision => ({ ...decision, time: understanding.time });
  const reply = asked?.fromMemory
    ? answer(timed(asked.decision), `text:followUp:${asked.aspect}`, turn, region, asked, text)
    : asked
      ? // A detail of the resource the message names: no memory needed.
        answer(timed(asked.decision), `text:detail:${asked.aspect}`, turn, region, undefined, text)
      : answer(understanding.decision, `text:${reasonOf(understanding.decision)}`, turn, region, undefined, text);
  return { ...reply, record: { ...reply.record, ...questionRecord(asked?.decision ?? understanding.decision, understanding, text) } };
}

// Answers that show what the user asked for (cards, a list, a detail, the place to consult): worth asking whether they helped.
const answerKinds: ReadonlySet<string> = new Set<Decision["kind"]>(["resources", "category", "openNow", "detail", "region", "referral"]);
const CANDIDATES_KEPT = 3;

/** What the question log keeps of a typed question besides the decision: ids and scores, and words only to group. */
function questionRecord(decision: Decision, understanding: Understanding, text: string): Pick<ReplyRecord, "candidates" | "words" | "questionText"> {
  const candidates = understanding.explain.candidates.slice(0, CANDIDATES_KEPT).map(({ resourceId, score }) => ({ resourceId, score: Math.round(score * 100) / 100 }));
  return { candidates, words: understanding.explain.words, ...(answerKinds.has(decision.kind) ? { questionText: text } : {}) };
}

function respondToPostback(data: unknown, turn: Turn): BotReply {
  const tapped = typeof data === "string" ? tapForPostback(data, turn.ctx.catalog) : null;
  if (!tapped) return answer(helpDecision, "postback:unknown", turn);
  // The verdict on the last answer: the memory of what it showed stays as it was.
  if ("feedback" in tapped) {
    return { messages: renderFeedback(tapped.feedback === "resolved", turn.ctx), reason: `postback:feedback:${tapped.feedback}`, record: { decision: "feedback", resourceIds: [], feedback: tapped.feedback } };
  }
  return answer(tapped.decision, `postback:${tapped.action}`, turn);
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
    case "detail":
    case "region":
      return { decision: "resource", resourceIds: decision.resourceIds };
    // In the domain but not answered specifically: operators need the question to fill the gap.
    case "referral":
      return { decision: "referral", resourceIds: [decision.resourceId], categoryId: decision.categoryIds[0], ...(text === undefined ? {} : { unansweredText: text }) };
    case "clarify":
      return { decision: "resource", resourceIds: decision.matches.map((m) => m.resourceId) };
    // A remark: operators may want to read it, as an unanswered question.
    case "chatter":
      return { decision: "notFound", resourceIds: [], ...(text === undefined ? {} : { unansweredText: text }) };
    case "noMatch": {
      const unanswered = text !== undefined && decision.reason !== "empty" ? { unansweredText: text } : {};
      return { decision: decision.reason === "outOfScope" ? "refused" : "notFound", resourceIds: decision.suggestions.map((m) => m.resourceId), ...unanswered };
    }
  }
}
