// Composition root: the only place that reads the environment, the clock and the disk.
import { DateTime } from "luxon";
import { createAdminRouter } from "./analytics/admin/router.ts";
import { connect, describeStore, migrateWhenReachable } from "./analytics/open-database.ts";
import { createQuestionLog } from "./analytics/question-log.ts";
import { createEventHandler } from "./bot/handle-event.ts";
import { CatalogError, loadCatalog } from "./catalog/load.ts";
import { ConfigError, loadConfig, storeKeyPrefixOf } from "./config.ts";
import { japanZone } from "./hours/holidays.ts";
import { createLogger } from "./log.ts";
import { botName } from "./reply/copy.ts";
import { createApp } from "./server/app.ts";
import { createReplyClient } from "./server/reply-client.ts";
import { serve } from "./server/serve.ts";
import { buildRichMenu } from "./richmenu/build.ts";
import { RichMenuLayoutError } from "./richmenu/layout.ts";
import { createSimulatorRouter } from "./simulator/router.ts";
import { createLocalState, createSharedState } from "./store/state.ts";
import { createUnderstander } from "./understand/understand.ts";

// Platforms usually allow 10-30 s between SIGTERM and SIGKILL; replies time out well before this.
const SHUTDOWN_TIMEOUT_MS = 10_000;
// Enough for a person trying the demo by hand, too little for a script to load the server.
const SIMULATOR_RATE_LIMIT = { burst: 10, perSecond: 1 };
// An unreachable question-log database is tried again this often (and logged each time).
const SCHEMA_RETRY_MS = 30_000;

/** Bad configuration or data stops the process with its message: nothing half-loaded is served. */
function loadOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError || err instanceof CatalogError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

const config = loadOrExit(() => loadConfig(process.env));
const logger = createLogger(config.logLevel);
const catalog = loadOrExit(() => loadCatalog(config.dataDir));

const keyPrefix = storeKeyPrefixOf(config, catalog.id);
const understand = createUnderstander(catalog);
const handleEvent = createEventHandler({ catalog, understand });
const clock = () => DateTime.now().setZone(japanZone);
const state = config.redisUrl
  ? createSharedState({
      redisUrl: config.redisUrl,
      keyPrefix,
      memoryTtlMs: config.memoryTtlMs,
      commandTimeoutMs: config.redisCommandTimeoutMs,
      logger,
    })
  : createLocalState(config.memoryTtlMs);

/** The rich menu the simulator shows; a catalog too big for one leaves the simulator without it. */
function simulatorRichMenu() {
  try {
    return buildRichMenu(catalog);
  } catch (err) {
    if (!(err instanceof RichMenuLayoutError)) throw err;
    logger.warn({ reason: err.message }, "simulator runs without the rich menu");
    return undefined;
  }
}

/** The question log, when on: the database is opened here, and migrated as soon as it can be reached. */
function startQuestionLog() {
  const settings = config.analytics;
  if (!settings) return null;
  let db;
  try {
    db = connect(settings);
  } catch (err) {
    console.error(`ANALYTICS_DB: 質問ログのファイルを開けません (${settings.sqlitePath}): ${(err as Error).message}`);
    process.exit(1);
  }
  const schema = migrateWhenReachable(db, logger, SCHEMA_RETRY_MS);
  // Answers wait for the user's 「解決した／解決しない」 in the shared state, so any process can file the verdict.
  const log = createQuestionLog({
    db,
    secret: settings.secret,
    retentionDays: settings.retentionDays,
    logger,
    schemaReady: () => schema.ready,
    pending: state.store,
    pendingMs: config.memoryTtlMs,
  });
  void schema.whenReady.then(() => log.applyRetention().catch((err: unknown) => logger.warn({ err: (err as Error).message }, "question log: retention failed")));
  logger.info({ store: describeStore(settings), retentionDays: settings.retentionDays }, "question log on");
  return { db, log, schema };
}
const questionLog = startQuestionLog();
if (!questionLog) logger.info("question log off (set ANALYTICS_SECRET to record questions)");
if (config.adminToken && !questionLog) logger.warn("ADMIN_TOKEN is set but the question log is off: /admin stays off");

const app = createApp({
  handleEvent,
  clock,
  logger,
  line: config.line && {
    channelSecret: config.line.channelSecret,
    replier: createReplyClient({
      channelAccessToken: config.line.channelAccessToken,
      baseUrl: config.lineApiBaseUrl,
      timeoutMs: config.lineApiTimeoutMs,
    }),
  },
  catalogInfo: { version: catalog.version, resources: catalog.resources.length },
  state,
  simulator: config.simulator
    ? createSimulatorRouter({
        handleEvent,
        botName: botName(catalog),
        botId: catalog.id,
        clock,
        logger,
        state,
        // Only production exposes the page to strangers; elsewhere it is a developer's tool.
        rateLimit: config.nodeEnv === "production" ? SIMULATOR_RATE_LIMIT : undefined,
        richMenu: simulatorRichMenu(),
        recordExchange: questionLog?.log.record,
      })
    : undefined,
  recordExchange: questionLog?.log.record,
  admin:
    questionLog && config.adminToken
      ? createAdminRouter({
          token: config.adminToken,
          db: questionLog.db,
          catalog,
          decide: (text) => understand(text).decision,
          clock,
          logger,
          secureCookie: config.nodeEnv === "production",
          store: state.store,
        })
      : undefined,
  trustProxy: config.trustProxy,
});

const running = await serve(app, config.port).catch((err: unknown) => {
  if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
    // The usual first-run mistake (a second `npm start`): one plain line and the way out, not a stack trace.
    const other = config.port === 3001 ? 3002 : 3001;
    console.error(`ポート ${config.port} はほかのプログラムが使用中のため起動できません。先に起動したものを止めるか、PORT=${other} npm start のように別のポートを指定してください。`);
  } else {
    logger.fatal({ err, port: config.port }, "could not listen");
  }
  process.exit(1);
});
const url = `http://localhost:${running.port}/`;
logger.info({ url, catalogVersion: catalog.version, resources: catalog.resources.length, nodeEnv: config.nodeEnv }, "server listening");
if (config.simulator) {
  logger.info("browser simulator on at / (SIMULATOR=off to disable)");
  // A plain line for the person who typed npm start: the address to open, not buried in the JSON log.
  console.log(`シミュレーター: ${url}  (Ctrl-C で停止)`);
}
logger.info(
  config.redisUrl
    ? { store: "redis", keyPrefix, memoryMinutes: config.memoryTtlMs / 60_000 }
    : { store: "memory", memoryMinutes: config.memoryTtlMs / 60_000 },
  config.redisUrl ? "state shared on Redis (conversation memory, de-duplication, rate limit)" : "state kept in this process (set REDIS_URL to share it between processes)",
);
if (questionLog && config.adminToken) logger.info("operators' dashboard on at /admin");
if (!config.line) {
  logger.warn(
    "webhook disabled (POST /webhook answers 503): set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN (LINE Developers console → Messaging API channel) to enable it",
  );
}

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: no new connections, finishing accepted events");
  const deadline = Date.now() + SHUTDOWN_TIMEOUT_MS;
  let finished = await running.stop(SHUTDOWN_TIMEOUT_MS);
  await state.store.close();
  if (questionLog) {
    questionLog.schema.stop();
    const stats = await questionLog.log.close(Math.max(0, deadline - Date.now()));
    logger.info(stats, "question log closed");
    finished &&= stats.pending === 0;
  }
  if (finished) logger.info("shutdown complete");
  else logger.warn({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "shutdown timed out; unfinished work was dropped");
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
