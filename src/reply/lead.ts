import type { messagingApi } from "@line/bot-sdk";
import type { Decision } from "../understand/decision.ts";
import { detailAnswer, overviewSentences } from "./answer-lead.ts";
import { askedTimeLead } from "./asked-time-lead.ts";
import type { RenderContext } from "./context.ts";
import { fitText, lineLimits } from "./limits.ts";
import { noticeLead } from "./notice-lead.ts";
import { programmeLead, programmesEndedLead } from "./programme-lead.ts";

/**
 * One source of the sentences that open a reply before any card, as a clerk answers in words first: the
 * answer itself, a notice in force, how old a programme's facts are. Each returns its sentences (or none).
 */
export type LeadSource = (decision: Decision, ctx: RenderContext) => string[];

// In the order they are read. A new kind of sentence is a new file and a line here. A question about a time
// the data may not cover is first told the data's date, then the notices in force; a detail asked is answered
// next, before a programme's lifetime (it ended, its deadline), which opens any other answer. A list says what
// it lists, then how many of its programmes have ended.
const sources: LeadSource[] = [askedTimeLead, noticeLead, detailAnswer, programmeLead, overviewSentences, programmesEndedLead];

export function leadSentences(decision: Decision, ctx: RenderContext): string[] {
  return sources.flatMap((source) => source(decision, ctx));
}

/**
 * The sentences as the reply's first message; a reply that already opens with a text gets them in front of
 * it. The cards' alt text (what a notification and the chat list show) says the same.
 */
export function withLead(sentences: string[], messages: messagingApi.Message[]): messagingApi.Message[] {
  if (sentences.length === 0) return messages;
  const lead = sentences.join("");
  const withAlt = messages.map((m) => (m.type === "flex" ? { ...m, altText: fitText(lead, lineLimits.altTextLength) } : m));
  const [first, ...rest] = withAlt;
  if (first?.type === "text") return [{ ...first, text: `${lead}\n${first.text}` }, ...rest];
  return [{ type: "text", text: lead }, ...withAlt];
}
