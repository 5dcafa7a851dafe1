import { z } from "zod";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD 形式の日付を書いてください")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "存在しない日付です");

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, "HH:MM 形式の時刻を書いてください")
  .refine((s) => s <= "24:00", "24:00 より後の時刻は書けません");

const httpsUrl = z.url({ protocol: /^https?$/, error: "http(s) の URL を書いてください" });

// Japanese numbers as printed in the release: 0120-xx-xxxx, 03-xxxx-xxxx, etc.
const phoneAdvice = "電話番号は \"03-1234-5678\" のように、引用符で囲んだハイフン区切りで書いてください";
const phoneNumber = z.string({ error: phoneAdvice }).regex(/^0\d{1,4}-\d{1,4}-\d{3,4}$/, phoneAdvice);

export const weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type WeekdayName = (typeof weekdayNames)[number];

const weeklyRule = z
  .object({
    // "weekdays" = Monday to Friday that are not national holidays.
    days: z.union([z.literal("weekdays"), z.array(z.enum(weekdayNames)).min(1)]),
    open: clockTime,
    close: clockTime,
    // Whether the rule applies on national holidays that fall on its days (only for explicit day lists).
    onHolidays: z.boolean().default(false),
  })
  .strict()
  .refine((r) => r.open < r.close, { message: "open は close より前の時刻にしてください", path: ["close"] });

const closedPeriod = z
  .object({ from: isoDate, to: isoDate, reason: z.string().optional() })
  .strict()
  .refine((p) => p.from <= p.to, { message: "from は to 以前の日付にしてください", path: ["to"] });

export const hoursSchema = z
  .object({
    weekly: z.array(weeklyRule).min(1),
    closed: z.array(closedPeriod).default([]),
    // Human wording as published, shown on cards next to the computed status.
    text: z.string().min(1),
  })
  .strict();

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
    source: z
      .object({
        title: z.string().min(1),
        date: isoDate,
        url: httpsUrl.optional(),
      })
      .strict(),
    // Operator-facing remarks about the data (corrections, caveats); never shown to users.
    dataNotes: z.array(z.string()).default([]),
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
    // Words that end a programme's name (助成金, 補助金…): an unknown name before them is a programme the catalog does not hold.
    programmeSuffixes: z.array(z.string().min(1)).default([]),
    // Words that may qualify a programme without naming one (コロナ, 国の…).
    qualifiers: z.array(z.string().min(1)).default([]),
    // Words that place a question in this bot's domain; without one, a single generic word is not enough to answer.
    anchors: z.array(z.string().min(1)).min(1),
    synonyms: z.array(z.array(z.string().min(1)).min(2)).default([]),
  })
  .strict();

export const catalogMetaSchema = z
  .object({
    version: z.string().min(1),
    title: z.string().min(1),
    asOf: isoDate,
    source: z.object({ title: z.string().min(1), date: isoDate }).strict(),
    categories: z.array(categorySchema).min(1),
    regions: z.array(regionSchema).default([]),
    vocabulary: vocabularySchema,
    voice: z
      .looseObject({
        // Where questions that no resource answers specifically are referred (a resource id).
        referral: z.object({ resource: z.string().min(1), text: z.string().min(1).optional() }).strict().optional(),
      })
      .optional(),
  })
  .strict();

export type Hours = z.infer<typeof hoursSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type PhoneContact = Extract<Contact, { kind: "phone" }>;
export type Resource = z.infer<typeof resourceSchema>;
export type Category = z.infer<typeof categorySchema>;
export type Region = z.infer<typeof regionSchema>;
export type Vocabulary = z.infer<typeof vocabularySchema>;
export type CatalogMeta = z.infer<typeof catalogMetaSchema>;

export interface Catalog {
  version: string;
  title: string;
  asOf: string;
  source: CatalogMeta["source"];
  categories: Category[];
  regions: Region[];
  vocabulary: Vocabulary;
  voice?: CatalogMeta["voice"];
  resources: Resource[];
}
