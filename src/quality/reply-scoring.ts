// Scoring LINE replies the way the black-box evaluator does (its README, "Scoring"): the first text of the
// first bubble names an expected resource; an open-now answer shows each line with its status; an
// out-of-scope answer shows no resource card and offers at least three quick replies.
import type { messagingApi } from "@line/bot-sdk";
import type { Catalog } from "../catalog/schema.ts";
import { statusLabels } from "../hours/opening.ts";
import type { LabelledQuestion } from "./scoring.ts";

type Message = messagingApi.Message;
type Bubble = messagingApi.FlexBubble;

/** What the scoring reads names and labels from: the catalog itself, or a names file of short canonical names. */
export interface ScoringNames {
  /** Resource id → the name its card shows. */
  resources: Record<string, string>;
  /** Category name → the ids of its members. */
  categories: Record<string, string[]>;
  /** Status key (open, closed…) → the label the bot shows. */
  statusLabels: Record<string, string>;
}

export function namesFromCatalog(catalog: Catalog): ScoringNames {
  return {
    resources: Object.fromEntries(catalog.resources.map((r) => [r.id, r.name])),
    categories: Object.fromEntries(catalog.categories.map((c) => [c.name, catalog.resources.filter((r) => r.category === c.id).map((r) => r.id)])),
    statusLabels: { ...statusLabels },
  };
}

export interface ReplyQuestion extends LabelledQuestion {
  /** open_now: resource (id or name) → status label or status key. */
  statuses?: Record<string, string>;
}

export interface ReplyScore {
  pass: boolean;
  /** What the reply showed, in the evaluator's words. */
  got: string;
}

function textOf(component: messagingApi.FlexText): string {
  const spans = component.contents ?? [];
  return spans.length > 0 ? spans.map((s) => s.text ?? "").join("") : (component.text ?? "");
}

/** Texts of a bubble's text components, depth first through header, hero, body and footer. */
function bubbleTexts(bubble: Bubble): string[] {
  const out: string[] = [];
  const visit = (component: messagingApi.FlexComponent | undefined) => {
    if (component?.type === "text") out.push(textOf(component));
    else if (component?.type === "box") component.contents.forEach(visit);
  };
  for (const section of [bubble.header, bubble.hero, bubble.body, bubble.footer]) visit(section as messagingApi.FlexComponent | undefined);
  return out;
}

const firstText = (bubble: Bubble) => bubbleTexts(bubble).find((t) => t.trim() !== "") ?? "";

function bubblesOf(message: Message): Bubble[] {
  if (message.type !== "flex") return [];
  const { contents } = message;
  return contents.type === "bubble" ? [contents] : contents.type === "carousel" ? contents.contents : [];
}

const quickReplies = (messages: Message[]) => messages.at(-1)?.quickReply?.items?.length ?? 0;

/** Resolves `expect` as the evaluator does: an id or a name, a category name standing for its members. */
function expectedNames(labels: string[], names: ScoringNames): string[] {
  return labels.flatMap((label) => {
    const members = names.categories[label];
    if (members && !Object.values(names.resources).includes(label)) return members.map((id) => names.resources[id] ?? id);
    return [names.resources[label] ?? label];
  });
}

export function scoreReply(q: ReplyQuestion, messages: Message[], names: ScoringNames): ReplyScore {
  const allNames = Object.values(names.resources);
  const bubbles = messages.flatMap(bubblesOf);
  switch (q.kind) {
    case "resource":
    case "category": {
      const [bubble] = bubbles;
      if (!bubble) return { pass: false, got: `カードなし (${messages.map((m) => m.type).join(", ") || "返信なし"})` };
      const text = firstText(bubble);
      return { pass: expectedNames(q.expect, names).some((n) => text.includes(n)), got: `最初のカード「${text}」` };
    }
    case "open_now": {
      const units = [...bubbles.map((b) => bubbleTexts(b).join("\n")), ...messages.flatMap((m) => (m.type === "text" ? [m.text] : []))];
      const open = names.statusLabels.open ?? statusLabels.open;
      const closed = names.statusLabels.closed ?? statusLabels.closed;
      const opposite: Record<string, string> = { [open]: closed, [closed]: open };
      const wanted = Object.entries(q.statuses ?? {}).map(([name, label]) => [names.resources[name] ?? name, names.statusLabels[label] ?? label] as const);
      const missing = wanted.filter(([name, label]) => !units.some((u) => u.includes(name) && u.includes(label) && !(opposite[label] && u.includes(opposite[label] ?? ""))));
      return { pass: wanted.length > 0 && missing.length === 0, got: missing.length === 0 ? "すべての窓口の受付状況が合っています" : `合わない窓口: ${missing.map(([n, l]) => `${n}=${l}`).join("、")}` };
    }
    case "out_of_scope": {
      const cards = bubbles.map(firstText).filter((t) => allNames.some((n) => t.includes(n)));
      const count = quickReplies(messages);
      return { pass: cards.length === 0 && count >= 3, got: cards.length > 0 ? `カード「${cards[0]}」` : `クイックリプライ ${count} 個` };
    }
    case "greeting": {
      const count = quickReplies(messages);
      return { pass: count >= 3, got: `クイックリプライ ${count} 個` };
    }
  }
}
