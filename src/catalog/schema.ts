import { z } from "zod";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "YYYY-MM-DD 形式の日付を書いてください", abort: true })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "存在しない日付です");

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, { message: "HH:MM 形式の時刻を、\"09:00\" のように 2 桁で書いてください", abort: true })
  .refine((s) => s <= "24:00", "24:00 より後の時刻は書けません");

const httpsUrl = z.url({ protocol: /^https?$/, error: "http(s) の URL を書いてください" });

// Japanese numbers as the source prints them: 03-1234-5678, 0120-91-6479, 0570-082100, 050-1234-5678. Where the
// hyphens go varies by number and source, so any grouping is accepted: a 0, then 10 or 11 digits in all.
const phoneAdvice =
  "電話番号は、0 から始まる 10 桁か 11 桁を、出典の区切りのまま引用符で囲んで書いてください（例: \"03-1234-5678\"、\"0120-91-6479\"、\"0570-082100\"、\"050-1234-5678\"） (a Japanese phone number, hyphens as published)";
const threeGroups = /^0\d{1,4}-\d{1,4}-\d{3,4}$/;
const anyGrouping = /^0\d{0,4}(-\d{1,8}){1,3}$/;
const phoneNumber = z
  .string({ error: phoneAdvice })
  .refine((s) => threeGroups.test(s) || (anyGrouping.test(s) && [10, 11].includes(s.replace(/-/g, "").length)), phoneAdvice);

export const weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
/** A day list may also name `holiday`: every national holiday, whatever its weekday. */
const dayNames = [...weekdayNames, "holiday"] as const;
/**
 * weekdays: Mon–Fri except national holidays. everyday: every day, holidays included.
 * weekends: Saturdays, Sundays and national holidays. unstated: the source gives times but no days.
 */
const dayPatterns = ["weekdays", "everyday", "weekends", "unstated"] as const;

const daysAdvice = `days は ${dayPatterns.join(" / ")} のどれか、または [${dayNames.join(", ")}] から選んだ一覧で書いてください`;

const weeklyRule = z
  .object({
    days: z.union([z.enum(dayPatterns), z.array(z.enum(dayNames)).min(1)], { error: daysAdvice }),
    // Both absent: the source gives the days but not the times (「原則、平日の日中」).
    open: clockTime.optional(),
    close: clockTime.optional(),
    // Legacy: a listed weekday that is a national holiday applies too (same as listing `holiday`).
    onHolidays: z.boolean().default(false),
  })
  .strict()
  .refine((r) => (r.open === undefined) === (r.close === undefined), {
    message: "open と close は両方書いてください（時刻の記載がなく曜日だけ分かるときは、両方とも省きます） (open and close go together)",
    path: ["close"],
  })
  .refine((r) => r.open === undefined || r.close === undefined || r.open < r.close, { message: "open は close より前の時刻にしてください", path: ["close"] })
  .refine((r) => r.days !== "unstated" || r.open !== undefined, {
    message: "days: unstated には open と close が要ります（曜日も時刻も記載がなければ、hours を書かないでください） (unstated days need times)",
    path: ["open"],
  })
  .refine((r) => !r.onHolidays || Array.isArray(r.days), {
    message: "onHolidays は曜日の一覧 (days: [mon, …]) にだけ使えます。祝日も受け付けるなら days: everyday / weekends か、一覧に holiday を加えてください",
    path: ["onHolidays"],
  });

type WeeklyRule = z.infer<typeof weeklyRule>;

/** Whether a rule covers a day, given its weekday (1 = Monday … 7 = Sunday) and whether it is a national holiday. */
export function ruleApplies(rule: Pick<WeeklyRule, "days" | "onHolidays">, weekday: number, holiday: boolean): boolean {
  switch (rule.days) {
    case "weekdays":
      return weekday <= 5 && !holiday;
    case "everyday":
      return true;
    case "weekends":
      return weekday >= 6 || holiday;
    case "unstated":
      return false;
  }
  if (holiday && rule.days.includes("holiday")) return true;
  const weekdayName = weekdayNames[weekday - 1];
  return weekdayName !== undefined && rule.days.includes(weekdayName) && (!holiday || rule.onHolidays);
}

