import type { Resource } from "../catalog/schema.ts";
import type { PhoneLine } from "./contact-lines.ts";
import { andOthers } from "./copy.ts";

/** "〇〇センター 0120-00-0000 受付中（本日17:00まで）": what a notification needs to be useful. */
export function lineSummary(resource: Resource, line: PhoneLine | undefined): string {
  if (!line) return resource.name;
  const { contact, opening } = line;
  if (line.saysStatus) return `${resource.name} ${contact.value} ${line.statusText}`;
  // An ended line's detail already says 受付を終了しました; repeating the label would read twice.
  if (opening.status === "ended") return `${resource.name} ${contact.value}は${opening.detail}`;
  return `${resource.name} ${contact.value} ${opening.label}（${opening.detail}）`;
}

export function withOthers(summary: string, total: number): string {
  return total > 1 ? andOthers(summary, total - 1) : summary;
}
