import type { Catalog } from "../catalog/schema.ts";
import { parsePostback } from "../reply/postback-data.ts";
import type { Decision } from "../understand/decision.ts";
import type { FeedbackVerdict } from "./types.ts";

/** What a button tap asks: a question's answer, or the user's verdict on the last answer. */
export type Tap = { action: string; decision: Decision } | { action: "feedback"; feedback: FeedbackVerdict };

/** A button tap answered like the equivalent question; null when the data is not ours (or tampered with). */
export function tapForPostback(data: string, catalog: Catalog): Tap | null {
  const request = parsePostback(data, catalog);
  if (!request) return null;
  switch (request.action) {
    case "category":
      return { action: request.action, decision: { kind: "category", categoryId: request.categoryId, matched: [] } };
    case "resource":
      return { action: request.action, decision: { kind: "resources", matches: [{ resourceId: request.resourceId, score: 1, matched: [] }] } };
    case "open":
      return { action: request.action, decision: { kind: "openNow", resourceIds: request.resourceIds, contactIds: [] } };
    case "help":
      return { action: request.action, decision: { kind: "greeting", variant: "help" } };
    case "feedback":
      return { action: request.action, feedback: request.resolved ? "resolved" : "unresolved" };
  }
}
