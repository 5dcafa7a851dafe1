// Preloaded (`--import`) into the benchmark's child processes, which run with --expose-gc:
// on the IPC message "heap" it collects garbage and sends back the live heap and RSS, so the
// bots themselves need no debug endpoint.
const collect = globalThis.gc;
if (process.send && collect) {
  process.on("message", (message) => {
    if (message !== "heap") return;
    collect();
    const { heapUsed, rss } = process.memoryUsage();
    process.send?.({ heapUsed, rss });
  });
  // The channel must not keep a process alive that would otherwise exit.
  process.channel?.unref();
}
