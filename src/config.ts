import { createHash } from "node:crypto";
import { z } from "zod";

export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

export interface LineCredentials {
  channelSecret: string;
  channelAccessToken: string;
}

export interface Config {
  port: number;
  nodeEnv: "production" | "development" | "test";
  /** Null when the credentials are not set: the server then runs without the webhook. */
  line: LineCredentials | null;
  lineApiBaseUrl: string;
  lineApiTimeoutMs: number;
  logLevel: LogLevel;
  simulator: boolean;
  /** Proxy hops in front of the app whose X-Forwarded-For is trusted (0: none). */
  trustProxy: number;
  dataDir: string;
  /** Null: every process keeps its own state in memory. */
  redisUrl: string | null;
  /** A Redis command not answered in this time fails, and the reply goes out without it. */
  redisCommandTimeoutMs: number;
  /** STORE_KEY_PREFIX when set; null: the prefix is made from the catalog and the channel (`storeKeyPrefixOf`). */
  storeKeyPrefix: string | null;
  /** Names the LINE channel without revealing its secret: a hash of it, or "local" without credentials. */
  channelKey: string;
  /** How long a conversation's memory lasts after the bot's last answer. */
  memoryTtlMs: number;
  /** Null when the question log is off. */
  analytics: AnalyticsConfig | null;
  /** Null keeps /admin off. */
  adminToken: string | null;
}

