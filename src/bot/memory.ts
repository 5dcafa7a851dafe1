import type { webhook } from "@line/bot-sdk";
import { z } from "zod";
import type { Resource } from "../catalog/schema.ts";
import type { Decision } from "../understand/decision.ts";

/**
 * What the bot last showed in one conversation, so that 「そこって何時まで？」 can be answered.
 * Ids only: never the user's words.
 */
export const conversationMemorySchema = z.strictObject({
  /** Resources shown, in the order the user saw them (so 「2つ目」 is the second card). */
  resourceIds: z.array(z.string()).max(20),
  /** The category, when the answer was a category list. */
  categoryId: z.string().optional(),
  /** Numbers the user asked about, to keep them first when asked again. */
  contactIds: z.array(z.string()).max(20),
  /** The region the user mentioned (region id). */
  region: z.string().optional(),
});

export type ConversationMemory = z.infer<typeof conversationMemorySchema>;

/** A 1:1 chat is its user; in a group or room each member has their own conversation with the bot. */
export function conversationKey(event: webhook.Event): string | undefined {
  const source = event.source;
  if (!source?.userId) return undefined;
  if (source.type === "group") return `group:${source.groupId}:${source.userId}`;
  if (source.type === "room") return `room:${source.roomId}:${source.userId}`;
  return `user:${source.userId}`;
}

/** Stored memory read back; anything else (an older format, a damaged value) is no memory. */
export function parseMemory(stored: string | null): ConversationMemory | null {
  if (stored === null) return null;
  try {
    const parsed = conversationMemorySchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The memory after an answer: what it showed, with the region carried over until another is named.
 * Answers that show no resource (greetings, "not found") leave the memory as it was.
 */
export function memoryAfter(
  decision: Decision,
  shown: Resource[],
  previous: ConversationMemory | null,
  mentionedRegion: string | undefined,
): ConversationMemory | undefined {
  if (shown.length === 0) return undefined;
  const region = ("region" in decision ? decision.region : undefined) ?? mentionedRegion ?? previous?.region;
  return {
    resourceIds: shown.map((r) => r.id).slice(0, 20),
    ...(decision.kind === "category" ? { categoryId: decision.categoryId } : {}),
    contactIds: decision.kind === "openNow" ? decision.contactIds.slice(0, 20) : [],
    ...(region ? { region } : {}),
  };
}