const japaneseWeekdayNames = ["月曜", "火曜", "水曜", "木曜", "金曜", "土曜", "日曜"] as const;

function checkWeekly(rules: WeeklyRule[], ctx: z.RefinementCtx, path: (string | number)[]): void {
  // Times with no days cannot be combined with rules that name days: nobody could tell which days the times are for.
  const unstated = rules.some((r) => r.days === "unstated");
  if (unstated && rules.some((r) => r.days !== "unstated")) {
    ctx.addIssue({ code: "custom", path, message: "days: unstated の規則と、曜日を指定した規則は同じ weekly に混ぜられません" });
  }
  // A day is either one with stated times or one whose times the source does not give, never both.
  const timed = rules.filter((r) => r.open !== undefined);
  const untimed = rules.filter((r) => r.open === undefined);
  for (const holiday of [false, true]) {
    const clash = japaneseWeekdayNames.findIndex((_, i) => [timed, untimed].every((group) => group.some((r) => ruleApplies(r, i + 1, holiday))));
    if (clash >= 0) {
      const day = `${japaneseWeekdayNames[clash]}${holiday ? "の祝日" : ""}`;
      ctx.addIssue({ code: "custom", path, message: `時刻のある規則と時刻のない規則が同じ日（${day}）に当たっています。一つの日に当たる規則は、どちらか一方にしてください (a day has rules with and without times)` });
      return;
    }
  }
}

const weekly = z.array(weeklyRule).min(1);

const closedPeriod = z
  .object({ from: isoDate, to: isoDate, reason: z.string().optional() })
  .strict()
  .refine((p) => p.from <= p.to, { message: "from は to 以前の日付にしてください", path: ["to"] });

const period = z
  .object({ from: isoDate.optional(), until: isoDate.optional(), weekly })
  .strict()
  .refine((p) => p.from === undefined || p.until === undefined || p.from <= p.until, { message: "from は until 以前の日付にしてください", path: ["until"] });

// Hours that hold only from `from` to `until` (a campaign week, a special consultation), beside the regular ones:
// on the days its rules name they replace the regular hours, and after it the regular hours hold again.
const specialBound = z.string({ error: "特別な期間には from と until の両方を \"2026-12-01\" のような YYYY-MM-DD 形式で書いてください (a special period needs from and until)" }).pipe(isoDate);
const specialPeriod = z
  .object({ from: specialBound, until: specialBound, weekly })
  .strict()
  .refine((p) => p.from <= p.until, { message: "from は until 以前の日付にしてください", path: ["until"] });

const monthDayPattern = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const monthDayAdvice = "\"12-29\" のように、引用符で囲んだ MM-DD 形式で書いてください";
const monthDay = z
  .string({ error: monthDayAdvice })
  .regex(monthDayPattern, monthDayAdvice)
  // Not aborting on the format (a union would then hide its message), so the date check skips what the format refused.
  .refine((s) => !monthDayPattern.test(s) || new Date(`2000-${s}T00:00:00Z`).toISOString().slice(5, 10) === s, "存在しない日付です");

const yearEndAdvice = "yearEnd は open、closed（休みの日付が公表されていないとき）か { closed: { from: \"12-29\", to: \"01-03\" } } の形で書いてください";
const yearEnd = z.union(
  [z.literal("open"), z.literal("closed"), z.object({ closed: z.object({ from: monthDay, to: monthDay }).strict() }).strict()],
  { error: yearEndAdvice },
);

function span(p: { from?: string; until?: string }): string {
  return `${p.from ?? ""}～${p.until ?? ""}`;
}

