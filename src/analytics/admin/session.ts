import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Checks the operator's token and issues signed, expiring sessions, so the token itself never travels again. */
export interface AdminSessions {
  tokenMatches(given: string): boolean;
  issue(nowMs: number): string;
  valid(cookie: string | undefined, nowMs: number): boolean;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

export function createAdminSessions(token: string, lifetimeMs: number): AdminSessions {
  const expected = digest(token);
  // Derived from the token: every process behind a load balancer accepts the same sessions, and a new token ends them all.
  const key = createHmac("sha256", token).update("admin session").digest();
  const sign = (expiresMs: number) => createHmac("sha256", key).update(String(expiresMs)).digest("base64url");
  return {
    // Digests have equal length, so the comparison takes the same time whatever was typed.
    tokenMatches: (given) => timingSafeEqual(digest(given), expected),
    issue: (nowMs) => {
      const expiresMs = nowMs + lifetimeMs;
      return `${expiresMs}.${sign(expiresMs)}`;
    },
    valid(cookie, nowMs) {
      const match = cookie?.match(/^(\d{1,16})\.([\w-]{43})$/);
      if (!match) return false;
      const expiresMs = Number(match[1]);
      const given = Buffer.from(match[2] ?? "", "utf8");
      const wanted = Buffer.from(sign(expiresMs), "utf8");
      return given.length === wanted.length && timingSafeEqual(given, wanted) && expiresMs > nowMs;
    },
  };
}