export interface AnalyticsConfig {
  secret: string;
  /** postgres://… when set; the SQLite file otherwise. */
  databaseUrl: string | null;
  sqlitePath: string;
  retentionDays: number;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`設定 (環境変数) に ${problems.length} 件の問題があります:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

const onOff = z
  .string()
  .toLowerCase()
  .pipe(z.enum(["on", "off", "true", "false", "1", "0"], { error: "on または off を指定してください" }))
  .transform((v) => v === "on" || v === "true" || v === "1");

const analyticsVariables = {
  ANALYTICS: onOff.optional(),
  ANALYTICS_SECRET: z.string().min(32, "32 文字以上のランダムな文字列を指定してください (例: openssl rand -hex 32)").optional(),
  ANALYTICS_DB: z.string().default("./var/analytics.sqlite"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "postgres:// で始まる URL を指定してください" }).optional(),
  ANALYTICS_RETENTION_DAYS: z.coerce.number({ error: "数値を指定してください" }).int("整数を指定してください").min(1, "1 以上を指定してください").max(3650, "3650 以下を指定してください").default(180),
};

const analyticsSchema = z.object(analyticsVariables);

function analyticsOf(vars: z.infer<typeof analyticsSchema>): AnalyticsConfig | null {
  // Without the secret no pseudonymous key can be made, so nothing is stored unless asked for.
  const on = vars.ANALYTICS ?? vars.ANALYTICS_SECRET !== undefined;
  if (!on) return null;
  if (!vars.ANALYTICS_SECRET) {
    throw new ConfigError(["ANALYTICS_SECRET: 未設定です (質問ログの利用者キーを作る秘密の値です。ANALYTICS=off にすると質問ログは保存されません)"]);
  }
  return { secret: vars.ANALYTICS_SECRET, databaseUrl: vars.DATABASE_URL ?? null, sqlitePath: vars.ANALYTICS_DB, retentionDays: vars.ANALYTICS_RETENTION_DAYS };
}

function problemsOf(error: z.ZodError): ConfigError {
  return new ConfigError(error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
}

/** Where the question log is stored, for reading it (the report) even while the bot has it off. */
export function loadStoreLocation(env: Record<string, string | undefined>): { databaseUrl: string | null; sqlitePath: string } {
  const result = analyticsSchema.pick({ ANALYTICS_DB: true, DATABASE_URL: true }).safeParse(withoutBlanks(env));
  if (!result.success) throw problemsOf(result.error);
  return { databaseUrl: result.data.DATABASE_URL ?? null, sqlitePath: result.data.ANALYTICS_DB };
}

const envSchema = z.object({
  PORT: z.coerce.number({ error: "数値を指定してください" }).int("整数を指定してください").min(0).max(65535).default(3000),
  NODE_ENV: z.enum(["production", "development", "test"], { error: "production / development / test のいずれかを指定してください" }).default("development"),
  LINE_CHANNEL_SECRET: z.string().optional(),
  LINE_CHANNEL_ACCESS_TOKEN: z.string().optional(),
  LINE_API_BASE_URL: z.url({ protocol: /^https?$/, error: "http(s) の URL を指定してください" }).default("https://api.line.me"),
  LINE_API_DATA_BASE_URL: z.url({ protocol: /^https?$/, error: "http(s) の URL を指定してください" }).default("https://api-data.line.me"),
  // A reply token lives about one minute, so a longer wait could never succeed.
  LINE_API_TIMEOUT_MS: z.coerce.number({ error: "数値を指定してください" }).int("整数を指定してください").min(100).max(60_000).default(5000),
  LOG_LEVEL: z.enum(logLevels, { error: `${logLevels.join(" / ")} のいずれかを指定してください` }).default("info"),
  SIMULATOR: onOff.optional(),
  // Behind a platform router (Heroku: 1) the client's address is in X-Forwarded-For; trusting it without one lets clients forge it.
  TRUST_PROXY: z.coerce.number({ error: "数値を指定してください" }).int("整数を指定してください").min(0).max(10).default(0),
  DATA_DIR: z.string().default("./data"),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "redis://HOST:PORT または rediss://… の URL を指定してください" }).optional(),
  // Each event waits for at most two commands in turn; LINE's reply token lives about a minute. Shorter limits
  // fail spuriously when the process itself is saturated and reads the answer late.
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number({ error: "数値を指定してください" }).int("整数を指定してください").min(10).max(5000).default(500),
  STORE_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, "英数字と : _ . - で 64 文字以内にしてください")
    .optional(),
  CONVERSATION_MEMORY_MINUTES: z.coerce.number({ error: "数値を指定してください" }).int("整数を指定してください").min(1, "1 以上にしてください").max(1440, "1440 (1 日) 以下にしてください").default(30),
  ...analyticsVariables,
  // Long enough that guessing it through the rate limit is hopeless.
  ADMIN_TOKEN: z.string().min(24, "24 文字以上のランダムな文字列を指定してください (例: openssl rand -hex 24)").optional(),
});

/** A channel named by a hash of its secret, which does not reveal it. */
function channelKeyOf(channelSecret: string | undefined): string {
  return channelSecret ? createHash("sha256").update(channelSecret).digest("hex").slice(0, 12) : "local";
}

/** Prefix of every store key: one per bot (its catalog) and LINE channel, so several bots can share one Redis. */
export function storeKeyPrefixOf(config: Pick<Config, "storeKeyPrefix" | "channelKey">, catalogId: string): string {
  return config.storeKeyPrefix ?? `${catalogId}:${config.channelKey}:`;
}

/** Variables set to "" count as unset, as `.env` files often leave them blank. */
function withoutBlanks(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== ""));
}

/** Reads and validates the configuration; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(withoutBlanks(env));
  if (!result.success) throw problemsOf(result.error);
  const vars = result.data;
  const secret = vars.LINE_CHANNEL_SECRET;
  const token = vars.LINE_CHANNEL_ACCESS_TOKEN;
  const missing = [secret ? null : "LINE_CHANNEL_SECRET", token ? null : "LINE_CHANNEL_ACCESS_TOKEN"].filter((v) => v !== null);

  // One credential without the other is a half-done setup, not a choice to run without the webhook.
  if (missing.length === 1 || (missing.length === 2 && vars.NODE_ENV === "production")) {
    throw new ConfigError(
      missing.map((name) => `${name}: 未設定です (LINE Developers コンソールの値を設定してください${vars.NODE_ENV === "production" ? "。本番では必須です" : ""})`),
    );
  }
  const line = secret && token ? { channelSecret: secret, channelAccessToken: token } : null;

  return {
    port: vars.PORT,
    nodeEnv: vars.NODE_ENV,
    line,
    lineApiBaseUrl: vars.LINE_API_BASE_URL,
    lineApiTimeoutMs: vars.LINE_API_TIMEOUT_MS,
    logLevel: vars.LOG_LEVEL,
    simulator: vars.SIMULATOR ?? (line === null && vars.NODE_ENV !== "production"),
    trustProxy: vars.TRUST_PROXY,
    dataDir: vars.DATA_DIR,
    redisUrl: vars.REDIS_URL ?? null,
    redisCommandTimeoutMs: vars.REDIS_COMMAND_TIMEOUT_MS,
    storeKeyPrefix: vars.STORE_KEY_PREFIX ?? null,
    channelKey: channelKeyOf(secret),
    memoryTtlMs: vars.CONVERSATION_MEMORY_MINUTES * 60_000,
    analytics: analyticsOf(vars),
    adminToken: vars.ADMIN_TOKEN ?? null,
  };
}

export interface RichMenuDeployConfig {
  channelAccessToken: string;
  lineApiBaseUrl: string;
  /** Where the image is uploaded: LINE serves uploads on another host than the API. */
  lineApiDataBaseUrl: string;
}

/** What `npm run richmenu -- --deploy` needs: only the access token and where LINE is. */
export function loadRichMenuDeployConfig(env: Record<string, string | undefined>): RichMenuDeployConfig {
  const schema = envSchema.pick({ LINE_CHANNEL_ACCESS_TOKEN: true, LINE_API_BASE_URL: true, LINE_API_DATA_BASE_URL: true });
  const result = schema.safeParse(withoutBlanks(env));
  if (!result.success) throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  const token = result.data.LINE_CHANNEL_ACCESS_TOKEN;
  if (!token) throw new ConfigError(["LINE_CHANNEL_ACCESS_TOKEN: 未設定です (LINE Developers コンソールのチャネルアクセストークンを設定してください)"]);
  return { channelAccessToken: token, lineApiBaseUrl: result.data.LINE_API_BASE_URL, lineApiDataBaseUrl: result.data.LINE_API_DATA_BASE_URL };
}
