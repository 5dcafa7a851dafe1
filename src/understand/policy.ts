/** The one decision after ranking: what kind of answer the message gets, from the merged evidence. */
import type { Catalog, Resource } from "../catalog/schema.ts";
import { isProgramme } from "../catalog/warnings.ts";
import type { Decision, ResourceMatch } from "./decision.ts";
import type { CategoryEvidence, MergedEvidence } from "./evidence.ts";
import { MIN_CATEGORY_SCORE } from "./ranking.ts";
import type { MessageReading } from "./reading.ts";
import { CONTACT_WEIGHT } from "./sources/contacts.ts";

// Score thresholds, on the scale of term weights (a specific keyword of 4 characters weighs 3).
const MIN_RESOURCE_SCORE = 1.9;
const MAX_RESOURCES = 5;
const CLOSE_SECOND = 0.5;
const CATEGORY_MARGIN = 1.25;
const LISTING_MARGIN = 0.5;
// A category's list starts with the member that scores this much above the next one.
const POINTED_MARGIN = 1.5;
// Without a domain word, one generic term is not enough: it must cover this share of the message.
const MIN_COVERAGE = 0.34;
/** Out-of-scope examples this many alike (and closer than any resource's) veto a card. */
const VETO_COUNT = 2;
/** Resources of other kinds this close to the best (a share of its score) make a question to ask back. */
const CLARIFY_SHARE = 0.85;
const MAX_CHOICES = 3;

/** What the decision reads: the message, the merged evidence, and how the message sits in the domain. */
export interface Judged {
  message: MessageReading;
  evidence: MergedEvidence;
  /** Nouns of the message that no catalog text uses (借金, Zoom): signs of another subject. */
  foreignNouns: string[];
  /** Content words of the message other than the domain's anchor words. */
  topicWords: string[];
  /** Nouns the catalog knows that say what the message is about (not the domain's name, how to ask, a feeling). */
  subjectNouns: string[];
  /** The message's nouns of the domain outweigh those the catalog lacks (see understand.ts). */
  domainOutweighs: boolean;
  /** Areas of the domain named in what is asked (category ids by their own terms, resource ids by a topic): see understand.ts. */
  areas: string[];
  /** The message ends in a mood the catalog does not take as a subject of its own (きつい, not a line's つらい). */
  mood: boolean;
  /** The writer speaks for a business about its people (a word of vocabulary.employer: 社員, 当社). */
  employer: boolean;
  /** Every content word only says how, when or where to ask, or names the domain (今日やってる？). */
  saysOnlyHow: boolean;
  /** Made only of words the catalog uses (or kana), saying something beyond how to ask: see understand.ts. */
  everyday: boolean;
}

/** Kinds of answer that can be turned off (to measure what each adds). */
export interface PolicyParts {
  chatter: boolean;
  clarify: boolean;
}

