import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument as parseYamlDocument } from "yaml";
import type { z } from "zod";
import { type AnswerKey, type Catalog, type Resource, type Voice, answerPlaceholders, catalogMetaSchema, fieldPlaceholders, resourceSchema, voicePlaceholders } from "./schema.ts";
import { japaneseMessages } from "./messages.ts";
import { yamlTraps } from "./yaml-traps.ts";

export interface SourceFile {
  /** Path shown in error messages: the catalog folder as the user gave it, then the file. */
  path: string;
  text: string;
}

export class CatalogError extends Error {
  readonly problems: string[];
  /** folder: the catalog folder as it was read, so the message says which one is broken. */
  constructor(problems: string[], folder = "data") {
    super(`カタログ (${folder}/) に ${problems.length} 件の問題があります:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "CatalogError";
    this.problems = problems;
  }
}

export const META_FILE = "catalog.yaml";
export const RESOURCE_DIR = "resources";
export const DEFAULT_DATA_DIR = "data";

function formatPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((out, s) => (typeof s === "number" ? `${out}[${s}]` : out ? `${out}.${String(s)}` : String(s)), "");
}

function validate<T extends z.ZodType>(schema: T, doc: unknown) {
  return schema.safeParse(doc, { error: japaneseMessages });
}

function issuesOf(file: string, entry: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${file}: ${entry}: ${formatPath(i.path) || "(全体)"}: ${i.message}`);
}

function parseDocument(file: SourceFile, problems: string[]): unknown {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(file.text, { prettyErrors: true, uniqueKeys: true, lineCounter });
  const [error] = doc.errors;
  if (error) {
    problems.push(`${file.path}: YAML として読めません: ${error.message.split("\n")[0]}${placeholderHint(file.text, error)}`);
    return undefined;
  }
  const traps = yamlTraps(doc, lineCounter);
  problems.push(...traps.map((trap) => `${file.path}:${trap.line}: ${trap.message}`));
  return doc.toJS();
}

/** A {placeholder} at the start of a value, or anywhere in a [flow, list], is YAML syntax: the plain error says nothing of that. */
function placeholderHint(text: string, err: unknown): string {
  const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
  const source = line === undefined ? "" : (text.split("\n")[line - 1] ?? "");
  return /\{\w+\}/.test(source) ? `（{name} などの差し込み項目を含む文は "{name}です。" のように引用符で囲んでください）` : "";
}

/** Validates the catalog from its files; throws CatalogError listing every problem found. */
export function parseCatalog(meta: SourceFile, resourceFiles: SourceFile[], folder?: string): Catalog {
  const problems: string[] = [];

  const metaDoc = parseDocument(meta, problems);
  const metaResult = metaDoc === undefined ? undefined : validate(catalogMetaSchema, metaDoc);
  if (metaResult && !metaResult.success) problems.push(...issuesOf(meta.path, "catalog", metaResult.error));

  const resources: { file: string; resource: Resource }[] = [];
  // Ids of every entry, valid or not, so one broken entry does not make references to it look dangling.
  const declaredIds = new Set<string>();
  for (const file of resourceFiles) {
    const doc = parseDocument(file, problems);
    if (doc === undefined) continue;
    const entries = Array.isArray(doc) ? doc : [doc];
    entries.forEach((entry, index) => {
      const label = typeof entry?.id === "string" ? `resource "${entry.id}"` : `resource #${index + 1}`;
      if (typeof entry?.id === "string") declaredIds.add(entry.id);
      const result = validate(resourceSchema, entry);
      if (result.success) resources.push({ file: file.path, resource: result.data });
      else problems.push(...issuesOf(file.path, label, result.error));
    });
  }

  if (!metaResult?.success) throw new CatalogError(problems, folder);
  const metaData = metaResult.data;
  problems.push(...crossCheck(meta.path, metaData.categories, metaData.regions, resources, declaredIds));
  problems.push(...voiceProblems(meta.path, metaData.voice, declaredIds));
  metaData.notices.forEach((notice, i) => {
    for (const id of notice.resources ?? []) {
      if (!declaredIds.has(id)) problems.push(`${meta.path}: notices[${i}].resources: "${id}" というリソースはありません`);
    }
  });
  if (resources.length === 0 && problems.length === 0) problems.push(`${RESOURCE_DIR}/: リソースが 1 件もありません`);
  if (problems.length > 0) throw new CatalogError(problems, folder);

  const folderId = idFromFolder(folder);
  return {
    id: metaData.id ?? folderId,
    idGiven: metaData.id !== undefined,
    version: metaData.version,
    title: metaData.title,
    asOf: metaData.asOf,
    reviewAfterDays: metaData.reviewAfterDays,
    source: metaData.source,
    categories: metaData.categories,
    regions: metaData.regions,
    vocabulary: metaData.vocabulary,
    voice: metaData.voice,
    resources: resources.map((r) => r.resource),
    examples: metaData.examples,
    notices: metaData.notices,
    files: { meta: meta.path, resources: Object.fromEntries(resources.map((r) => [r.resource.id, r.file])) },
  };
}

/** An id from the folder's name (my-catalog → my-catalog, くらし → bot): letters, digits and hyphens only. */
export function idFromFolder(folder: string | undefined): string {
  const slug = path
    .basename(path.resolve(folder ?? "."))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return slug === "" ? "bot" : slug;
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

function crossCheck(
  metaPath: string,
  categories: { id: string }[],
  regions: { id: string }[],
  resources: { file: string; resource: Resource }[],
  declaredIds: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  for (const id of duplicates(categories.map((c) => c.id))) problems.push(`${metaPath}: categories: id "${id}" が重複しています`);
  for (const id of duplicates(regions.map((r) => r.id))) problems.push(`${metaPath}: regions: id "${id}" が重複しています`);

  const categoryIds = new Set(categories.map((c) => c.id));
  const regionIds = new Set(regions.map((r) => r.id));
  const firstFile = new Map<string, string>();
  for (const { file, resource } of resources) {
    const where = `${file}: resource "${resource.id}"`;
    const earlier = firstFile.get(resource.id);
    if (earlier) problems.push(`${where}: id: "${resource.id}" は ${earlier} でも使われています (id は一意にしてください)`);
    else firstFile.set(resource.id, file);
  }
  for (const { file, resource } of resources) {
    const where = `${file}: resource "${resource.id}"`;
    if (!categoryIds.has(resource.category)) {
      problems.push(`${where}: category: "${resource.category}" は ${metaPath} の categories にありません (${[...categoryIds].join(", ")})`);
    }
    if (resource.region !== undefined && !regionIds.has(resource.region)) {
      problems.push(`${where}: region: "${resource.region}" は ${metaPath} の regions にありません`);
    }
    resource.inquiries.forEach((ref, i) => {
      if (!declaredIds.has(ref.resource)) problems.push(`${where}: inquiries[${i}].resource: "${ref.resource}" というリソースはありません`);
      else if (ref.resource === resource.id) problems.push(`${where}: inquiries[${i}].resource: 自分自身は参照できません`);
      if (ref.region !== undefined && !regionIds.has(ref.region)) problems.push(`${where}: inquiries[${i}].region: "${ref.region}" は regions にありません`);
    });
    for (const id of duplicates(resource.contacts.map((c) => c.id))) problems.push(`${where}: contacts: id "${id}" が重複しています`);
    resource.contacts.forEach((c, i) => {
      if (c.validFrom && c.validUntil && c.validFrom > c.validUntil) {
        problems.push(`${where}: contacts[${i}].validUntil: validFrom (${c.validFrom}) より前になっています`);
      }
    });
  }
  return problems;
}

/** Every {placeholder} in the voice texts must be one the bot fills in; a typo would reach users as "{nmae}". */
function voiceProblems(metaPath: string, voice: Voice, declaredIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const { help, referral, answers, ...texts } = voice;
  const { aspects, ...sentences } = answers ?? {};
  // The scope is itself what {scope} stands for; {status}, {date}… exist only where one status or date is shown;
  // each answer sentence has the placeholders of what it says.
  const fields: [string, string | undefined, readonly string[]][] = [
    ...Object.entries(texts).map(([key, text]): [string, string | undefined, readonly string[]] => [
      `voice.${key}`,
      text,
      key === "scope" ? voicePlaceholders.filter((k) => k !== "scope") : [...voicePlaceholders, ...(fieldPlaceholders[key] ?? [])],
    ]),
    ["voice.help.lead", help?.lead, voicePlaceholders],
    ...(help?.examples ?? []).map((text, i): [string, string, readonly string[]] => [`voice.help.examples[${i}]`, text, voicePlaceholders]),
    ["voice.referral.text", referral?.text, voicePlaceholders],
    ...Object.entries(sentences).map(([key, text]): [string, string | undefined, readonly string[]] => [
      `voice.answers.${key}`,
      text,
      [...voicePlaceholders, ...answerPlaceholders[key as AnswerKey]],
    ]),
    ...Object.entries(aspects ?? {}).map(([key, text]): [string, string | undefined, readonly string[]] => [`voice.answers.aspects.${key}`, text, voicePlaceholders]),
  ];
  for (const [field, text, allowed] of fields) {
    for (const [, key] of (text ?? "").matchAll(/\{([^{}]*)\}/g)) {
      if (!allowed.includes(key ?? "")) {
        problems.push(`${metaPath}: ${field}: {${key}} は使えない差し込み項目です（使えるもの: ${allowed.map((k) => `{${k}}`).join(" ")}）`);
      } else if (key === "referralName" && !referral) {
        problems.push(`${metaPath}: ${field}: {referralName} を使うには voice.referral.resource に案内先のリソース id を書いてください`);
      }
    }
  }
  if (referral && !declaredIds.has(referral.resource)) {
    problems.push(`${metaPath}: voice.referral.resource: "${referral.resource}" というリソースはありません`);
  }
  (referral?.guides ?? []).forEach((id, i) => {
    if (!declaredIds.has(id)) problems.push(`${metaPath}: voice.referral.guides[${i}]: "${id}" というリソースはありません`);
    else if (id === referral?.resource) problems.push(`${metaPath}: voice.referral.guides[${i}]: "${id}" は案内先（voice.referral.resource）と同じです。案内先のほかに読んでほしい資料を書いてください`);
  });
  return problems;
}

/**
 * The folder as the user knows it: relative to the working directory when inside it (as typed),
 * otherwise absolute, so an error never names a folder other than the one read.
 */
export function displayFolder(dataDir: string): string {
  const absolute = path.resolve(dataDir);
  const relative = path.relative(process.cwd(), absolute);
  return relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}

/** Reads and validates a catalog folder (data/, or another one given by DATA_DIR) from disk. */
export function loadCatalog(dataDir: string): Catalog {
  const folder = displayFolder(dataDir);
  const read = (relative: string): SourceFile => {
    const full = path.join(dataDir, relative);
    try {
      return { path: path.join(folder, relative), text: readFileSync(full, "utf8") };
    } catch (err) {
      throw new CatalogError([`${path.join(folder, relative)}: 読み込めません (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`], folder);
    }
  };
  let names: string[];
  try {
    names = readdirSync(path.join(dataDir, RESOURCE_DIR)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (err) {
    throw new CatalogError([`${path.join(folder, RESOURCE_DIR)}/: フォルダを読み込めません (${(err as NodeJS.ErrnoException).code})`], folder);
  }
  return parseCatalog(read(META_FILE), names.map((n) => read(path.join(RESOURCE_DIR, n))), folder);
}

/** The catalog folder an entry point reads: its own option, else DATA_DIR, else data/. */
export function catalogFolder(env: Readonly<Record<string, string | undefined>>, given?: string): string {
  return path.resolve(given ?? env.DATA_DIR ?? DEFAULT_DATA_DIR);
}
