import type { RecordedCall } from "./fake-line-api.ts";

// The evaluator's "LINE limit checks" (shared/eval/README.md, run-eval.mjs checkReplyCall), mirrored
// independently of src/reply/limits.ts so that a mistake there cannot hide itself here.

const LIMITS = {
  messagesMax: 5,
  textMax: 5000,
  altTextMax: 1500,
  carouselMax: 12,
  bubbleBytes: 30_000,
  carouselBytes: 50_000,
  quickReplyMax: 13,
  quickReplyLabelMax: 20,
  flexActionLabelMax: 40,
  postbackDataMax: 300,
  uriMax: 1000,
};
const URI_SCHEMES = new Set(["http", "https", "tel", "line"]);

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const jsonBytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? "", "utf8");

function lengthProblem(v: unknown, min: number, max: number): string | null {
  if (typeof v !== "string") return "missing";
  return v.length < min || v.length > max ? `${v.length} chars` : null;
}

/** Every rule a reply call breaks, as "where: what"; an empty list means the evaluator would accept it. */
export function replyCallViolations(call: RecordedCall, accessToken: string): string[] {
  const found: string[] = [];
  const add = (what: string) => found.push(what);
  if (call.headers.authorization !== `Bearer ${accessToken}`) add("authorization header");
  if (!/application\/json/i.test(call.headers["content-type"] ?? "")) add("content-type");
  const body = call.body;
  if (!isObj(body) || typeof body.replyToken !== "string") return [...found, "body is not a reply request"];
  const messages = body.messages;
  if (!Array.isArray(messages)) return [...found, "messages is not an array"];
  if (messages.length < 1 || messages.length > LIMITS.messagesMax) add(`messages: ${messages.length}`);
  messages.forEach((m, i) => checkMessage(m, `messages[${i}]`, add));
  return found;
}

function checkMessage(m: unknown, where: string, add: (what: string) => void): void {
  if (!isObj(m)) return add(`${where}: not an object`);
  if (m.type === "text" || m.type === "textV2") {
    const p = lengthProblem(m.text, 1, LIMITS.textMax);
    if (p) add(`${where}.text: ${p}`);
  } else if (m.type === "flex") checkFlex(m, where, add);
  else if (m.type === undefined) add(`${where}: no type`);
  if (m.quickReply !== undefined) checkQuickReply(m.quickReply, `${where}.quickReply`, add);
  walkActions(m, where, (action, path, inFlex) => checkAction(action, path, inFlex, add));
}

function checkFlex(m: Json, where: string, add: (what: string) => void): void {
  const p = lengthProblem(m.altText, 1, LIMITS.altTextMax);
  if (p) add(`${where}.altText: ${p}`);
  const c = m.contents;
  if (!isObj(c)) return add(`${where}.contents: missing`);
  if (c.type === "bubble") {
    if (jsonBytes(c) > LIMITS.bubbleBytes) add(`${where}: bubble of ${jsonBytes(c)} bytes`);
  } else if (c.type === "carousel") {
    const bubbles = Array.isArray(c.contents) ? c.contents : [];
    if (bubbles.length < 1 || bubbles.length > LIMITS.carouselMax) add(`${where}: carousel of ${bubbles.length}`);
    bubbles.forEach((b: unknown, j) => {
      if (!isObj(b) || b.type !== "bubble") add(`${where}.contents.contents[${j}]: not a bubble`);
      else if (jsonBytes(b) > LIMITS.bubbleBytes) add(`${where}.contents.contents[${j}]: bubble of ${jsonBytes(b)} bytes`);
    });
    if (jsonBytes(c) > LIMITS.carouselBytes) add(`${where}: carousel of ${jsonBytes(c)} bytes`);
  } else add(`${where}.contents.type: ${String(c.type)}`);
}

function checkQuickReply(qr: unknown, where: string, add: (what: string) => void): void {
  if (!isObj(qr) || !Array.isArray(qr.items)) return add(`${where}.items: not an array`);
  if (qr.items.length < 1 || qr.items.length > LIMITS.quickReplyMax) add(`${where}: ${qr.items.length} items`);
  qr.items.forEach((item: unknown, k) => {
    const p = lengthProblem(isObj(item) && isObj(item.action) ? item.action.label : undefined, 1, LIMITS.quickReplyLabelMax);
    if (p) add(`${where}.items[${k}].action.label: ${p}`);
  });
}

/** Visits every action object; `inFlex` tells whether it sits inside the flex contents. */
function walkActions(message: Json, where: string, visit: (action: Json, path: string, inFlex: boolean) => void): void {
  const walk = (node: unknown, path: string, inFlex: boolean): void => {
    if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${path}[${i}]`, inFlex));
    if (!isObj(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === "action" || key === "defaultAction") && isObj(value)) visit(value, `${path}.${key}`, inFlex);
      else if (key === "actions" && Array.isArray(value)) value.forEach((a, i) => isObj(a) && visit(a, `${path}.${key}[${i}]`, inFlex));
      walk(value, `${path}.${key}`, inFlex || (node === message && key === "contents" && message.type === "flex"));
    }
  };
  walk(message, where, false);
}

function checkAction(a: Json, path: string, inFlex: boolean, add: (what: string) => void): void {
  if (inFlex && typeof a.label === "string" && a.label.length > LIMITS.flexActionLabelMax) add(`${path}.label: ${a.label.length} chars`);
  if (a.type === "postback") {
    const p = lengthProblem(a.data, 1, LIMITS.postbackDataMax);
    if (p) add(`${path}.data: ${p}`);
  }
  if (a.type === "uri") {
    checkUri(a.uri, `${path}.uri`, add);
    if (isObj(a.altUri) && a.altUri.desktop !== undefined) checkUri(a.altUri.desktop, `${path}.altUri.desktop`, add);
  }
}

function checkUri(u: unknown, path: string, add: (what: string) => void): void {
  if (typeof u !== "string" || !u) return add(`${path}: missing`);
  if (u.length > LIMITS.uriMax) add(`${path}: ${u.length} chars`);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(u)?.[1]?.toLowerCase();
  // The evaluator only warns about mailto:, so it is not a violation here either.
  if (scheme !== "mailto" && (scheme === undefined || !URI_SCHEMES.has(scheme))) add(`${path}: scheme ${scheme ?? "(none)"}`);
}
