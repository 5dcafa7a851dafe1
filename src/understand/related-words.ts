/**
 * Related words from a real dictionary: the synonym groups of SudachiDict (npm `sudachi-synonyms-dictionary`,
 * Apache-2.0), so that the words people use meet the catalog's (経費 → 費用, 従業員 → 社員, 時間外勤務 → 残業).
 * The file (14.5 MB of JSON, 26,000 groups) is scanned once when the understander is built, a megabyte at a
 * time and without parsing it whole, and only the groups that meet a word of the catalog are kept.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** Where the dictionary's JSON lies (the package exports only its script, so the file is found beside it). */
function dictionaryFile(): string | null {
  try {
    const main = createRequire(import.meta.url).resolve("sudachi-synonyms-dictionary");
    return path.join(path.dirname(main), "sudachi-synonyms-dictionary.json");
  } catch {
    return null;
  }
}

// Sudachi's expansion flag: 0 expands both ways, 1 is only expanded to (never from), 2 is never used.
const NEVER = 2;
const ONLY_AS_TARGET = 1;
const EXPAND_FLAG = Buffer.from('"expandControl":');
const HEADWORD = Buffer.from('"midashi":"');
// The end of a group: its last item's headword, the item, the list, the group.
const GROUP_END = Buffer.from('"}]}');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LIST_END = 0x5d;
// Read in pieces: a whole 14.5 MB buffer, once freed, stays in the process's memory for good.
const CHUNK = 1 << 20;
const LATIN = /^[a-z0-9 ]+$/;

interface Member {
  word: string;
  flag: number;
}

/**
 * For each word of a kept group that may start an expansion, the catalog words of its group.
 * `catalogForms`: the catalog's words as written (NFKC), to find the groups that meet them cheaply;
 * `keyOf`: a word's key as the engine folds it; `isCatalogKey`: whether a key is a word of the catalog.
 * No dictionary (the package missing, the file unreadable): no related words.
 */
export function loadRelatedWords(catalogForms: ReadonlySet<string>, keyOf: (word: string) => string, isCatalogKey: (key: string) => boolean, file = dictionaryFile()): Map<string, string[]> {
  const related = new Map<string, string[]>();
  // A cheap signature (first bytes and length) rules out most words before they are decoded.
  const signature = (bytes: Buffer, start: number, end: number) => ((bytes[start] ?? 0) * 65536 + (bytes[start + 1] ?? 0) * 256 + (bytes[start + 2] ?? 0)) * 64 + Math.min(end - start, 63);
  const signatures = new Set([...catalogForms].map((w) => Buffer.from(w)).map((b) => signature(b, 0, b.length)));

  function keep(members: Member[]): void {
    const used = members.filter((m) => m.flag !== NEVER).map((m) => ({ ...m, key: keyOf(m.word) })).filter((m) => m.key.length > 0);
    const targets = [...new Set(used.filter((m) => isCatalogKey(m.key)).map((m) => m.key))];
    if (targets.length === 0) return;
    for (const m of used) {
      if (m.flag === ONLY_AS_TARGET) continue;
      // A translation (相談 → consultation) finds only the catalog's English aliases: noise for a Japanese question.
      const latin = LATIN.test(m.key);
      const others = targets.filter((t) => t !== m.key && LATIN.test(t) === latin);
      if (others.length > 0) related.set(m.key, [...new Set([...(related.get(m.key) ?? []), ...others])]);
    }
  }

  /** Every group wholly inside `data`: decoded only when one of its words may be the catalog's. */
  function scan(data: Buffer): void {
    let group: [number, number, number][] = [];
    let meets = false;
    for (let at = data.indexOf(EXPAND_FLAG); at >= 0; at = data.indexOf(EXPAND_FLAG, at)) {
      const flag = (data[at + EXPAND_FLAG.length] ?? 0) - 0x30;
      const start = data.indexOf(HEADWORD, at) + HEADWORD.length;
      let end = start;
      while (end < data.length && data[end] !== QUOTE) end += data[end] === BACKSLASH ? 2 : 1;
      group.push([start, end, flag]);
      if (!meets && signatures.has(signature(data, start, end)) && catalogForms.has(data.toString("utf8", start, end).normalize("NFKC"))) meets = true;
      // The item closes with "}" and then "," (another item) or "]" (the group's end).
      at = end + 1;
      if (data[end + 2] !== LIST_END) continue;
      if (meets) keep(group.map(([s, e, f]) => ({ word: JSON.parse(`"${data.toString("utf8", s, e)}"`).normalize("NFKC"), flag: f })));
      group = [];
      meets = false;
    }
  }

  if (file === null) return related;
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return related;
  }
  try {
    // One buffer for the whole scan: a new one per piece leaves the C heap fragmented, megabytes that are not given back.
    let buffer = Buffer.allocUnsafe(2 * CHUNK);
    let carried = 0;
    for (;;) {
      const got = readSync(fd, buffer, carried, CHUNK, null);
      const data = buffer.subarray(0, carried + got);
      // Whole groups now; the rest waits for the next piece.
      const last = data.lastIndexOf(GROUP_END);
      const cut = got === 0 ? data.length : last < 0 ? 0 : last + GROUP_END.length;
      scan(data.subarray(0, cut));
      if (got === 0) break;
      data.copyWithin(0, cut);
      carried = data.length - cut;
      if (carried + CHUNK > buffer.length) buffer = Buffer.concat([buffer.subarray(0, carried)], 2 * buffer.length);
    }
  } catch {
    return new Map();
  } finally {
    closeSync(fd);
  }
  return related;
}