export const hoursSchema = z
  .object({
    // Human wording as published, shown on cards next to the computed status.
    text: z.string().min(1),
    weekly: weekly.optional(),
    // Hours that change by period on the same number; instead of `weekly`.
    periods: z.array(period).min(1).optional(),
    closed: z.array(closedPeriod).default([]),
    // 年末年始: closed on these dates each year; closed without published dates; or open meaning the weekly
    // hours hold. Absent: the source is silent.
    yearEnd: yearEnd.optional(),
    // Dated periods with hours of their own beside the regular ones; the number does not end with them.
    special: z.array(specialPeriod).min(1).optional(),
    // Days no rule names: closed (absent), or unstated when the source gives hours for some days only.
    otherDays: z.enum(["closed", "unstated"], { error: "otherDays は closed か unstated で書いてください (closed or unstated)" }).optional(),
    // The day these hours were known to hold, when older than the catalog's asOf: statuses say which hours they follow.
    asOf: isoDate.optional(),
  })
  .strict()
  .superRefine((hours, ctx) => {
    if ((hours.weekly === undefined) === (hours.periods === undefined)) {
      ctx.addIssue({ code: "custom", path: ["weekly"], message: "weekly か periods のどちらか一方だけを書いてください" });
    }
    if (hours.yearEnd === undefined && hours.text.includes("年末年始")) {
      ctx.addIssue({ code: "custom", path: ["yearEnd"], message: "text に年末年始の記載があります。yearEnd: { closed: { from: \"12-29\", to: \"01-03\" } }、yearEnd: closed（日付の記載がないとき）か yearEnd: open で書いてください" });
    }
    if (hours.weekly) checkWeekly(hours.weekly, ctx, ["weekly"]);
    const periods = (hours.periods ?? []).map((p, index) => ({ ...p, index }));
    for (const p of periods) checkWeekly(p.weekly, ctx, ["periods", p.index, "weekly"]);
    checkOverlaps(periods, "periods", ctx);
    const special = (hours.special ?? []).map((p, index) => ({ ...p, index }));
    for (const p of special) {
      checkWeekly(p.weekly, ctx, ["special", p.index, "weekly"]);
      if (p.weekly.some((r) => r.days === "unstated")) {
        ctx.addIssue({ code: "custom", path: ["special", p.index, "weekly"], message: "special の weekly には days: unstated は使えません（特別な期間の曜日が分からなければ、その期間は書かないでください） (no unstated days in special)" });
      }
    }
    checkOverlaps(special, "special", ctx);
  });

/** Sorted by start, each period must end before the next one starts. */
function checkOverlaps(periods: { from?: string; until?: string; index: number }[], field: string, ctx: z.RefinementCtx): void {
  const sorted = periods.toSorted((a, b) => (a.from ?? "").localeCompare(b.from ?? ""));
  sorted.slice(1).forEach((later, i) => {
    const earlier = sorted[i];
    if (earlier && (earlier.until === undefined || later.from === undefined || earlier.until >= later.from)) {
      ctx.addIssue({
        code: "custom",
        path: [field, later.index],
        message: `${field}[${earlier.index}] (${span(earlier)}) と ${field}[${later.index}] (${span(later)}) の期間が重なっています`,
      });
    }
  });
}

const contactBase = {
  id: z.string().regex(/^[a-z0-9-]+$/, "id は英小文字・数字・ハイフンで書いてください"),
  label: z.string().min(1).max(20),
  validFrom: isoDate.optional(),
  // Last day (inclusive, Japan time) on which the line was accepted.
  validUntil: isoDate.optional(),
  note: z.string().optional(),
};

const phoneContact = z
  .object({
    ...contactBase,
    kind: z.literal("phone"),
    value: phoneNumber,
    tollFree: z.boolean().default(false),
    // Absent means the release publishes no hours: the bot must say so, not guess.
    hours: hoursSchema.optional(),
  })
  .strict();

const emailContact = z
  .object({
    ...contactBase,
    kind: z.literal("email"),
    value: z.email("メールアドレスの形式ではありません"),
  })
  .strict();

export const contactSchema = z.discriminatedUnion("kind", [phoneContact, emailContact]);

const link = z
  .object({
    label: z.string().min(1).max(20),
    url: httpsUrl,
    note: z.string().optional(),
  })
  .strict();

