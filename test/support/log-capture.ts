import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/log.ts";

/** A real logger writing JSON lines into memory. */
export function capturingLogger(): { logger: Logger; lines: string[]; messages: () => string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger("debug", stream), lines, messages: () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg) };
}
