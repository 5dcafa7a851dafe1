import type { Fact, Resource } from "../catalog/schema.ts";
import { isEndedContact } from "./contact-lines.ts";
import type { RenderContext } from "./context.ts";
import * as copy from "./copy.ts";
import { type DetailRequest, linesBehind, subjectsOf } from "./shown.ts";
import { hasMoreThanCard } from "./detail-card.ts";
import { formatIsoDate } from "./format.ts";
import { inquiriesFor } from "./inquiries.ts";
import { linePhrase, lineStatusSentence, mainLine, statusSummary, withStaleNote } from "./line-words.ts";
import { programmeLine, stateOf } from "./programme-line.ts";

// A detail answered in words: what the catalog states with its source, or that it does not say and
// where to ask. Never more than a few resources: a sentence per card would bury the answer.
const maxSubjects = 3;

/** Sentences, and the resources whose lines they name with today's status. */
type Said = { sentences: string[]; lines: Resource[] };

export function detailSentences(request: DetailRequest, ctx: RenderContext): string[] {
  const subjects = subjectsOf(request, ctx).slice(0, maxSubjects);
  const { catalog } = ctx;
  switch (request.aspect) {
    case "status":
    case "hours":
    case "phone":
      return lineSentences(request, subjects, ctx);
    case "email":
      return subjects.map((r) => {
        const emails = r.contacts.filter((c) => c.kind === "email" && !isEndedContact(c, ctx.now)).map((c) => c.value);
        return emails.length > 0 ? copy.answerText(catalog, "email", { resource: r.name, address: emails.join("、") }) : copy.answerText(catalog, "noEmail", ownSource(r));
      });
    case "web":
      return subjects.map((r) => copy.answerText(catalog, "web", { resource: r.name, links: r.links.map((l) => `${l.label}（${l.url}）`).join("、") }));
    case "source":
      return subjects.map((r) => copy.answerText(catalog, "source", { ...ownSource(r), organization: r.organization }));
    case "more": {
      // One sentence for those with more, one for those without: 「A、Bについて…」.
      const names = (list: Resource[]) => list.map((r) => r.name).join("、");
      const more = subjects.filter((r) => hasMoreThanCard(r, ctx));
      const none = subjects.filter((r) => !more.includes(r));
      return [
        ...(more.length > 0 ? [copy.answerText(catalog, "more", { resource: names(more) })] : []),
        ...(none.length > 0 ? [copy.answerText(catalog, "nothingMore", { resource: names(none) })] : []),
      ];
    }
    default:
      return factSentences(request, subjects, ctx);
  }
}

/** {resource}, {source} and {date} for sentences about what a resource's own source says. */
function ownSource(resource: Resource): Record<string, string> {
  return { resource: resource.name, source: resource.source.title, date: formatIsoDate(resource.source.date) };
}

/**
 * Status, hours or the number. One line: its number or hours, then its status now. Several: who is
 * open now and until when, or who opens first. None: that the source gives no number, and its page.
 */
function lineSentences(request: DetailRequest, subjects: Resource[], ctx: RenderContext): string[] {
  const { catalog } = ctx;
  const lines = linesBehind(request, ctx).flatMap((resource) => {
    const line = mainLine(resource, ctx);
    return line ? [{ resource, line }] : [];
  });
  const [only] = lines;
  if (!only) {
    return subjects.flatMap((r) => [copy.answerText(catalog, "noPhone", ownSource(r)), ...placeToAsk(r, request.region, ctx).sentences]);
  }
  const named = lines.map((l) => l.resource);
  if (lines.length > 1 || request.aspect === "status") return withStaleNote(statusSummary(named, ctx), named, ctx);
  const { resource, line } = only;
  const opening =
    request.aspect === "phone"
      ? [copy.answerText(catalog, "phone", { resource: resource.name, number: line.contact.value })]
      : line.contact.hours
        ? [copy.answerText(catalog, "hours", { resource: resource.name, hours: line.contact.hours.text })]
        : [];
  return withStaleNote([...opening, lineStatusSentence(resource.name, line, ctx, opening.length > 0)], named, ctx);
}

