import type { Catalog } from "../catalog/schema.ts";
import { parsePostback } from "../reply/postback-data.ts";
import type { Decision } from "../understand/decision.ts";

/** A button tap answered like the equivalent question; null when the data is not ours (or tampered with). */
export function decisionForPostback(data: string, catalog: Catalog): { decision: Decision; action: string } | null {
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
  }
}
