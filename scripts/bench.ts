// `npm run bench`: time to understand one message, on the real catalog and on a generated one of
// 10,000 resources, and the process's memory. Figures, not asserts: these machines are noisy.
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Catalog, Resource } from "../src/catalog/schema.ts";
import { type PartName, createUnderstander, defaultAnalyzer } from "../src/understand/understand.ts";
import { catalogFromEnv } from "./catalog-from-env.ts";

const ROUNDS = 20;
const GENERATED = 10_000;

const catalog = catalogFromEnv();

function queryTexts(): string[] {
  const own = [
    "在宅勤務の機器に補助出る？",
    "今電話つながる？",
    "テレワーク相談センターの電話番号",
    "IT同入補助金",
    "ﾃﾚﾜｰｸ緊急導入支援ﾌﾟﾛｸﾞﾗﾑ",
    "助成金とか補助金の一覧みせて",
    "おすすめのラーメン屋教えて",
    "こんにちは",
    "telework security guideline",
    "テレワークで長時間労働にならないようにするためのガイドラインある？",
    "あ".repeat(5000),
  ];
  const devPath = path.resolve("test/fixtures/eval/dev-queries.jsonl");
  try {
    const dev = readFileSync(devPath, "utf8")
      .split("\n")
      .filter((l) => l.trim().startsWith("{"))
      .map((l) => (JSON.parse(l) as { text: string }).text);
    return [...own, ...dev];
  } catch {
    return own;
  }
}

// Deterministic pseudo-random words, so every run measures the same catalog.
function generator(seed: number) {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x / 2 ** 31);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return { pick, next };
}

const PLACES = ["札幌", "仙台", "新潟", "金沢", "静岡", "名古屋", "京都", "大阪", "神戸", "広島", "高松", "福岡", "熊本", "那覇", "横浜", "千葉"];
const TOPICS = ["テレワーク", "在宅勤務", "サテライトオフィス", "クラウド", "ペーパーレス", "電子契約", "Web会議", "勤怠管理", "情報セキュリティ", "人材育成", "販路開拓", "事業承継"];
const KINDS = ["助成金", "補助金", "相談窓口", "支援センター", "ガイドブック", "セミナー", "奨励金", "支援事業", "アドバイザー派遣", "導入事例集"];
const WORDS = ["導入", "費用", "機器", "専門家", "無料", "中小企業", "個人事業主", "従業員", "経費", "講習", "研修", "申請", "相談", "改善", "効率化", "働き方", "通信", "端末", "回線", "規程"];

function generatedCatalog(count: number): Catalog {
  const { pick, next } = generator(42);
  const template = catalog.resources[0] as Resource;
  const resources: Resource[] = [...catalog.resources];
  for (let i = 0; i < count - catalog.resources.length; i++) {
    const name = `${pick(PLACES)}${pick(TOPICS)}${pick(KINDS)}${i}`;
    const category = pick(catalog.categories).id;
    resources.push({
      ...template,
      id: `generated-${i}`,
      name,
      officialName: name,
      category,
      contacts: [],
      inquiries: [],
      aliases: [`${pick(TOPICS)}${pick(KINDS)}${i}`],
      // The template's example questions copied 10,000 times would be one question asked 10,000 times over.
      examples: [],
      readings: [],
      keywords: Array.from({ length: 6 + Math.floor(next() * 6) }, () => `${pick(WORDS)}${pick(WORDS)}`),
      ...(next() < 0.2 ? { region: "tokyo" } : {}),
    });
  }
  return { ...catalog, resources };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function gcNow() {
  (globalThis as { gc?: () => void }).gc?.();
}

function memory() {
  gcNow();
  const m = process.memoryUsage();
  return `rss ${(m.rss / 2 ** 20).toFixed(1)} MiB, heap used ${(m.heapUsed / 2 ** 20).toFixed(1)} MiB`;
}

function measure(label: string, subject: Catalog, texts: string[]) {
  const started = performance.now();
  const understand = createUnderstander(subject);
  const buildMs = performance.now() - started;
  for (const t of texts) understand(t);
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of texts) {
      const t0 = performance.now();
      understand(t);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const median = percentile(times, 50);
  const p99 = percentile(times, 99);
  console.log(
    `${label.padEnd(26)} resources ${String(subject.resources.length).padStart(6)}  index built in ${buildMs.toFixed(0).padStart(5)} ms  ` +
      `median ${median.toFixed(3)} ms  p99 ${p99.toFixed(3)} ms  max ${(times.at(-1) ?? 0).toFixed(3)} ms  (${times.length} messages)  ${memory()}`,
  );
  return { median, p99, understand };
}

const texts = queryTexts();
console.log(`before the analyzer        ${memory()}`);
const analyzerStarted = performance.now();
defaultAnalyzer().tokenize("テレワーク");
console.log(`analyzer loaded in ${(performance.now() - analyzerStarted).toFixed(0)} ms   ${memory()}`);
console.log(`node ${process.version}; ${texts.length} distinct messages × ${ROUNDS} rounds; gc ${typeof (globalThis as { gc?: unknown }).gc === "function" ? "exposed" : "not exposed"}`);
const real = measure("real catalog", catalog, texts);
// What the related-word dictionary costs: the understander built again with and without it (CPU time, so
// other processes on the machine count less), and the memory it keeps.
function buildCost(without: PartName[]) {
  gcNow();
  const rss = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const kept = createUnderstander(catalog, { without });
  const used = process.cpuUsage(cpu);
  gcNow();
  return { cpuMs: (used.user + used.system) / 1000, rssMiB: (process.memoryUsage().rss - rss) / 2 ** 20, kept };
}
const withDictionary = buildCost([]);
const withoutDictionary = buildCost(["related"]);
console.log(
  `related-word dictionary    build ${withDictionary.cpuMs.toFixed(0)} ms CPU with it, ${withoutDictionary.cpuMs.toFixed(0)} ms without; ` +
    `RSS kept ${withDictionary.rssMiB.toFixed(1)} MiB with it, ${withoutDictionary.rssMiB.toFixed(1)} MiB without`,
);
const big = generatedCatalog(GENERATED);
const large = measure("generated catalog", big, texts);
console.log(`targets: real median < 1 ms: ${real.median < 1 ? "yes" : "NO"} (${real.median.toFixed(3)} ms); 10,000 p99 < 20 ms: ${large.p99 < 20 ? "yes" : "NO"} (${large.p99.toFixed(3)} ms)`);
