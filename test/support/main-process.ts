import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const projectRoot = path.resolve(import.meta.dirname, "../..");

/** The composition root as it runs in production and under the evaluator: `node src/main.ts`, configured by environment. */
export interface StartedMain {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  output: () => string;
  exited: Promise<number | null>;
}

export function startMain(env: Record<string, string>): StartedMain {
  let stdout = "";
  let stderr = "";
  const child = spawn(process.execPath, ["src/main.ts"], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, output: () => stdout + stderr, exited };
}
