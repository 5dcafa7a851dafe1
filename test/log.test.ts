import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/log.ts";

describe("createLogger", () => {
  it("censors secrets in a config, its LINE part, client options or a request logged whole", () => {
    const lines: string[] = [];
    const logger = createLogger(
      "info",
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString("utf8"));
          done();
        },
      }),
    );
    const line = { channelSecret: "secret-1", channelAccessToken: "token-1" };
    logger.info({ ...line, line, config: { port: 3000, line }, options: { channelAccessToken: "token-2", timeoutMs: 5000 } }, "configured");
    logger.info({ headers: { authorization: "Bearer token-3", "x-line-signature": "signature-1" }, req: { headers: { authorization: "Bearer token-4" } } }, "request");
    logger.child({ line }).warn("child");

    const text = lines.join("");
    for (const secret of ["secret-1", "token-1", "token-2", "token-3", "token-4", "signature-1"]) expect(text).not.toContain(secret);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ config: { port: 3000, line: { channelSecret: "[redacted]", channelAccessToken: "[redacted]" } } }),
      expect.objectContaining({ headers: { authorization: "[redacted]", "x-line-signature": "[redacted]" } }),
      expect.objectContaining({ msg: "child" }),
    ]);
  });
});
