import type { Notice } from "../catalog/schema.ts";

/** The notices valid on `today` (YYYY-MM-DD, Japan time; from and until inclusive), in catalog order. */
export function noticesInForce(notices: readonly Notice[], today: string): Notice[] {
  return notices.filter((n) => (n.from === undefined || n.from <= today) && (n.until === undefined || today <= n.until));
}

/** Those about the whole catalog, or about one of these resources. */
export function noticesAbout(notices: readonly Notice[], resourceIds: ReadonlySet<string>): Notice[] {
  return notices.filter((n) => n.resources === undefined || n.resources.some((id) => resourceIds.has(id)));
}
