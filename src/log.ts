import { type DestinationStream, type Logger, pino } from "pino";
import type { LogLevel } from "./config.ts";

export type { Logger };

// Where a secret would sit if a config, its LINE part, client options or a request were logged
// whole. Named paths only: a path starting with "*" makes pino run every field of every line
// through the redactor, which cost more than the rest of the line (~20 µs).
const SECRET_PATHS = [
  ...["", "line.", "config.line.", "options."].flatMap((at) => [`${at}channelSecret`, `${at}channelAccessToken`]),
  ...["", "req.", "request."].flatMap((at) => [`${at}headers.authorization`, `${at}headers["x-line-signature"]`]),
];

/**
 * JSON logs, one line per entry. Secrets are never passed to the logger; the redaction
 * is a second line of defence in case a config or request object is logged whole.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: SECRET_PATHS, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}
