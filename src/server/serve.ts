import type { AddressInfo } from "node:net";
import type { App } from "./app.ts";

export interface RunningServer {
  port: number;
  /**
   * Stops accepting connections, then waits for open requests and for the events they
   * accepted (handling and replies), for at most `timeoutMs` in all. Resolves true if
   * everything finished in time; connections still open after that are cut.
   */
  stop(timeoutMs: number): Promise<boolean>;
}

const CLOSE_IDLE_EVERY_MS = 100;

function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), Math.max(0, ms));
  });
  return Promise.race([promise, timedOut]).finally(() => clearTimeout(timer));
}

export function serve({ app, drain }: App, port: number, host?: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const onListening = (err?: Error) => {
      if (err) reject(err);
      else resolve({ port: (server.address() as AddressInfo).port, stop });
    };
    const server = host === undefined ? app.listen(port, onListening) : app.listen(port, host, onListening);

    async function stop(timeoutMs: number): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      const requestsDone = new Promise<boolean>((done) => server.close(() => done(true)));
      // close() cuts only the connections idle at that moment; a keep-alive connection whose
      // request finishes later would hold it open for the whole keep-alive timeout.
      const sweep = setInterval(() => server.closeIdleConnections(), CLOSE_IDLE_EVERY_MS);
      // Requests first: a webhook still being read may yet accept events that need draining.
      const requestsFinished = await within(requestsDone, deadline - Date.now(), false);
      clearInterval(sweep);
      const eventsFinished = await drain(Math.max(0, deadline - Date.now()));
      server.closeAllConnections();
      return requestsFinished && eventsFinished;
    }
  });
}