const crossReference = z
  .object({
    resource: z.string().min(1),
    // Short Japanese text: what the referenced resource does for this one.
    role: z.string().min(1),
    region: z.string().optional(),
  })
  .strict();

const sourceSchema = z
  .object({
    title: z.string().min(1),
    date: isoDate,
    url: httpsUrl.optional(),
  })
  .strict();

/**
 * A real question people asked, kept as evidence of what they mean: a public page where it was asked,
 * or the day an operator took it from the bot's question log (「question log 2026-12-01」).
 */
export const questionLogSource = /^question log (\d{4}-\d{2}-\d{2})$/;
const exampleSource = z.union([httpsUrl, z.string().regex(questionLogSource)], {
  error: "source には質問が書かれたページの URL か、\"question log 2026-12-01\" のように質問ログから採った日付を書いてください",
});
export const exampleSchema = z
  .object({
    text: z.string().trim().min(1).max(500),
    source: exampleSource,
    note: z.string().optional(),
  })
  .strict();

/**
 * Details of a resource that people ask about, each stated by a source. Only what a source says:
 * a detail no source states is left out, and the bot says so.
 */
export const factKinds = ["cost", "amount", "eligibility", "application", "operator"] as const;
const fact = z
  .object({
    // One or two sentences as the source states it, shown to users.
    text: z.string().trim().min(1).max(200),
    source: sourceSchema,
    // The day the fact was known to hold, when it differs from the source's date.
    asOf: isoDate.optional(),
  })
  .strict();
const factsSchema = z
  .object({
    /** What it costs to use (無料, 通話料は発信者負担). */
    cost: fact.optional(),
    /** How much is paid: amounts, rates, upper limits. */
    amount: fact.optional(),
    /** Who may use it or apply. */
    eligibility: fact.optional(),
    /** How and where to apply or sign up. */
    application: fact.optional(),
    /** Who runs it, when that is not simply the organisation (a body it is entrusted to). */
    operator: fact.optional(),
  })
  .strict();

/** A programme's application window (inclusive dates, Japan time), as a source states it. */
const programmePeriod = z
  .object({ from: isoDate.optional(), until: isoDate.optional(), source: sourceSchema })
  .strict()
  .refine((p) => p.from !== undefined || p.until !== undefined, { message: "from か until の少なくとも一方を書いてください", path: ["until"] })
  .refine((p) => p.from === undefined || p.until === undefined || p.from <= p.until, { message: "from は until 以前の日付にしてください", path: ["until"] });

/** A source saying the programme has ended (on a day, when the source gives it). */
const programmeEnded = z.object({ on: isoDate.optional(), source: sourceSchema }).strict();

// What a resource's own document or service page says it covers, in words people use; one entry per source.
const topic = z
  .object({
    terms: z.array(z.string().min(1)).min(1),
    // The page (table of contents, FAQ, service page) that shows the resource covers these terms.
    source: httpsUrl,
    note: z.string().optional(),
  })
  .strict();

export const resourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "id は英小文字・数字・ハイフンで書いてください"),
    name: z.string().min(1).max(40),
    officialName: z.string().min(1),
    organization: z.string().min(1),
    category: z.string().min(1),
    summary: z.string().min(1).max(200),
    // Who it is for, only where the release says so.
    target: z.string().min(1).optional(),
    // Region key from categories.yaml `regions`; absent = nationwide.
    region: z.string().optional(),
    links: z.array(link).min(1),
    contacts: z.array(contactSchema).default([]),
    inquiries: z.array(crossReference).default([]),
    // Matching vocabulary. Terms are Japanese or English; readings are hiragana.
    aliases: z.array(z.string().min(1)).default([]),
    readings: z.array(z.string().min(1)).default([]),
    keywords: z.array(z.string().min(1)).min(1),
    topics: z.array(topic).default([]),
    source: sourceSchema,
    // Further documents the resource's facts come from (its hours page, a FAQ…), beside the main source.
    sources: z.array(sourceSchema).default([]),
    // Operator-facing remarks about the data (corrections, caveats); never shown to users.
    dataNotes: z.array(z.string()).default([]),
    // Details people ask about (cost, amount…), each with its source.
    facts: factsSchema.default({}),
    // Real questions this resource answers, with where they were asked.
    examples: z.array(exampleSchema).default([]),
    // The day its hours were known to hold, when older than the catalog's asOf (its source was not checked again).
    asOf: isoDate.optional(),
    // Whether it is a programme with a lifetime (a subsidy, a time-limited support); absent: as its category says.
    programme: z.boolean().optional(),
    // A programme's application period, or that it has ended, as a source states; absent: not known.
    period: programmePeriod.optional(),
    ended: programmeEnded.optional(),
  })
  .strict();

