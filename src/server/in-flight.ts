/** Work started after the HTTP response was sent, so that shutdown can wait for it. */
export interface InFlight {
  /** Runs `task` and keeps it counted until it settles. `task` must not reject. */
  track(task: () => Promise<void>): void;
  readonly size: number;
  /** Resolves true once nothing is pending, or false if `timeoutMs` passes first. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  const pending = new Set<Promise<void>>();
  return {
    track(task) {
      const running = task().finally(() => pending.delete(running));
      pending.add(running);
    },
    get size() {
      return pending.size;
    },
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      // Loop because tasks can start while we wait (events from a request that was already being read).
      while (pending.size > 0) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), remaining);
        });
        const outcome = await Promise.race([Promise.allSettled([...pending]), timedOut]);
        clearTimeout(timer);
        if (outcome === "timeout") return pending.size === 0;
      }
      return true;
    },
  };
}
