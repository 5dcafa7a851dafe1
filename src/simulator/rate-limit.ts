export interface RateLimitOptions {
  /** Requests a client may send in a burst. */
  burst: number;
  /** Tokens added back per second. */
  perSecond: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

// Bounds memory when many addresses pass by; full buckets carry no information and go first.
const MAX_TRACKED_CLIENTS = 10_000;

/** A per-client token bucket kept in memory: enough to keep one public demo from being hammered. */
export function createRateLimiter(options: RateLimitOptions, nowMs: () => number = Date.now): (clientKey: string) => boolean {
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, now: number): void => {
    bucket.tokens = Math.min(options.burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * options.perSecond);
    bucket.updatedMs = now;
  };

  const forgetIdleClients = (now: number): void => {
    for (const [key, bucket] of buckets) {
      refill(bucket, now);
      if (bucket.tokens >= options.burst) buckets.delete(key);
    }
  };

  return (clientKey) => {
    const now = nowMs();
    if (buckets.size >= MAX_TRACKED_CLIENTS) forgetIdleClients(now);
    const bucket = buckets.get(clientKey) ?? { tokens: options.burst, updatedMs: now };
    refill(bucket, now);
    buckets.set(clientKey, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };
}