export function createPolicy(
  catalog: Catalog,
  {
    strength,
    mayLead,
    asksForKind,
  }: { strength: (evidence: MergedEvidence, id: string) => number; mayLead: (evidence: MergedEvidence, id: string) => boolean; asksForKind: (category: CategoryEvidence) => boolean },
  parts: PolicyParts = { chatter: true, clarify: true },
) {
  const resources = new Map(catalog.resources.map((r) => [r.id, r]));
  const programmeCategories = new Set(catalog.categories.filter((c) => c.programmes).map((c) => c.id));
  const hasPhone = (id: string) => resources.get(id)?.contacts.some((c) => c.kind === "phone") ?? false;
  const isProgrammeId = (id: string) => {
    const r = resources.get(id);
    return r !== undefined && isProgramme(catalog, r);
  };

  function inquiryOrder(resource: Resource, region: string | undefined): string[] {
    const forRegion = resource.inquiries.filter((q) => q.region !== undefined && q.region === region).map((q) => q.resource);
    const general = resource.inquiries.filter((q) => q.region === undefined).map((q) => q.resource);
    const otherRegion = region === undefined ? resource.inquiries.filter((q) => q.region !== undefined).map((q) => q.resource) : [];
    return [...forRegion, ...general, resource.id, ...otherRegion];
  }

  /** The lines asked about: named ones, the consultation lines of a named programme, or a named category's lines. */
  function openNowDecision({ resources: evidence, categories, region }: MergedEvidence, named: ResourceMatch[]): Decision {
    const asked = named.flatMap((c) => {
      const r = resources.get(c.resourceId);
      if (!r) return [];
      return hasPhone(r.id) ? [r.id] : inquiryOrder(r, region).filter((id) => id !== r.id && hasPhone(id));
    });
    // A category named outright (by its name or alias) means all its lines, including those without published hours.
    const namedCategory = categories.find(([, c]) => c.named)?.[0];
    const inCategory = asked.length === 0 && namedCategory ? catalog.resources.filter((r) => r.category === namedCategory && hasPhone(r.id)).map((r) => r.id) : [];
    const contactIds = named.flatMap((c) => evidence.get(c.resourceId)?.contactIds ?? []);
    return { kind: "openNow", resourceIds: [...new Set([...asked, ...inCategory])], contactIds };
  }

  /** The best resources, with where to consult first when the user asks where to apply or ask. */
  function resourcesDecision(message: MessageReading, region: string | undefined, candidates: ResourceMatch[], top: ResourceMatch): Decision {
    const chosen = candidates.filter((c) => c.score >= top.score * CLOSE_SECOND);
    const topResource = resources.get(top.resourceId);
    let ordered = chosen.map((c) => c.resourceId);
    // Where to ask goes first when the user asks where to apply or consult, or asks how to reach a
    // resource that has no line of its own; a resource with its own number answers its number itself.
    const ownLine = (topResource?.contacts.length ?? 0) > 0;
    const asksWhere = ownLine ? message.has("inquiry") && !message.has("phone") : message.has("inquiry") || message.has("phone");
    if (asksWhere && topResource && topResource.inquiries.length > 0) {
      ordered = [...new Set([...inquiryOrder(topResource, region), ...ordered])];
    }
    const byId = new Map(candidates.map((c) => [c.resourceId, c]));
    const matches = ordered.slice(0, MAX_RESOURCES).map((id) => byId.get(id) ?? { resourceId: id, score: 0, matched: [`${top.resourceId}の問い合わせ先`] });
    return { kind: "resources", matches, ...(region ? { region } : {}) };
  }

  return function decide(judged: Judged, candidates: ResourceMatch[]): Decision {
    const { message, evidence: merged } = judged;
    const { form, has } = message;
    const { resources: evidence, categories, region } = merged;
    const withRegion = region ? { region } : {};
    if (form.text.length === 0 && evidence.size === 0) return { kind: "noMatch", reason: "empty", suggestions: [] };

    // The same question asked before decides: for its resource, for another subject, or as a remark.
    const top = candidates[0];
    const topEvidence = top ? evidence.get(top.resourceId) : undefined;
    const [outside] = merged.elsewhere;
    if (top && topEvidence?.decisive && !(outside?.decisive && outside.likeness > topEvidence.likeness)) return resourcesDecision(message, region, candidates, top);
    if (outside?.decisive) return outside.kind === "chatter" ? { kind: "chatter" } : { kind: "noMatch", reason: "outOfScope", suggestions: [] };

    const named = candidates.filter((c) => evidence.get(c.resourceId)?.named);
    // A topic outside the domain (未払い) does not veto a question that names topics of the domain at greater
    // length (…「事業場外みなし労働時間」を採用する条件とは？): the outside one is then only its setting.
    const outsideTopicLength = (message.signalWords.get("outOfScopeTopic") ?? []).reduce((n, w) => n + w.length, 0);
    const namesLongerTopic = [...evidence.values()].some((e) => e.topicCovered > outsideTopicLength);
    // …unless the outside topic is what is done to them (通信費は課税されますか asks about tax, whatever its length).
    const outsideTopics = message.signalWords.get("outOfScopeTopic") ?? [];
    const outsideDone = message.words.some((w) => w.predicate && outsideTopics.includes(w.key));
    const elsewhere = has("outOfScope") || (has("outOfScopeTopic") && (!namesLongerTopic || outsideDone)) || message.unknownProgrammes.length > 0;
    if (elsewhere && named.length === 0) return { kind: "noMatch", reason: "outOfScope", suggestions: [] };
    // Several questions on another subject are alike, and none of a resource's is closer: one loose
    // likeness is a shared word, several are the subject.
    const outsideAlike = merged.elsewhere.filter((h) => h.kind === "outOfScope");
    const closestInside = Math.max(0, ...[...evidence.values()].map((e) => e.likeness));
    if (outsideAlike.length >= VETO_COUNT && (outsideAlike[0]?.likeness ?? 0) > closestInside && named.length === 0) return { kind: "noMatch", reason: "outOfScope", suggestions: [] };
    // 「(programme name)まだやってる？」 asks whether a programme still runs, not whether a line is open now.
    const asksLifetime = message.time?.kind === "current" && !has("phone") && candidates.some((c) => evidence.get(c.resourceId)?.byName && isProgrammeId(c.resourceId));
    // A time word asks about a line only in a question, or with something that points at one (相談, 窓口, a name),
    // or with nothing else said (今日やってる): 「…朝もゆっくりできる。」 is not about reaching anyone.
    const aboutLines = message.sentence.asks || has("inquiry") || named.length > 0 || categories.some(([, c]) => c.named) || judged.saysOnlyHow;
    if (!asksLifetime && has("availability") && ((has("time") && aboutLines) || has("phone") || named.some((c) => hasPhone(c.resourceId)))) return openNowDecision(merged, named);



    // In-domain questions say so: a telework word, a name, a list request, two terms, or little else besides the term.
    const textLength = Math.max(form.text.length, 1);
    // Without foreign nouns, every noun of the message is the catalog's own: a specific term is enough.
    const ownWordsOnly = judged.foreignNouns.length === 0 || judged.areas.length > 0;
    // A topic a resource's documents cover places the question in the domain by itself (労災, 中抜け).
    const anchored = (terms: number, covered: number, isNamed: boolean, specific = false, topical = false) =>
      has("anchor") || has("listing") || isNamed || topical || terms >= 2 || covered / textLength >= MIN_COVERAGE || (specific && ownWordsOnly);

    // The member the question points at, well ahead of the others, leads a category's list, a list asked for too
    // (民間の支援をまとめて探せるサイト: the list of private support, the navigation site first).
    const pointedAt = (categoryId: string) => {
      const [first, second] = candidates.filter((c) => resources.get(c.resourceId)?.category === categoryId);
      return first && first.score >= MIN_RESOURCE_SCORE && first.score >= (second?.score ?? 0) * POINTED_MARGIN ? { pointedAt: [first.resourceId] } : {};
    };
    const best = categories[0];
    // Nouns that no catalog text uses, with no domain word or name: the question is about something else
    // (借金の相談先), and a generic word such as 相談先 does not make it ours.
    // Words of feeling are no subject; words of the domain's example questions and related words are the domain's.
    // An everyday noun the catalog lacks (責任, 注意点) does not take a question away from an area of the domain it
    // names (情報漏洩の責任は誰が取る？).
    const foreign = judged.foreignNouns.length > 0 && !has("anchor") && named.length === 0 && judged.areas.length === 0 && !judged.domainOutweighs;

    // A remark, not a request (在宅続きで家族とギスギスしてつらい): a sentence (not a topic named, Zoomの使い方)
    // that asks nothing, says no problem of its own nor what the writer means to do (導入したいけど…), and names
    // nothing the catalog is about nor another subject (that is refused). With a feeling, or like a remark people
    // made, that decides here; otherwise only when nothing answers it (below).
    const statement = message.sentence.declares && !message.sentence.asks && !message.sentence.problem && !message.sentence.intends;
    const aboutSomething = judged.subjectNouns.length > 0 || named.length > 0 || [...evidence.values()].some((e) => e.topical);
    const remark = parts.chatter && statement && !aboutSomething && !foreign;
    if (remark && (message.sentence.feeling || merged.elsewhere.some((h) => h.kind === "chatter"))) return chatter(candidates, merged);
    // A remark by its form, even about the domain (光熱費が地味にきつい…, …出社は無駄だと感じる): a statement that
    // ends as a reaction, names nothing and says nothing the writer means to do. What it is about, if anything
    // answers it, is offered beside the kind reply. A story told in the past is a remark only when nothing
    // answers what it tells (架空請求のハガキが届いた asks for help where a line takes such cases).
    const greets = has("thanks") || has("greeting");
    // An employer telling what happens to their staff or firm (社員が腰痛を訴えている) reports a problem of the business.
    const remarkByForm = parts.chatter && statement && named.length === 0 && !greets && !judged.employer;
    if (remarkByForm && (message.sentence.reaction || judged.mood)) return chatter(candidates, merged);

    const categoryUsable =
      (!foreign || has("listing") || (best?.[1].matched.length ?? 0) >= 2) &&
      best !== undefined &&
      best[1].asked &&
      // A list of programmes answers a request for them, not a question of what something costs.
      (!programmeCategories.has(best[0]) || asksForKind(best[1])) &&
      best[1].score >= MIN_CATEGORY_SCORE &&
      anchored(best[1].matched.length, best[1].covered, best[1].named);
    // Regions order the answer; whether there is one depends on what the message says.
    const resourceUsable =
      top !== undefined &&
      topEvidence !== undefined &&
      // Found only by the scene (新型コロナ in a labour question), or a programme whose kind nobody asked for
      // (プリンターは必要？ is not a request for the subsidy that lists printers): not what is asked.
      mayLead(merged, top.resourceId) &&
      strength(merged, top.resourceId) >= MIN_RESOURCE_SCORE &&
      // An area named (情報漏えい, the security documents' own) places a resource of it as a topic does.
      anchored(topEvidence.terms, topEvidence.covered, topEvidence.named, topEvidence.specific, topEvidence.topical || judged.areas.includes(resources.get(top.resourceId)?.category ?? "")) &&
      (topEvidence.terms > 0 || topEvidence.specific) &&
      // With another subject in the message, one catalog word is a coincidence (ﾊﾟｿｺﾝがﾌﾘｰｽﾞ); two are a question.
      (!foreign || topEvidence.terms >= 2 || topEvidence.topical);

    if (remarkByForm && message.sentence.story && !resourceUsable && !categoryUsable) return chatter(candidates, merged);
    if (!resourceUsable) {
      if (categoryUsable) return { kind: "category", categoryId: best[0], matched: best[1].matched, ...pointedAt(best[0]), ...withRegion };
      if (has("thanks")) return { kind: "greeting", variant: "thanks" };
      // 「Zoomの使い方」 asks how to use something else, not this bot.
      const aboutUs = judged.foreignNouns.length === 0;
      if (has("help") && aboutUs) return { kind: "greeting", variant: "help" };
      if (has("greeting") && aboutUs) return { kind: "greeting", variant: "hello" };
      if (remark && form.text.length > 0) return chatter(candidates, merged);
      // A mood of the writer's own with nothing the catalog answers (…毎日がしんどいです。どうしたらいいのかな): a
      // personal worry, met kindly, not passed on to a consultation line for businesses.
      if (parts.chatter && judged.mood && !greets && !judged.employer) return chatter(candidates, merged);
      const referral = catalog.voice?.referral?.resource;
      // 「(anchor)とは？」 asks about the domain itself; an anchor word alone asks nothing yet.
      const asks = judged.topicWords.length > 0 || message.question;
      // In this bot's context the context is the domain: a question or a worry made only of everyday words
      // (サボる人が出てくるのでは？) is one for the place that takes any question of it, not "not found".
      const worded = message.sentence.asks || message.sentence.problem || message.sentence.feeling;
      const inDomain = !foreign && asks && (has("anchor") || merged.domainTerms > 0 || judged.subjectNouns.length > 0 || (worded && judged.everyday));
      if (referral && inDomain && resources.has(referral)) {
        return { kind: "referral", resourceId: referral, categoryIds: categories.map(([id]) => id), ...withRegion };
      }
      return { kind: "noMatch", reason: foreign ? "outOfScope" : "unknown", suggestions: foreign ? [] : candidates.slice(0, 3) };
    }

    // A list wins when asked for (unless one resource says far more), or when the category says clearly more.
    const topOwn = topEvidence?.own ?? 0;
    // A list of a category named outright (a category name with 全部) wins unless a resource is named too.
    const listsNamedCategory = categoryUsable && has("listing") && best[1].named && !topEvidence?.named;
    const categoryWins =
      categoryUsable &&
      (listsNamedCategory || ((has("listing") ? best[1].score >= topOwn * LISTING_MARGIN : best[1].score > topOwn * CATEGORY_MARGIN) && top.score < CONTACT_WEIGHT));
    if (categoryWins) return { kind: "category", categoryId: best[0], matched: best[1].matched, ...pointedAt(best[0]), ...withRegion };
    const answer = resourcesDecision(message, region, candidates, top);
    return parts.clarify ? clarified(answer, candidates, merged) : answer;
  };

  /** A remark answered as such, with the resource it is about when one may lead (offered, not shown as a card). */
  function chatter(candidates: ResourceMatch[], merged: MergedEvidence): Decision {
    const about = candidates.find((c) => {
      const e = merged.resources.get(c.resourceId);
      return e !== undefined && (e.terms > 0 || e.specific) && mayLead(merged, c.resourceId) && strength(merged, c.resourceId) >= MIN_RESOURCE_SCORE;
    });
    return about ? { kind: "chatter", related: about.resourceId } : { kind: "chatter" };
  }

  /**
   * Two or three resources of different kinds about equally likely, none named: ask which is meant, offering
   * them best first (their cards too, so the first is still the best guess).
   */
  function clarified(answer: Decision, candidates: ResourceMatch[], merged: MergedEvidence): Decision {
    if (answer.kind !== "resources") return answer;
    const evidence = merged.resources;
    const [top, ...rest] = candidates;
    if (!top || answer.matches[0]?.resourceId !== top.resourceId || evidence.get(top.resourceId)?.named) return answer;
    const kindOf = (id: string) => resources.get(id)?.category;
    const close = rest.filter(
      (c) => c.score >= top.score * CLARIFY_SHARE && kindOf(c.resourceId) !== kindOf(top.resourceId) && !evidence.get(c.resourceId)?.named && mayLead(merged, c.resourceId),
    );
    if (close.length === 0) return answer;
    return { kind: "clarify", matches: [top, ...close].slice(0, MAX_CHOICES), ...(answer.region ? { region: answer.region } : {}) };
  }
}
