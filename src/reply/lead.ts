import type { messagingApi } from "@line/bot-sdk";
import type { Decision } from "../understand/decision.ts";
import type { RenderContext } from "./context.ts";

/**
 * One source of the sentences that open a reply before any card, as a clerk answers in words first: the
 * answer itself, a notice in force, how old a programme's facts are. Each returns its sentences (or none).
 */
export type LeadSource = (decision: Decision, ctx: RenderContext) => string[];

// In the order they are read. A new kind of sentence is a new file and a line here.
const sources: LeadSource[] = [];

export function leadSentences(decision: Decision, ctx: RenderContext): string[] {
  return sources.flatMap((source) => source(decision, ctx));
}

/** The sentences as the reply's first message; a reply that already opens with a text gets them in front of it. */
export function withLead(sentences: string[], messages: messagingApi.Message[]): messagingApi.Message[] {
  if (sentences.length === 0) return messages;
  const lead = sentences.join("");
  const [first, ...rest] = messages;
  if (first?.type === "text") return [{ ...first, text: `${lead}\n${first.text}` }, ...rest];
  return [{ type: "text", text: lead }, ...messages];
}