export const categorySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "id は英小文字・数字・ハイフンで書いてください"),
    name: z.string().min(1).max(20),
    lead: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    readings: z.array(z.string().min(1)).default([]),
    keywords: z.array(z.string().min(1)).min(1),
    // Its members are programmes with a lifetime (subsidies…): the bot says whether they may still be open.
    programmes: z.boolean().default(false),
  })
  .strict();

export const regionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    // Words that tell the user is in (or asks about) this region.
    hints: z.array(z.string().min(1)).min(1),
  })
  .strict();

const words = z.array(z.string().min(1)).default([]);

// Words that ask about a time the catalog may not cover; a word ending in 年度 means a fiscal year (April–March).
// Years in figures and era years (2024年, 令和6年度, R6) are read without words. Without this section, only those are.
const askedTimeSchema = z
  .object({
    // This year (今年, 今年度) and the next (来年, 来年度), counted from the day of asking.
    thisYear: words,
    nextYear: words,
    // Whether something still holds, or what is newest (最新, 今も, まだやってる).
    current: words,
  })
  .strict();

// Follow-up questions about what the bot has just shown (「そこって何時まで？」). Without this section
// every message is a fresh question, as before it existed.
const followUpSchema = z
  .object({
    // Words that open a message only to link it to the conversation (じゃあ, では); dropped before reading it.
    openers: words,
    // Words that point back at what was shown (そこ, それ).
    pointers: words,
    // Asking when it is open or until when (何時まで): answered with the lines' status and hours.
    hours: words,
    // Asking for the number: answered with the lines' status and numbers.
    phone: words,
    // Asking for e-mail: answered with the addresses, or that none is published.
    email: words,
    // Asking for the web page.
    web: words,
    // Asking for others like the ones shown (他には).
    more: words,
    // Asking for more detail about what was shown.
    detail: words,
    // The n-th group names the n-th item shown (1つ目, 2つ目…).
    ordinals: z.array(z.array(z.string().min(1)).min(1)).default([]),
  })
  .strict();

// Words that ask one detail of a resource, named (「〇〇は無料？」) or just shown (「いくらかかる？」). Without this
// section such a question is answered with the card, as before it existed.
const detailsSchema = z
  .object({
    // What it costs to use (費用, 無料, 料金).
    cost: words,
    // How much is paid (いくらもらえる, 上限, 補助率). A word in both cost and amount (いくら) reads as the one the
    // resource states, else as amount for a programme and cost for anything else.
    amount: words,
    // Who may use it (対象, 誰が使える).
    eligibility: words,
    // How and where to apply or ask (申請, 申し込み, 問い合わせ先): the resource's inquiries first.
    application: words,
    // Who runs it (運営, 誰がやって).
    operator: words,
    // Until when it takes applications (いつまで, 締め切り).
    period: words,
    // Where its information comes from, who published it and when (出典, 情報源, いつの資料).
    source: words,
  })
  .strict();

