// check:data speaks Japanese: zod's own messages are replaced with Japanese ones that say how to write the
// value, with the English in parentheses as the project's other messages have it. Messages a schema gives
// itself (the phone format, dates) are left as they are.
import type { z } from "zod";

const describe = (input: unknown): string => {
  if (input === undefined) return "未記入";
  if (input === null) return "空";
  if (Array.isArray(input)) return "一覧";
  if (typeof input === "object") return "対応表";
  return `${String(input)}`;
};

/** The closest allowed key to a mistyped one (sumary → summary), when it is near enough to be a typo. */
function closest(key: string, allowed: string[]): string | undefined {
  const distance = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0] ?? 0;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const current = row[j] ?? 0;
        row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length] ?? Number.POSITIVE_INFINITY;
  };
  const [best] = allowed.map((k) => ({ k, d: distance(key.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d);
  return best && best.d <= Math.max(1, Math.floor(key.length / 4)) ? best.k : undefined;
}

function expectedType(expected: string, input: unknown): string {
  if (input === undefined) return "必須の項目です。書いてください (required)";
  if (expected === "string") {
    if (typeof input === "number" || typeof input === "boolean") {
      return `文字列を書いてください（${String(input)} と読まれました。数字や true/false に見える値は "…" のように引用符で囲んでください） (expected text)`;
    }
    // `thanks: {name}` is a YAML mapping { name: null }, not a text with a placeholder.
    const keys = input !== null && typeof input === "object" && !Array.isArray(input) ? Object.keys(input) : [];
    if (keys.length === 1 && (input as Record<string, unknown>)[keys[0] ?? ""] === null) {
      return `文字列を書いてください（{${keys[0]}} が YAML の対応表として読まれました。"{${keys[0]}}…" のように引用符で囲んでください） (expected text)`;
    }
    return `文字列を書いてください（${describe(input)}と読まれました） (expected text)`;
  }
  if (expected === "boolean") return typeof input === "string" ? `true か false で書いてください（"${input}" と読まれました） (expected true or false)` : "true か false で書いてください (expected true or false)";
  if (expected === "number") return `数を書いてください（${describe(input)}と読まれました） (expected a number)`;
  if (expected === "int") return `整数を書いてください（${describe(input)}と読まれました） (expected a whole number)`;
  if (expected === "array") return `一覧で書いてください（- 項目 の行、または [項目, 項目]。${describe(input)}と読まれました） (expected a list)`;
  if (expected === "object") return `項目: 値 の形で書いてください（${describe(input)}と読まれました） (expected a mapping)`;
  return `${expected} の値を書いてください (expected ${expected})`;
}

export const japaneseMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return expectedType(issue.expected, issue.input);
    case "too_big": {
      const max = String(issue.maximum);
      if (issue.origin === "string") return `${max} 文字以内にしてください（${String(issue.input ?? "").length} 文字あります） (too long: at most ${max} characters)`;
      if (issue.origin === "array") return `${max} 件以内にしてください (at most ${max} items)`;
      return `${max} 以下にしてください (at most ${max})`;
    }
    case "too_small": {
      const min = String(issue.minimum);
      if (issue.origin === "string") return min === "1" ? "空にはできません (must not be empty)" : `${min} 文字以上にしてください (at least ${min} characters)`;
      if (issue.origin === "array") return `少なくとも ${min} 件書いてください (at least ${min} items)`;
      return `${min} 以上にしてください (at least ${min})`;
    }
    case "invalid_format":
      if (issue.format === "url") return "http(s) の URL を書いてください (expected a URL)";
      if (issue.format === "email") return "メールアドレスの形式ではありません (expected an e-mail address)";
      return `書き方が正しくありません（${describe(issue.input)}） (does not match the expected format)`;
    case "unrecognized_keys": {
      const shape = (issue as { inst?: { def?: { shape?: Record<string, unknown> } } }).inst?.def?.shape ?? {};
      const hints = issue.keys.map((k) => {
        const near = closest(k, Object.keys(shape));
        return near ? `${k}（${near} の書き間違いでは？）` : k;
      });
      return `使えない項目があります: ${hints.join(", ")}（使える項目: ${Object.keys(shape).join(", ")}） (unknown keys)`;
    }
    case "invalid_value":
      return `${issue.values.map((v) => String(v)).join(" / ")} のどれかを書いてください（${describe(issue.input)}と読まれました） (expected one of the listed values)`;
    case "invalid_union":
      return "書ける形のどれにも合いません (does not match any allowed form)";
    default:
      return undefined;
  }
};
