import type { Logger } from "../log.ts";

export interface WriteQueueOptions<T> {
  /** Writes one batch; rejects when the database is down, slow or locked (the batch is then retried). */
  write: (batch: T[]) => Promise<void>;
  logger: Logger;
  /** Rows held in memory at most; beyond it new rows are dropped and counted. */
  capacity: number;
  batchSize: number;
  /** How long rows wait for more to join their batch. */
  flushDelayMs: number;
  /** Wait before retrying after a failed write. */
  retryDelayMs: number;
  /** A failing database or a full queue is logged at most once per interval. */
  logIntervalMs: number;
  nowMs?: () => number;
}

export interface WriteQueueStats {
  written: number;
  dropped: number;
  pending: number;
}

export interface WriteQueue<T> {
  /** Never waits and never throws: the caller is answering a user. */
  push(row: T): void;
  /** Writes until the queue is empty or `timeoutMs` passes; resolves true if empty. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Stops timers after a last flush within `timeoutMs`. */
  close(timeoutMs: number): Promise<WriteQueueStats>;
  stats(): WriteQueueStats;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function within(write: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  return Promise.race([write, late]).finally(() => clearTimeout(timer));
}

/** Rows wait here after the reply and go to the database in batches, off the reply's path. */
export function createWriteQueue<T>(options: WriteQueueOptions<T>): WriteQueue<T> {
  const { write, logger, capacity, batchSize, flushDelayMs, retryDelayMs, logIntervalMs } = options;
  const nowMs = options.nowMs ?? Date.now;
  let pending: T[] = [];
  let written = 0;
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<boolean> | undefined;
  let closed = false;
  let failing = false;
  let failuresSinceLog = 0;
  let lastFailureLog = Number.NEGATIVE_INFINITY;
  let droppedSinceLog = 0;
  let lastDropLog = Number.NEGATIVE_INFINITY;

  function schedule(delayMs: number): void {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void writeBatch();
    }, delayMs);
    // A pending batch must not keep a finished process alive; shutdown flushes explicitly.
    timer.unref();
  }

  function logFailure(err: unknown): void {
    failuresSinceLog++;
    if (nowMs() - lastFailureLog < logIntervalMs) return;
    logger.warn(
      { err: err instanceof Error ? { message: err.message, code: (err as { code?: unknown }).code } : String(err), pending: pending.length, failures: failuresSinceLog },
      "question log: database write failed; rows kept and retried",
    );
    lastFailureLog = nowMs();
    failuresSinceLog = 0;
  }

  /** Writes one batch; true when it was written. One write at a time, in arrival order. */
  function writeBatch(): Promise<boolean> {
    if (writing) return writing;
    if (pending.length === 0) return Promise.resolve(true);
    const batch = pending.slice(0, batchSize);
    writing = write(batch)
      .then(() => {
        pending = pending.slice(batch.length);
        written += batch.length;
        if (failing) logger.info({ pending: pending.length }, "question log: database writes work again");
        failing = false;
        return true;
      })
      .catch((err: unknown) => {
        failing = true;
        logFailure(err);
        return false;
      })
      .finally(() => {
        writing = undefined;
        if (pending.length > 0) schedule(failing ? retryDelayMs : pending.length >= batchSize ? 0 : flushDelayMs);
      });
    return writing;
  }

  async function flush(timeoutMs: number): Promise<boolean> {
    const deadline = nowMs() + timeoutMs;
    while (pending.length > 0 && nowMs() < deadline) {
      // A slow database must not hold shutdown past its deadline.
      const ok = await within(writeBatch(), deadline - nowMs());
      if (!ok) await sleep(Math.min(retryDelayMs, deadline - nowMs()));
    }
    return pending.length === 0;
  }

  const stats = (): WriteQueueStats => ({ written, dropped, pending: pending.length });

  return {
    push(row) {
      if (closed || pending.length >= capacity) {
        dropped++;
        droppedSinceLog++;
        if (nowMs() - lastDropLog >= logIntervalMs) {
          logger.warn({ dropped: droppedSinceLog, droppedTotal: dropped, capacity }, "question log: queue full; rows dropped");
          lastDropLog = nowMs();
          droppedSinceLog = 0;
        }
        return;
      }
      pending.push(row);
      if (!failing) schedule(pending.length >= batchSize ? 0 : flushDelayMs);
    },
    flush,
    async close(timeoutMs) {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      await flush(timeoutMs);
      return stats();
    },
    stats,
  };
}
