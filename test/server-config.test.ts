import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, loadRichMenuDeployConfig, storeKeyPrefixOf } from "../src/config.ts";

const credentials = { LINE_CHANNEL_SECRET: "secret-value", LINE_CHANNEL_ACCESS_TOKEN: "token-value" };

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("fills in defaults", () => {
    expect(loadConfig(credentials)).toEqual({
      port: 3000,
      nodeEnv: "development",
      line: { channelSecret: "secret-value", channelAccessToken: "token-value" },
      lineApiBaseUrl: "https://api.line.me",
      lineApiTimeoutMs: 5000,
      logLevel: "info",
      simulator: false,
      trustProxy: 0,
      dataDir: "./data",
      redisUrl: null,
      redisCommandTimeoutMs: 500,
      storeKeyPrefix: null,
      channelKey: expect.stringMatching(/^[0-9a-f]{12}$/),
      memoryTtlMs: 30 * 60_000,
      analytics: null,
      adminToken: null,
    });
  });

  it("namespaces the store per catalog and channel, never with the secret itself", () => {
    const a = storeKeyPrefixOf(loadConfig(credentials), "kurashi-soudan");
    const b = storeKeyPrefixOf(loadConfig({ ...credentials, LINE_CHANNEL_SECRET: "another-channel" }), "kurashi-soudan");
    expect(a).toMatch(/^kurashi-soudan:[0-9a-f]{12}:$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("secret-value");
    expect(storeKeyPrefixOf(loadConfig(credentials), "other-bot")).not.toBe(a);
    expect(storeKeyPrefixOf(loadConfig({}), "kurashi-soudan")).toBe("kurashi-soudan:local:");
    expect(storeKeyPrefixOf(loadConfig({ ...credentials, STORE_KEY_PREFIX: "bot-a:" }), "kurashi-soudan")).toBe("bot-a:");
  });

  it("names the Redis variables it cannot use", () => {
    const problems = problemsOf({ REDIS_URL: "http://127.0.0.1:6379", STORE_KEY_PREFIX: "has space", CONVERSATION_MEMORY_MINUTES: "0", REDIS_COMMAND_TIMEOUT_MS: "x" });
    expect(problems).toEqual([
      expect.stringMatching(/^REDIS_URL: redis:\/\//),
      expect.stringMatching(/^REDIS_COMMAND_TIMEOUT_MS: 数値/),
      expect.stringMatching(/^STORE_KEY_PREFIX: 英数字/),
      expect.stringMatching(/^CONVERSATION_MEMORY_MINUTES: 1 以上/),
    ]);
  });

  it("turns the question log on with its secret, on SQLite by default or PostgreSQL with DATABASE_URL", () => {
    const secret = "s".repeat(32);
    expect(loadConfig({ ANALYTICS_SECRET: secret }).analytics).toEqual({ secret, databaseUrl: null, sqlitePath: "./var/analytics.sqlite", retentionDays: 180 });
    expect(
      loadConfig({ ANALYTICS_SECRET: secret, DATABASE_URL: "postgres://bot@db.example:5432/navi", ANALYTICS_RETENTION_DAYS: "30", ADMIN_TOKEN: "t".repeat(24) }),
    ).toMatchObject({ analytics: { databaseUrl: "postgres://bot@db.example:5432/navi", retentionDays: 30 }, adminToken: "t".repeat(24) });
    expect(loadConfig({ ANALYTICS_SECRET: secret, ANALYTICS: "off" }).analytics).toBeNull();
  });

  it("names each bad question-log variable without quoting its value", () => {
    const problems = problemsOf({ ANALYTICS_SECRET: "short-secret", DATABASE_URL: "mysql://db/x", ANALYTICS_RETENTION_DAYS: "0", ADMIN_TOKEN: "short-token" });
    expect(problems.map((p) => p.split(":")[0])).toEqual(["ANALYTICS_SECRET", "DATABASE_URL", "ANALYTICS_RETENTION_DAYS", "ADMIN_TOKEN"]);
    expect(problems.join("\n")).not.toMatch(/short-secret|short-token/);
    expect(problemsOf({ ANALYTICS: "on" })).toEqual([expect.stringMatching(/^ANALYTICS_SECRET: 未設定です/)]);
  });

  it("reads every variable", () => {
    const config = loadConfig({
      ...credentials,
      PORT: "8080",
      NODE_ENV: "production",
      LINE_API_BASE_URL: "http://127.0.0.1:9999",
      LINE_API_TIMEOUT_MS: "1500",
      LOG_LEVEL: "debug",
      SIMULATOR: "on",
      TRUST_PROXY: "1",
      DATA_DIR: "/srv/data",
      REDIS_URL: "redis://127.0.0.1:6379/2",
      REDIS_COMMAND_TIMEOUT_MS: "100",
      CONVERSATION_MEMORY_MINUTES: "10",
    });
    expect(config).toMatchObject({
      port: 8080,
      nodeEnv: "production",
      lineApiBaseUrl: "http://127.0.0.1:9999",
      lineApiTimeoutMs: 1500,
      logLevel: "debug",
      simulator: true,
      trustProxy: 1,
      dataDir: "/srv/data",
      redisUrl: "redis://127.0.0.1:6379/2",
      redisCommandTimeoutMs: 100,
      memoryTtlMs: 10 * 60_000,
    });
  });

  it("runs without the webhook, simulator on, when credentials are missing outside production", () => {
    expect(loadConfig({})).toMatchObject({ line: null, simulator: true });
    expect(loadConfig({ NODE_ENV: "test", LINE_CHANNEL_SECRET: "", LINE_CHANNEL_ACCESS_TOKEN: " " })).toMatchObject({ line: null, simulator: true });
    expect(loadConfig({ SIMULATOR: "off" })).toMatchObject({ line: null, simulator: false });
  });

  it("requires both credentials in production", () => {
    const problems = problemsOf({ NODE_ENV: "production" });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^LINE_CHANNEL_SECRET: .*本番では必須/);
    expect(problems[1]).toMatch(/^LINE_CHANNEL_ACCESS_TOKEN: /);
  });

  it("refuses one credential without the other", () => {
    expect(problemsOf({ LINE_CHANNEL_SECRET: "only-the-secret" })).toEqual([expect.stringMatching(/^LINE_CHANNEL_ACCESS_TOKEN: 未設定/)]);
  });

  it("lists every bad variable at once, naming each", () => {
    const problems = problemsOf({
      ...credentials,
      PORT: "http",
      NODE_ENV: "prod",
      LINE_API_BASE_URL: "ftp://example.com",
      LINE_API_TIMEOUT_MS: "10",
      LOG_LEVEL: "verbose",
      SIMULATOR: "maybe",
    });
    expect(problems.map((p) => p.split(":")[0])).toEqual(["PORT", "NODE_ENV", "LINE_API_BASE_URL", "LINE_API_TIMEOUT_MS", "LOG_LEVEL", "SIMULATOR"]);
  });

  it("never puts a secret into its error message", () => {
    try {
      loadConfig({ ...credentials, PORT: "-1" });
    } catch (err) {
      expect((err as Error).message).toMatch(/^設定 \(環境変数\) に 1 件の問題があります:\n {2}- PORT: /);
      expect((err as Error).message).not.toContain("secret-value");
      return;
    }
    throw new Error("expected a ConfigError");
  });
});

describe("loadRichMenuDeployConfig", () => {
  it("needs only the access token, and defaults to LINE's API and upload hosts", () => {
    expect(loadRichMenuDeployConfig({ LINE_CHANNEL_ACCESS_TOKEN: "token-value" })).toEqual({
      channelAccessToken: "token-value",
      lineApiBaseUrl: "https://api.line.me",
      lineApiDataBaseUrl: "https://api-data.line.me",
    });
  });

  it("names the missing token and a bad upload URL", () => {
    expect(() => loadRichMenuDeployConfig({})).toThrow(/LINE_CHANNEL_ACCESS_TOKEN: 未設定です/);
    expect(() => loadRichMenuDeployConfig({ LINE_CHANNEL_ACCESS_TOKEN: "t", LINE_API_DATA_BASE_URL: "ftp://x" })).toThrow(
      /LINE_API_DATA_BASE_URL: http\(s\) の URL を指定してください/,
    );
  });
});
