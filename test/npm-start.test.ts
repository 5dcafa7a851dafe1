// `npm start` as a person runs it: npm, its shell and the bot. Stopping npm must stop the bot and free the port.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const preload = path.join(root, "src/load-env-file.ts");

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

interface NpmStart {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

function npmStart(port: number): NpmStart {
  let stdout = "";
  let stderr = "";
  // Only what a shell would have: no inherited LINE credentials, Redis or database settings.
  const child = spawn("npm", ["start"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), PORT: String(port), NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a failed test can clean up the shell and the bot under npm too.
    detached: true,
  });
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  // "close", not "exit": only then has everything the process wrote been read from its pipes.
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, output: () => ({ stdout, stderr }), exited };
}

let started: NpmStart | undefined;

afterEach(() => {
  // Whatever a failed test left: npm's whole process group (the shell and the bot under it).
  if (started?.child.pid && started.child.exitCode === null) {
    try {
      process.kill(-started.child.pid, "SIGKILL");
    } catch {
      started.child.kill("SIGKILL");
    }
  }
  started = undefined;
});

describe.each(["SIGTERM", "SIGINT"] as const)("npm start, stopped with %s", (signal) => {
  it("stops the bot and frees the port within a few seconds", { timeout: 90_000 }, async () => {
    const port = await freePort();
    started = npmStart(port);
    await expect.poll(() => listening(port), { timeout: 60_000, interval: 250 }).toBe(true);

    // What `kill <pid>` does to the npm process the user started.
    started.child.kill(signal);
    const stoppedAt = Date.now();
    await expect.poll(() => listening(port), { timeout: 5_000, interval: 100 }).toBe(false);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    await started.exited;
    expect(started.output().stdout).toContain('"msg":"shutdown complete"');
  });
});

describe("npm start's first lines", () => {
  it("say where the simulator is in a plain line, and say nothing about a missing .env", { timeout: 90_000 }, async () => {
    const port = await freePort();
    started = npmStart(port);
    await expect.poll(() => started?.output().stdout, { timeout: 60_000, interval: 250 }).toContain("server listening");
    const { stdout, stderr } = started.output();
    expect(stdout.split("\n")).toContain(`シミュレーター: http://localhost:${port}/  (Ctrl-C で停止)`);
    expect(stderr).not.toContain("not found");
    started.child.kill("SIGTERM");
    await started.exited;
  });
});

describe(".env (read before the bot starts)", () => {
  const run = (cwd: string, env: Record<string, string>) =>
    spawnSync(process.execPath, ["--import", preload, "-e", "console.log(process.env.GREETING ?? '-', process.env.PORT ?? '-')"], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
      encoding: "utf8",
    });

  it("is read when present, and variables already set win over it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "env-file-"));
    try {
      writeFileSync(path.join(dir, ".env"), "GREETING=こんにちは\nPORT=4000\n");
      const result = run(dir, { PORT: "5000" });
      expect(result.stdout).toBe("こんにちは 5000\n");
      expect(result.stderr).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is optional: without one nothing is printed", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "env-file-"));
    try {
      const result = run(dir, {});
      expect(result.stdout).toBe("- -\n");
      expect(result.stderr).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stops with one line naming it when it cannot be read", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "env-file-"));
    try {
      // A folder where the file should be.
      mkdirSync(path.join(dir, ".env"));
      const failed = run(dir, {});
      expect(failed.status).toBe(1);
      expect(failed.stderr).toMatch(/^\.env を読み込めません \(cannot read \.env\): /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
