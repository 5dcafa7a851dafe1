// The README's "make a new bot" walk-through, end to end: scaffold a folder, check it, score it on its questions.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const node = path.resolve("node_modules/.bin/node");

function run(script: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(node, [script, ...args], { env: { PATH: process.env.PATH ?? "", ...env } }, (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
  });
}

describe("npm run new-catalog, then check:data and eval", () => {
  it("makes a folder that validates and passes its own questions", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "new-catalog-")), "town-help");
    const made = await run("scripts/new-catalog.ts", [dir, "--name", "まちの相談ナビ"]);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`DATA_DIR=${dir} npm run eval -- ${dir}/questions.jsonl`);

    const checked = await run("src/cli/check-data.ts", [], { DATA_DIR: dir });
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/^OK: .*town-help\/: 1 resources in 1 categories/);
    // Its id comes from the folder and is written in, so no warning asks for one.
    expect(checked.stdout).not.toContain("id: がありません");

    const scored = await run("scripts/evaluate.ts", [path.join(dir, "questions.jsonl")], { DATA_DIR: dir });
    expect(scored.stdout).toContain("overall       4/4  100.0%");
    expect(scored.code).toBe(0);
  }, 60_000);

  it("refuses a folder that is not empty, and touches nothing in it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "new-catalog-"));
    mkdirSync(path.join(dir, "resources"));
    writeFileSync(path.join(dir, "catalog.yaml"), "mine");
    const made = await run("scripts/new-catalog.ts", [dir]);
    expect(made.code).toBe(2);
    expect(made.stderr).toContain("はすでにあり、空ではありません");
  });
});

// faketime (the Debian package CI installs) sets the clock the script reads; without it this test is skipped.
const faketime = ["/usr/bin/faketime", "/usr/local/bin/faketime"].find((p) => existsSync(p));

describe.skipIf(!faketime)("npm run new-catalog's dates (with faketime)", () => {
  it("are the Japan day: at 8:30 in Japan the UTC date is still the day before", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "new-catalog-")), "early");
    const made = await new Promise<number | null>((resolve) => {
      const child = execFile(faketime ?? "", ["2026-12-01 23:30:00", node, "scripts/new-catalog.ts", dir], { env: { PATH: process.env.PATH ?? "", TZ: "UTC" } }, () => resolve(child.exitCode));
    });
    expect(made).toBe(0);
    expect(readFileSync(path.join(dir, "catalog.yaml"), "utf8")).toContain('asOf: "2026-12-02"');
  }, 60_000);
});

describe("npm run eval", () => {
  it("fails below --min, listing the questions that missed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "eval-"));
    const file = path.join(dir, "q.jsonl");
    writeFileSync(file, `${JSON.stringify({ id: "x1", text: "テレワーク相談センター", kind: "resource", expect: ["IT導入補助金"] })}\n${JSON.stringify({ id: "x2", text: "こんにちは", kind: "greeting" })}\n`);
    const scored = await run("scripts/evaluate.ts", [file, "--min", "0.9"], { DATA_DIR: "data" });
    expect(scored.code).toBe(1);
    expect(scored.stdout).toContain("overall       1/2  50.0%");
    expect(scored.stdout).toMatch(/x1 resource 「テレワーク相談センター」 → 最初のカード「テレワーク相談センター」/);
  }, 60_000);

  it("answers a conversation from its memory, and an open-now question at its instant", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "eval-"));
    const file = path.join(dir, "q.jsonl");
    const lines = [
      { id: "c1", user: "u", text: "テレワーク相談センター", kind: "resource", expect: ["tw-sodan"], at: "2026-03-10T10:30:00+09:00" },
      { id: "c2", user: "u", text: "そこって何時まで？", kind: "open_now", statuses: { "tw-sodan": "open" }, at: "2026-03-10T10:30:00+09:00" },
      { id: "c3", text: "テレワーク相談センターは今つながる？", kind: "open_now", statuses: { "tw-sodan": "closed" }, at: "2026-11-23T10:00:00+09:00" },
    ];
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
    const scored = await run("scripts/evaluate.ts", [file], { DATA_DIR: "data" });
    expect(scored.stdout).toContain("overall       3/3  100.0%");
  }, 60_000);
});