/** The place that would know what the source leaves out: its inquiry line (with today's status), its own line, or its page. */
function placeToAsk(resource: Resource, region: string | undefined, ctx: RenderContext): Said {
  const { catalog } = ctx;
  for (const target of [...inquiriesFor(resource, region, catalog).map((q) => q.target), resource]) {
    const line = mainLine(target, ctx);
    if (line) return { sentences: [copy.answerText(catalog, "askLine", { line: linePhrase(target, line, ctx) })], lines: [target] };
  }
  const [page] = resource.links;
  return { sentences: page ? [copy.answerText(catalog, "askPage", { resource: resource.name, page: page.label, url: page.url })] : [], lines: [] };
}

function stated(resource: Resource, aspect: copy.FactAspect, fact: Fact, ctx: RenderContext): string {
  return copy.answerText(ctx.catalog, "stated", {
    resource: resource.name,
    aspect: copy.aspectName(ctx.catalog, aspect),
    fact: fact.text.replace(/。$/u, ""),
    source: fact.source.title,
    date: formatIsoDate(fact.source.date),
  });
}

/** What the catalog says of one detail, from its facts first, then from the fields that answer it; empty when it is silent. */
function statedDetail(resource: Resource, aspect: copy.FactAspect, region: string | undefined, ctx: RenderContext): Said {
  const { catalog } = ctx;
  const fact = aspect === "period" ? undefined : resource.facts[aspect];
  const said = fact ? [stated(resource, aspect, fact, ctx)] : [];
  switch (aspect) {
    case "eligibility":
      if (!fact && resource.target) said.push(copy.answerText(catalog, "target", { ...ownSource(resource), target: resource.target }));
      return { sentences: said, lines: [] };
    case "operator":
      if (!fact) said.push(copy.answerText(catalog, "organization", { ...ownSource(resource), organization: resource.organization }));
      return { sentences: said, lines: [] };
    case "application": {
      const inquiries = inquiriesFor(resource, region, catalog);
      const sentences = inquiries.map(({ role, target }) => {
        const line = mainLine(target, ctx);
        return copy.answerText(catalog, "inquiry", { resource: resource.name, role, line: line ? linePhrase(target, line, ctx) : target.name });
      });
      return { sentences: [...said, ...sentences], lines: inquiries.map((q) => q.target) };
    }
    case "period":
      return { sentences: periodSentences(resource, ctx), lines: [] };
    default:
      return { sentences: said, lines: [] };
  }
}

/** A programme's application period in words, as the programme texts say it (its deadline, opening day or end); none when no source states it. */
function periodSentences(resource: Resource, ctx: RenderContext): string[] {
  const kind = stateOf(resource, ctx)?.kind;
  const line = kind === "open" || kind === "upcoming" || kind === "ended" ? programmeLine(resource, ctx, "byName") : undefined;
  return line ? [line] : [];
}

/**
 * Each resource's answer or the plain statement that its source does not say; where to ask follows the first
 * such statement (once), so that it reads as being about that resource.
 */
function factSentences(request: DetailRequest, subjects: Resource[], ctx: RenderContext): string[] {
  const aspect = request.aspect as copy.FactAspect;
  const sentences: string[] = [];
  const lines: Resource[] = [];
  let askedWhere = false;
  for (const resource of subjects) {
    const said = statedDetail(resource, aspect, request.region, ctx);
    lines.push(...said.lines);
    if (said.sentences.length > 0) {
      sentences.push(...said.sentences);
      continue;
    }
    sentences.push(copy.answerText(ctx.catalog, "missing", { ...ownSource(resource), aspect: copy.aspectName(ctx.catalog, aspect) }));
    if (askedWhere) continue;
    const place = placeToAsk(resource, request.region, ctx);
    sentences.push(...place.sentences);
    lines.push(...place.lines);
    askedWhere = true;
  }
  return withStaleNote(sentences, lines, ctx);
}
