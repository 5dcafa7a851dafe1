import { type DestinationStream, type Logger, pino } from "pino";
import type { LogLevel } from "./config.ts";

export type { Logger };

/**
 * JSON logs, one line per entry. Secrets are never passed to the logger; the redaction
 * is a second line of defence in case a config or request object is logged whole.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: {
      paths: [
        "channelSecret",
        "channelAccessToken",
        "*.channelSecret",
        "*.channelAccessToken",
        "headers.authorization",
        'headers["x-line-signature"]',
        "*.headers.authorization",
        '*.headers["x-line-signature"]',
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
