import type { messagingApi } from "@line/bot-sdk";
import type { Catalog, Category, Resource } from "../catalog/schema.ts";
import { lineLimits } from "./limits.ts";

/** What a button tap asks for. The renderer writes these; the event handler reads them back. */
export type PostbackRequest =
  | { action: "category"; categoryId: string }
  | { action: "open"; resourceIds: string[] }
  | { action: "resource"; resourceId: string }
  | { action: "help" }
  /** 「解決した」/「解決しない」 on the answer just shown: no id, so one remembered reply serves everyone. */
  | { action: "feedback"; resolved: boolean };

// Short keys keep the data far below LINE's 300-character limit.
const actionCodes = { category: "cat", open: "open", resource: "res", help: "help", feedback: "fb" } as const;
const verdictCodes = { resolved: "yes", unresolved: "no" } as const;

// Every reply carries the same few buttons (the categories, help, feedback, a resource's card): their data is
// encoded once. Bounded, though ids come only from the catalog.
const encoded = new Map<string, string>();
const ENCODED_CAPACITY = 10_000;

function encodePostback(request: PostbackRequest): string {
  const key = `${request.action}|${request.action === "category" ? request.categoryId : request.action === "resource" ? request.resourceId : request.action === "open" ? `${request.resourceIds.length}:${request.resourceIds.join("\u0000")}` : request.action === "feedback" ? request.resolved : ""}`;
  let data = encoded.get(key);
  if (data === undefined) {
    if (encoded.size >= ENCODED_CAPACITY) encoded.clear();
    encoded.set(key, (data = encodeParams(request)));
  }
  return data;
}

function encodeParams(request: PostbackRequest): string {
  const params = new URLSearchParams({ a: actionCodes[request.action] });
  if (request.action === "category") params.append("id", request.categoryId);
  if (request.action === "resource") params.append("id", request.resourceId);
  if (request.action === "open") request.resourceIds.forEach((id) => params.append("id", id));
  if (request.action === "feedback") params.append("v", request.resolved ? verdictCodes.resolved : verdictCodes.unresolved);
  return params.toString();
}

/** Reads postback data back; null for anything the renderer would not have written. */
export function parsePostback(data: string, catalog: Catalog): PostbackRequest | null {
  if (data.length === 0 || data.length > lineLimits.postbackData) return null;
  const params = new URLSearchParams(data);
  if ([...params.keys()].some((key) => key !== "a" && key !== "id" && key !== "v")) return null;
  const actions = params.getAll("a");
  const ids = params.getAll("id");
  const verdicts = params.getAll("v");
  if (actions.length !== 1 || new Set(ids).size !== ids.length) return null;
  // Only feedback carries a verdict.
  if (verdicts.length !== (actions[0] === actionCodes.feedback ? 1 : 0)) return null;
  const isResource = (id: string) => catalog.resources.some((r) => r.id === id);
  const [id] = ids;
  switch (actions[0]) {
    case actionCodes.category:
      return ids.length === 1 && id !== undefined && catalog.categories.some((c) => c.id === id) ? { action: "category", categoryId: id } : null;
    case actionCodes.resource:
      return ids.length === 1 && id !== undefined && isResource(id) ? { action: "resource", resourceId: id } : null;
    case actionCodes.open:
      return ids.every(isResource) ? { action: "open", resourceIds: ids } : null;
    case actionCodes.help:
      return ids.length === 0 ? { action: "help" } : null;
    case actionCodes.feedback: {
      const [verdict] = verdicts;
      const known = verdict === verdictCodes.resolved || verdict === verdictCodes.unresolved;
      return ids.length === 0 && known ? { action: "feedback", resolved: verdict === verdictCodes.resolved } : null;
    }
    default:
      return null;
  }
}

function postback(label: string, request: PostbackRequest, displayText: string): messagingApi.PostbackAction {
  return { type: "postback", label, data: encodePostback(request), displayText };
}

export function categoryAction(category: Category): messagingApi.PostbackAction {
  return postback(category.name, { action: "category", categoryId: category.id }, `${category.name}について知りたい`);
}

export function resourceAction(resource: Resource): messagingApi.PostbackAction {
  return postback(resource.name, { action: "resource", resourceId: resource.id }, `${resource.name}について知りたい`);
}

export function openNowAction(label: string, resources: Resource[]): messagingApi.PostbackAction {
  const displayText = resources.length === 0 ? "今つながる窓口は？" : `${resources.map((r) => r.name).join("と")}は今つながりますか？`;
  return postback(label, { action: "open", resourceIds: resources.map((r) => r.id) }, displayText);
}

export function helpAction(): messagingApi.PostbackAction {
  return postback("使い方", { action: "help" }, "使い方を教えて");
}

/** The two chips that ask whether an answer helped; what they send shows in the chat as the user's words. */
export function feedbackActions(): messagingApi.PostbackAction[] {
  return [
    postback("解決した", { action: "feedback", resolved: true }, "解決した"),
    postback("解決しない", { action: "feedback", resolved: false }, "解決しない"),
  ];
}
