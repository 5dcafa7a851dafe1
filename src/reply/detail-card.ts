import type { messagingApi } from "@line/bot-sdk";
import { factKinds, type Resource, type Source } from "../catalog/schema.ts";
import { bubbleSize, button, notice, sectionTitle, separator, smallNote, text, vbox } from "./components.ts";
import type { RenderContext } from "./context.ts";
import * as copy from "./copy.ts";
import { formatIsoDate, uriOf } from "./format.ts";
import { inquiriesFor } from "./inquiries.ts";
import { cardHeader, inquiryRows, linksOnCard } from "./resource-card.ts";
import { categoryAccent } from "./theme.ts";

type FlexComponent = messagingApi.FlexComponent;

// A bubble must stay under LINE's 30 KB; these bound the longest lists a catalog may hold.
const maxTopics = 8;
const maxLinks = 6;
const maxSources = 4;

/**
 * Whether 「もっと詳しく」 has anything the card did not show: facts with their sources, the topics the
 * resource's documents cover, pages the card had no button for, further sources.
 */
export function hasMoreThanCard(resource: Resource, ctx: RenderContext): boolean {
  return (
    factKinds.some((kind) => resource.facts[kind] !== undefined) ||
    resource.topics.length > 0 ||
    resource.sources.length > 0 ||
    resource.links.some((l) => l.note !== undefined) ||
    resource.links.length > linksOnCard(resource, ctx)
  );
}

/** Everything the catalog says about one resource beyond its card, each part with where it comes from. */
export function renderDetailCard(resource: Resource, region: string | undefined, ctx: RenderContext): messagingApi.FlexBubble {
  const sections = [factSection(resource, ctx), topicSection(resource), pageSection(resource), inquiryRows(inquiriesFor(resource, region, ctx.catalog), ctx), sourceSection(resource)].filter(
    (s): s is FlexComponent => s !== undefined,
  );
  return {
    type: "bubble",
    size: bubbleSize,
    header: cardHeader(resource, ctx, categoryAccent(ctx.catalog, resource.category)),
    body: vbox(
      [text(resource.summary), ...sections.flatMap((s) => [separator(), s]), notice(copy.asOfNotice(ctx.catalog))],
      { spacing: "md" },
    ),
  };
}

function sourceWords(source: Source): string {
  return `${source.title}（${formatIsoDate(source.date)}）`;
}

function factSection(resource: Resource, ctx: RenderContext): FlexComponent | undefined {
  const rows = factKinds.flatMap((kind) => {
    const fact = resource.facts[kind];
    if (!fact) return [];
    return [
      vbox(
        [sectionTitle(copy.aspectName(ctx.catalog, kind)), text(fact.text), smallNote(copy.sourceNote(sourceWords(fact.source)))],
        { spacing: "xs" },
      ),
    ];
  });
  return rows.length > 0 ? vbox(rows, { spacing: "md" }) : undefined;
}

/** What its documents cover, each group with the page that shows it. */
function topicSection(resource: Resource): FlexComponent | undefined {
  if (resource.topics.length === 0) return undefined;
  const rows = resource.topics.slice(0, maxTopics).map((topic) =>
    vbox([text(topic.terms.join("、"), { size: "xs" }), button({ type: "uri", label: copy.topicSourceLabel, uri: uriOf(topic.source) }, { style: "link" })], {
      spacing: "none",
    }),
  );
  return vbox([sectionTitle(copy.topicsTitle), ...rows], { spacing: "sm" });
}

function pageSection(resource: Resource): FlexComponent | undefined {
  const rows = resource.links.slice(0, maxLinks).flatMap((link) => [
    button({ type: "uri", label: link.label, uri: uriOf(link.url) }),
    ...(link.note ? [smallNote(link.note)] : []),
  ]);
  return vbox([sectionTitle(copy.pagesTitle), ...rows], { spacing: "sm" });
}

function sourceSection(resource: Resource): FlexComponent {
  const rows = [resource.source, ...resource.sources].slice(0, maxSources).flatMap((source) => [
    text(sourceWords(source), { size: "xs" }),
    ...(source.url ? [button({ type: "uri", label: copy.sourcePageLabel, uri: uriOf(source.url) }, { style: "link" })] : []),
  ]);
  return vbox([sectionTitle(copy.sourcesTitle), ...rows], { spacing: "xs" });
}
