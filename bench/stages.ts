// Splits a V8 CPU profile (node:inspector's Profiler.stop) into the stages of handling a webhook.
// Each sample goes to the innermost frame on its stack that belongs to a stage: a JSON.stringify
// called from limits.ts counts for limits, luxon called from a card for render, pino for logging
// wherever it is called from. Samples with no such frame (sockets, timers, the event loop) are "other".

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export const STAGES = ["inbound", "dispatch", "understand", "render", "limits", "bot", "reply", "logging", "gc", "other"] as const;
export type Stage = (typeof STAGES)[number];

const OWNERS: [Stage, RegExp][] = [
  ["logging", /\/(pino|sonic-boom|thread-stream|fast-redact|@pinojs)\/|\/src\/log\.ts$/],
  ["limits", /\/src\/reply\/limits\.ts$/],
  ["render", /\/src\/(reply|hours)\//],
  ["understand", /\/src\/understand\//],
  ["bot", /\/src\/bot\//],
  ["reply", /\/src\/server\/(reply|line)-client\.ts$|@line\/bot-sdk\/dist\/(messaging-api|http-fetch)|^node:(_http_client|_http_agent|https)$|^node:internal\/deps\/undici/],
  ["inbound", /\/src\/server\/(webhook|app)\.ts$|\/(express|body-parser|router|raw-body|type-is|zod)\/|@line\/bot-sdk\/dist\/(middleware|validate-signature)|^node:_http_server$/],
  ["dispatch", /\/src\/server\/(event-dispatch|in-flight|recent-event-ids)\.ts$/],
];

function ownerOf(url: string, functionName: string): Stage | undefined {
  if (functionName === "(garbage collector)") return "gc";
  for (const [stage, pattern] of OWNERS) if (pattern.test(url)) return stage;
  return undefined;
}

export interface StageBreakdown {
  /** Sampled CPU time per stage, µs (idle excluded). */
  micros: Record<Stage, number>;
  totalMicros: number;
  /** Functions by self time, µs, with the stage they were counted in. */
  top: { name: string; stage: Stage; micros: number }[];
}

export function breakDown(profile: CpuProfile, topCount = 15): StageBreakdown {
  const parentOf = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  // The profiler's own work (stopping it, building the profile) is no part of handling events.
  const stageCache = new Map<number, Stage | "profiler">();
  const stageOf = (id: number): Stage | "profiler" => {
    const cached = stageCache.get(id);
    if (cached) return cached;
    let stage: Stage | "profiler" = "other";
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)?.callFrame;
      const owner = frame && (frame.url === "node:inspector" || frame.url === "node:inspector/promises" ? "profiler" : ownerOf(frame.url, frame.functionName));
      if (owner) {
        stage = owner;
        break;
      }
    }
    stageCache.set(id, stage);
    return stage;
  };

  const micros = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const self = new Map<number, number>();
  let totalMicros = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    const stage = stageOf(id);
    if (!frame || frame.functionName === "(idle)" || stage === "profiler") return;
    micros[stage] += delta;
    totalMicros += delta;
    self.set(id, (self.get(id) ?? 0) + delta);
  });

  const byFunction = new Map<string, { name: string; stage: Stage; micros: number }>();
  for (const [id, time] of self) {
    const frame = byId.get(id)?.callFrame;
    const stage = stageOf(id);
    if (!frame || stage === "profiler") continue;
    const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules|src)\//, "$1/")}:${frame.lineNumber + 1}` : "native";
    const name = `${frame.functionName || "(anonymous)"} ${where}`;
    const entry = byFunction.get(name) ?? { name, stage, micros: 0 };
    entry.micros += time;
    byFunction.set(name, entry);
  }
  const top = [...byFunction.values()].sort((a, b) => b.micros - a.micros).slice(0, topCount);
  return { micros, totalMicros, top };
}