// Vocabulary that is not about one resource: how people ask whether a line is open,
// greetings, and named programmes that the catalog does NOT hold (so they are refused).
export const vocabularySchema = z
  .object({
    // "Can I reach it?" words; they ask about now only together with a time or phone word, or a named line.
    availability: z.array(z.string().min(1)).min(1),
    time: z.array(z.string().min(1)).min(1),
    phone: z.array(z.string().min(1)).min(1),
    // Words that ask where to consult or apply: the answer is the resource's `inquiries` first.
    inquiry: z.array(z.string().min(1)).min(1),
    greetings: z.array(z.string().min(1)).min(1),
    thanks: z.array(z.string().min(1)).min(1),
    help: z.array(z.string().min(1)).min(1),
    listing: z.array(z.string().min(1)).min(1),
    outOfScope: z.array(z.string().min(1)).default([]),
    // Subjects next to the domain that no resource covers (taxes, disputes with one's own employer…):
    // a question about one is refused rather than answered with a resource that does not cover it.
    outOfScopeTopics: z.array(z.string().min(1)).default([]),
    // Words that end a programme's name (e.g. 〜金, 〜制度): an unknown name before them is a programme the catalog does not hold.
    programmeSuffixes: z.array(z.string().min(1)).default([]),
    // Words that may qualify a programme without naming one (コロナ, 国の…).
    qualifiers: z.array(z.string().min(1)).default([]),
    // Words that set the scene rather than say what is asked (the pandemic that made people start): they weigh
    // less, and a resource found only by them is not shown first.
    setting: z.array(z.string().min(1)).default([]),
    // Words by which a writer speaks for a business about its people (社員, 部下, 当社): a remark with one reports a
    // problem of the business (社員が腰痛を訴えている), not small talk.
    employer: z.array(z.string().min(1)).default([]),
    // Words that place a question in this bot's domain; without one, a single generic word is not enough to answer.
    anchors: z.array(z.string().min(1)).min(1),
    synonyms: z.array(z.array(z.string().min(1)).min(2)).default([]),
    followUp: followUpSchema.default({ openers: [], pointers: [], hours: [], phone: [], email: [], web: [], more: [], detail: [], ordinals: [] }),
    askedTime: askedTimeSchema.default({ thisYear: [], nextYear: [], current: [] }),
    details: detailsSchema.default({ cost: [], amount: [], eligibility: [], application: [], operator: [], period: [], source: [] }),
  })
  .strict();

// Placeholders a voice text may use: {name} etc. are filled in when the bot speaks (src/reply/copy.ts).
export const voicePlaceholders = ["name", "asOf", "asOfMonth", "asOfYear", "scope", "categories", "source", "referralName"] as const;
// Filled in only where the text is about one status (staleStatus).
export const statusPlaceholder = "status";
// Filled in only in sourceSilent: what the source does not say.
export const subjectPlaceholder = "subject";
/** Placeholders that only one voice text may use, beside the general ones. */
export const fieldPlaceholders: Readonly<Record<string, readonly string[]>> = {
  staleStatus: [statusPlaceholder],
  sourceSilent: [subjectPlaceholder],
  programmeDeadline: ["programme", "date"],
  programmeOpens: ["programme", "date"],
  programmeEnded: ["programme", "date", "source"],
  programmeEndedUndated: ["programme", "source"],
  programmeUnknown: ["programme"],
  programmesEnded: ["count", "total"],
  programmesAllEnded: ["total"],
  askedTimeLater: ["time"],
  askedTimeEarlier: ["time"],
};

const voiceText = z.string().trim().min(1, "空の文は書けません（省略すると既定の文になります）");

/**
 * The sentences that open an answer before its cards, and the placeholders each may use beside the
 * catalog-wide ones. {resource} is the resource's name; {source} and {date} are its own source and date.
 */
export const answerPlaceholders = {
  category: ["category", "count", "lead"],
  resource: ["resource", "summary"],
  topic: ["resource", "topics", "summary"],
  related: ["count"],
  guides: ["guides"],
  openNow: ["lines"],
  askedNumber: ["resource", "number", "status"],
  noneOpen: [],
  opensAt: ["resource", "when"],
  opensNext: ["when"],
  closedFor: ["resource", "reason", "when"],
  lineStatus: ["resource", "status"],
  staleHours: [],
  hours: ["resource", "hours"],
  phone: ["resource", "number"],
  openUntil: ["until"],
  noPhone: ["resource", "source", "date"],
  email: ["resource", "address"],
  noEmail: ["resource", "source", "date"],
  web: ["resource", "links"],
  stated: ["resource", "aspect", "fact", "source", "date"],
  missing: ["resource", "aspect", "source", "date"],
  askLine: ["line"],
  askPage: ["resource", "page", "url"],
  target: ["resource", "target", "source", "date"],
  organization: ["resource", "organization", "source", "date"],
  inquiry: ["resource", "role", "line"],
  source: ["resource", "organization", "source", "date"],
  more: ["resource"],
  nothingMore: ["resource"],
  regionFallback: ["region"],
  regionFirst: ["region"],
} as const satisfies Record<string, readonly string[]>;
export type AnswerKey = keyof typeof answerPlaceholders;

