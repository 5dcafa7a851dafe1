import type { webhook } from "@line/bot-sdk";
import { z } from "zod";
import type { Resource } from "../catalog/schema.ts";
import { bestMatch } from "../reply/shown.ts";
import type { Decision } from "../understand/decision.ts";

const ids = z.array(z.string()).max(20);

/**
 * What the bot last showed in one conversation, so that 「そこって何時まで？」 can be answered.
 * Ids only: never the user's words.
 */
export const conversationMemorySchema = z.strictObject({
  /** Resources shown, in the order the user saw them (so 「2つ目」 is the second card). */
  resourceIds: ids,
  /** The category, when the answer was a category list. */
  categoryId: z.string().optional(),
  /** Numbers the user asked about, to keep them first when asked again. */
  contactIds: ids,
  /** The region the user mentioned (region id). */
  region: z.string().optional(),
  /** The last reply that showed several items, kept while later replies show one: 「2つ目」 is its second. */
  list: ids.optional(),
  /**
   * What a detail answer was about, when its cards show something else first (where to apply shows the
   * line that takes applications): the next question about a detail is still about it.
   */
  subject: ids.optional(),
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
 * What an answer was about, when its cards show more: a detail's resources, or the best match (not the
 * inquiry line a 「どこに申請」 put before it, nor the weaker matches after it).
 */
function subjectOf(decision: Decision): string[] {
  if (decision.kind === "detail") return decision.resourceIds;
  if (decision.kind !== "resources") return [];
  const best = bestMatch(decision.matches);
  return best ? [best.resourceId] : [];
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
  const resourceIds = shown.map((r) => r.id).slice(0, 20);
  const list = resourceIds.length > 1 ? undefined : previous && previous.resourceIds.length > 1 ? previous.resourceIds : previous?.list;
  const asked = subjectOf(decision).filter((id) => resourceIds.includes(id));
  const subject = asked.length > 0 && asked.join() !== resourceIds.join() ? asked.slice(0, 20) : undefined;
  return {
    resourceIds,
    ...(decision.kind === "category" ? { categoryId: decision.categoryId } : {}),
    contactIds: decision.kind === "openNow" ? decision.contactIds.slice(0, 20) : [],
    ...(region ? { region } : {}),
    ...(list ? { list } : {}),
    ...(subject ? { subject } : {}),
  };
}
