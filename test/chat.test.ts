import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
// The project runs on the Node 24 from node_modules, whatever node is first on PATH.
const node = path.join(root, "node_modules/.bin/node");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function chat(args: string[], input = ""): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ["src/cli/chat.ts", ...args], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe.concurrent("npm run chat, one question", () => {
  it("answers and exits 0", async () => {
    const { code, stdout, stderr } = await chat(["助成金ある？"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("助成金・補助金");
    expect(stdout).toMatch(/候補（番号を入力するとタップできます）: \[1\] /);
  });

  it("prints a card with the phone number and its status in brackets", async () => {
    const { code, stdout } = await chat(["--now", "2026-11-24T10:00+09:00", "テレワーク相談センターの電話番号"]);
    expect(code).toBe(0);
    expect(stdout).toContain("【テレワーク相談センター】");
    expect(stdout).toMatch(/\[受付中\]\n {2}0120-\d+-\d+\n/);
    expect(stdout).toMatch(/→ .*に電話 \(tel:0120\d+\)/);
  });

  it("answers as of --now: a national holiday is outside opening hours", async () => {
    const { code, stdout } = await chat(["--now", "2026-11-23T10:00+09:00", "今電話つながる？"]);
    expect(code).toBe(0);
    expect(stdout).toContain("[受付時間外]");
    expect(stdout).toContain("11月23日(月) 10:00");
    expect(stdout).not.toContain("[受付中]");
  });

  it("prints the LINE messages as JSON with --json", async () => {
    const { code, stdout } = await chat(["--json", "助成金ある？"]);
    expect(code).toBe(0);
    const messages = JSON.parse(stdout) as { type: string; contents?: { type: string } }[];
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.some((m) => m.type === "flex" && m.contents?.type === "carousel")).toBe(true);
  });

  it("keeps stdout valid JSON and puts the explanation on stderr with --json --explain", async () => {
    const { code, stdout, stderr } = await chat(["--json", "--explain", "助成金ある？"]);
    expect(code).toBe(0);
    expect(() => JSON.parse(stdout)).not.toThrow();
    expect(stderr).toContain("正規化:");
  });

  it("shows how the core decided with --explain", async () => {
    const { code, stdout } = await chat(["--explain", "テレワーク相談センターの電話番号"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/正規化: \S+/);
    expect(stdout).toMatch(/判定: \w+/);
    expect(stdout).toMatch(/シグナル: /);
    expect(stdout).toMatch(/地域: /);
    expect(stdout).toMatch(/1\. テレワーク相談センター \([a-z0-9-]+\) {2}スコア \d+\.\d{2} {2}一致: \S+/);
  });

  it("refuses a bad --now with a clear message and exit 2", async () => {
    const { code, stdout, stderr } = await chat(["--now", "11月23日", "今電話つながる？"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('--now の日時が読めません: "11月23日"');
  });

  it("prints the usage and exits 2 on an unknown flag", async () => {
    const { code, stderr } = await chat(["--verbose", "助成金"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--verbose");
    expect(stderr).toContain("使い方: npm run chat");
  });

  it("prints the usage and exits 0 with --help", async () => {
    const { code, stdout } = await chat(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--explain");
  });

  describe("with a broken catalog", () => {
    const emptyDir = mkdtempSync(path.join(tmpdir(), "chat-catalog-"));
    afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

    it("prints the catalog problems and exits 1", async () => {
      const { code, stdout, stderr } = await chat(["--data", emptyDir, "助成金"]);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toContain(`カタログ (${emptyDir}/) に`);
    });
  });
});

describe.concurrent("npm run chat, interactive", () => {
  it("welcomes, answers, taps a quick reply by its number and stops at /quit", async () => {
    const { code, stdout, stderr } = await chat([], "テレワーク相談センターの電話番号\n1\n/quit\n助成金ある？\n");
    expect(stderr).toBe("");
    expect(code).toBe(0);

    const [welcome, afterQuestion] = stdout.split("あなた> テレワーク相談センターの電話番号");
    expect(welcome).toContain("友だち追加ありがとうございます");
    expect(afterQuestion).toContain("【テレワーク相談センター】");

    // "1" taps the first quick reply under the answer: LINE would show its displayText as the user's message.
    const firstChip = /\[1\] (\S+)/.exec(afterQuestion!)?.[1];
    expect(firstChip).toBeDefined();
    const tapped = afterQuestion!.split("\nあなた> ")[1];
    expect(tapped).toBeDefined();
    expect(tapped!.split("\n")[0]).toContain(firstChip);
    expect(tapped).not.toContain("あなた> 1");

    // Nothing after /quit is answered.
    expect(stdout).not.toContain("あなた> 助成金ある？");
  });

  it("ends at end of input (Ctrl-D) with exit 0", async () => {
    const { code, stdout } = await chat([], "ありがとう\n");
    expect(code).toBe(0);
    expect(stdout).toContain("あなた> ありがとう");
  });

  it("keeps the conversation: a follow-up is about the card just shown, and --explain says memory was used", async () => {
    const { code, stdout } = await chat(["--explain", "--now", "2026-11-24T10:00+09:00"], "テレワーク相談センター\nそこって何時まで？\n");
    expect(code).toBe(0);
    const followUp = stdout.split("あなた> そこって何時まで？")[1] ?? "";
    expect(followUp).toContain("記憶: 前回の表示 tw-sodan");
    expect(followUp).toContain("記憶の使用: 使用（続きの質問: hours; 対象 tw-sodan）");
    expect(followUp).toContain("【テレワーク相談センター】");
    expect(followUp).toContain("受付中");
  });

  it("answers a number outside the quick replies with a hint instead of sending it", async () => {
    const { code, stdout } = await chat([], "99\n１４\n");
    expect(code).toBe(0);
    expect(stdout).not.toContain("あなた> 99");
    expect(stdout).not.toContain("あなた> １４");
    const chips = [...stdout.matchAll(/\[(\d+)\] /g)].map((m) => Number(m[1]));
    const hint = `番号は 1〜${Math.max(...chips)} から選んでください。質問は言葉で入力してください。`;
    expect(stdout.split(hint)).toHaveLength(3);
  });
});