/** What a detail is called in a sentence (「金額は…載っていません」), for the details a source may state. */
const aspectNames = z
  .object({
    cost: voiceText.optional(),
    amount: voiceText.optional(),
    eligibility: voiceText.optional(),
    application: voiceText.optional(),
    operator: voiceText.optional(),
    period: voiceText.optional(),
  })
  .strict();

const answersSchema = z
  .object({
    ...(Object.fromEntries(Object.keys(answerPlaceholders).map((key) => [key, voiceText.optional()])) as Record<AnswerKey, z.ZodOptional<typeof voiceText>>),
    aspects: aspectNames.optional(),
  })
  .strict();


// How the bot speaks: every key optional; a missing one falls back to neutral wording.
export const voiceSchema = z
  .object({
    // The bot's name (default: title); shown in greetings, the simulator and the terminal chat.
    name: voiceText.optional(),
    // A noun phrase: what the bot covers ("{scope}をご案内しています").
    scope: voiceText.optional(),
    welcome: voiceText.optional(),
    welcomeBack: voiceText.optional(),
    join: voiceText.optional(),
    hello: voiceText.optional(),
    thanks: voiceText.optional(),
    help: z
      .object({
        lead: voiceText.optional(),
        // Example questions, listed as "・…"; the first one also answers an empty message.
        examples: z.array(voiceText).min(1).max(5).optional(),
      })
      .strict()
      .optional(),
    notFound: voiceText.optional(),
    outOfScope: voiceText.optional(),
    // Where a question in the domain that no resource answers is sent.
    // guides: general reading shown after the referral's card (a portal of guides and cases): a question that names
    // nothing specific gets a place to ask and a place to read.
    referral: z.object({ resource: z.string().min(1), text: voiceText.optional(), guides: z.array(z.string().min(1)).max(3).optional() }).strict().optional(),
    // The reply to 「解決した」 on an answer.
    resolved: voiceText.optional(),
    // The reply to 「解決しない」, before the status of the referral's lines (used when voice.referral is set).
    unresolved: voiceText.optional(),
    // A remark or complaint rather than a request (the menu follows).
    chatter: voiceText.optional(),
    // Asking which of a few close resources is meant (their cards follow).
    clarify: voiceText.optional(),
    asOfNotice: voiceText.optional(),
    sourceLine: voiceText.optional(),
    staleStatus: voiceText.optional(),
    // A line with no hours at all.
    hoursNotPublished: voiceText.optional(),
    // What the source leaves unsaid about a line's hours; {subject} is filled in (年末年始の受付時間…).
    sourceSilent: voiceText.optional(),
    // A programme's lifetime on the day of asking, on its card and as the first sentence: {programme} is its
    // name (この制度 on its own card), {date} the deadline, the opening day or the day it ended, {source} the source of the end.
    programmeDeadline: voiceText.optional(),
    programmeOpens: voiceText.optional(),
    programmeEnded: voiceText.optional(),
    programmeEndedUndated: voiceText.optional(),
    // A programme that states no lifetime, once the data is older than reviewAfterDays.
    programmeUnknown: voiceText.optional(),
    // A list of programmes of which {count} of {total} have ended (programmesAllEnded: all of them).
    programmesEnded: voiceText.optional(),
    programmesAllEnded: voiceText.optional(),
    // A question about a time ({time}: 令和6年度（2024年度）, 今年度（2026年度）, 現在) that starts after the data's
    // date, that the date falls in, or that ended before it.
    askedTimeLater: voiceText.optional(),
    askedTimeCovered: voiceText.optional(),
    askedTimeEarlier: voiceText.optional(),
    // The sentences that answer a question before its cards (see answerPlaceholders).
    answers: answersSchema.optional(),
  })
  .strict();

