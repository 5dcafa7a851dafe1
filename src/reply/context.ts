import type { DateTime } from "luxon";
import type { Catalog, Category, Resource } from "../catalog/schema.ts";

/** What every renderer needs: the catalog and the instant the reply is for (Asia/Tokyo). */
export interface RenderContext {
  catalog: Catalog;
  now: DateTime;
}

const MINUTE_MS = 60_000;

/**
 * `build` made once per catalog, minute and resource, for every reply of that minute: what a resource shows
 * depends only on the minute (hours, dates and review periods are counted in whole minutes and days), as a
 * whole reply does (src/bot/reply-memo.ts). Callers never change what it returns.
 */
export function oncePerMinute<T>(build: (resource: Resource, ctx: RenderContext) => T): (resource: Resource, ctx: RenderContext) => T {
  const byCatalog = new WeakMap<Catalog, { minute: number; results: Map<Resource, T> }>();
  return (resource, ctx) => {
    const minute = Math.floor(ctx.now.toMillis() / MINUTE_MS);
    let kept = byCatalog.get(ctx.catalog);
    if (!kept || kept.minute !== minute) byCatalog.set(ctx.catalog, (kept = { minute, results: new Map() }));
    let result = kept.results.get(resource);
    if (result === undefined) kept.results.set(resource, (result = build(resource, ctx)));
    return result;
  };
}

export function resourceById(catalog: Catalog, id: string): Resource | undefined {
  return catalog.resources.find((r) => r.id === id);
}

export function categoryById(catalog: Catalog, id: string): Category | undefined {
  return catalog.categories.find((c) => c.id === id);
}