/** Real questions that no resource answers: another subject, or a remark rather than a request. */
const catalogExamples = z
  .object({
    outOfScope: z.array(exampleSchema).default([]),
    chatter: z.array(exampleSchema).default([]),
  })
  .strict();

/** A time-bound message (a number that ends, a closure), shown first while it is valid. */
const notice = z
  .object({
    text: z.string().trim().min(1).max(300),
    // Inclusive dates, Japan time; absent: from the start, or with no end.
    from: isoDate.optional(),
    until: isoDate.optional(),
    // The resources it is about; absent: the whole catalog (it is shown in the welcome and every answer).
    resources: z.array(z.string().min(1)).min(1).optional(),
    source: sourceSchema,
  })
  .strict()
  .refine((n) => n.from === undefined || n.until === undefined || n.from <= n.until, { message: "from は until 以前の日付にしてください", path: ["until"] });

export const catalogMetaSchema = z
  .object({
    // Names the bot in identifiers (rich menu name, store keys, the simulator's storage); absent: the folder's name.
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "id は英小文字・数字・ハイフンで 40 文字以内にしてください（例: kurashi-soudan）")
      .optional(),
    version: z.string().min(1),
    title: z.string().min(1),
    asOf: isoDate,
    source: z.object({ title: z.string().min(1), date: isoDate }).strict(),
    categories: z.array(categorySchema).min(1),
    regions: z.array(regionSchema).default([]),
    vocabulary: vocabularySchema,
    voice: voiceSchema.default({}),
    // Days after asOf from which statuses say they follow the hours published then.
    reviewAfterDays: z.number().int().min(1).default(365),
    examples: catalogExamples.default({ outOfScope: [], chatter: [] }),
    notices: z.array(notice).default([]),
  })
  .strict();

export type Hours = z.infer<typeof hoursSchema>;
export type HoursRule = WeeklyRule;
export type HoursPeriod = z.infer<typeof period>;
export type SpecialPeriod = z.infer<typeof specialPeriod>;
export type YearEnd = z.infer<typeof yearEnd>;
export type Contact = z.infer<typeof contactSchema>;
export type PhoneContact = Extract<Contact, { kind: "phone" }>;
export type Resource = z.infer<typeof resourceSchema>;
export type Category = z.infer<typeof categorySchema>;
export type Region = z.infer<typeof regionSchema>;
export type Vocabulary = z.infer<typeof vocabularySchema>;
export type Voice = z.infer<typeof voiceSchema>;
export type Example = z.infer<typeof exampleSchema>;
export type Facts = z.infer<typeof factsSchema>;
export type FactKind = (typeof factKinds)[number];
export type Fact = z.infer<typeof fact>;
export type Source = z.infer<typeof sourceSchema>;
export type Notice = z.infer<typeof notice>;
export type AskedTimeWords = z.infer<typeof askedTimeSchema>;
export type CatalogExamples = z.infer<typeof catalogExamples>;
export type CatalogMeta = z.infer<typeof catalogMetaSchema>;

export interface Catalog {
  /** Names the bot in identifiers: catalog.yaml's id, else made from the folder's name. */
  id: string;
  /** Whether `id` was written in catalog.yaml (not made from the folder's name). */
  idGiven: boolean;
  version: string;
  title: string;
  asOf: string;
  reviewAfterDays: number;
  source: CatalogMeta["source"];
  categories: Category[];
  regions: Region[];
  vocabulary: Vocabulary;
  voice: Voice;
  resources: Resource[];
  /** Out-of-scope and chatter examples (resource examples sit on each resource). */
  examples: CatalogExamples;
  notices: Notice[];
  /** Where each part was read from, for messages that name a file: the meta file and each resource's file. */
  files?: { meta: string; resources: Record<string, string> };
}
