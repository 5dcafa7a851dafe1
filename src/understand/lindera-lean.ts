/**
 * A lean binding to Lindera's WebAssembly module, the one `lindera-wasm-nodejs-ipadic` ships.
 *
 * The package's own glue builds a JS object for every token through about 25 string decodes and 14
 * `Reflect.set` calls, for fields the bot never reads: that was half the tokenizer's cost per message.
 * This binding instantiates the same module with imports of its own that keep only the fields the
 * analyzer reads, and decode each distinct short string once (part-of-speech names, field names and common
 * words repeat on every call). Everything else follows the package's generated glue (MIT, lindera-wasm).
 *
 * The import names carry a hash per build of the package. If a new version asks for an import this
 * binding does not know, `createLeanTokenizer` throws and the analyzer falls back to the package's glue.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface LeanToken {
  surface: string;
  baseForm?: string;
  reading?: string;
  partOfSpeech?: string;
  partOfSpeechSubcategory1?: string;
  wordId?: number;
}

export interface LeanTokenizer {
  tokenize(text: string): LeanToken[];
}

/** The fields the analyzer reads; the module's other fields (byte offsets, conjugation, pronunciation) are dropped. */
const KEPT = new Set(["surface", "baseForm", "reading", "partOfSpeech", "partOfSpeechSubcategory1", "wordId"]);

// Short strings are decoded once and then found by their bytes in a direct-mapped table (bounded memory).
const INTERN_SLOTS = 4096;
const INTERN_MAX_BYTES = 48;

type Imports = Record<string, (...args: never[]) => unknown>;

interface Exports {
  memory: WebAssembly.Memory;
  __wbindgen_externrefs: WebAssembly.Table;
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_realloc(ptr: number, oldSize: number, newSize: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
  __wbindgen_exn_store(idx: number): void;
  __externref_table_alloc(): number;
  __externref_table_dealloc(idx: number): void;
  __wbindgen_start(): void;
  tokenizerbuilder_new(): [number, number, number];
  tokenizerbuilder_setDictionary(builder: number, ptr: number, len: number): [number, number];
  tokenizerbuilder_setMode(builder: number, ptr: number, len: number): [number, number];
  tokenizerbuilder_build(builder: number): [number, number, number];
  tokenizer_tokenize(tokenizer: number, ptr: number, len: number): [unknown, unknown, number];
}

export function createLeanTokenizer(): LeanTokenizer {
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve("lindera-wasm-nodejs-ipadic/lindera_wasm_bg.wasm");
  const module = new WebAssembly.Module(readFileSync(wasmPath));

  let wasm!: Exports;
  let bytes = new Uint8Array(0);
  let view = new DataView(new ArrayBuffer(0));
  // A grown memory detaches the old buffer (its views read as empty), as the generated glue relies on.
  const memoryBytes = () => {
    if (bytes.byteLength === 0) bytes = new Uint8Array(wasm.memory.buffer);
    return bytes;
  };
  const memoryView = () => {
    if (view.buffer !== wasm.memory.buffer) view = new DataView(wasm.memory.buffer);
    return view;
  };

  const decoder = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true });
  const encoder = new TextEncoder();
  const internedBytes: (Uint8Array | undefined)[] = new Array(INTERN_SLOTS);
  const internedText: string[] = new Array(INTERN_SLOTS);

  const decode = (ptr: number, len: number): string => {
    ptr >>>= 0;
    const memory = memoryBytes();
    if (len > INTERN_MAX_BYTES) return decoder.decode(memory.subarray(ptr, ptr + len));
    let hash = 2166136261 ^ len;
    for (let i = 0; i < len; i++) hash = Math.imul(hash ^ (memory[ptr + i] as number), 16777619);
    const slot = (hash >>> 0) & (INTERN_SLOTS - 1);
    const known = internedBytes[slot];
    if (known !== undefined && known.length === len) {
      let same = true;
      for (let i = 0; i < len && same; i++) same = known[i] === memory[ptr + i];
      if (same) return internedText[slot] as string;
    }
    const copy = memory.slice(ptr, ptr + len);
    const text = decoder.decode(copy);
    internedBytes[slot] = copy;
    internedText[slot] = text;
    return text;
  };

  let passedLength = 0;
  const pass = (text: string): number => {
    const encoded = encoder.encode(text);
    const ptr = wasm.__wbindgen_malloc(encoded.length, 1) >>> 0;
    memoryBytes().set(encoded, ptr);
    passedLength = encoded.length;
    return ptr;
  };
  const take = (idx: unknown): unknown => {
    const value = wasm.__wbindgen_externrefs.get(idx as number);
    wasm.__externref_table_dealloc(idx as number);
    return value;
  };
  const writeString = (at: number, text: string | undefined) => {
    const ptr = text === undefined ? 0 : pass(text);
    const len = text === undefined ? 0 : passedLength;
    memoryView().setInt32(at + 4, len, true);
    memoryView().setInt32(at, ptr, true);
  };
  const guarded =
    <A extends unknown[]>(f: (...args: A) => unknown) =>
    (...args: A) => {
      try {
        return f(...args);
      } catch (err) {
        const idx = wasm.__externref_table_alloc();
        wasm.__wbindgen_externrefs.set(idx, err);
        wasm.__wbindgen_exn_store(idx);
      }
    };

  // Imports by their name without the build's hash.
  const byName: Imports = {
    Error: (ptr: number, len: number) => new Error(decode(ptr, len)),
    String: (at: number, value: unknown) => writeString(at, String(value)),
    __wbindgen_bigint_get_as_i64: (at: number, value: unknown) => {
      const big = typeof value === "bigint" ? value : undefined;
      memoryView().setBigInt64(at + 8, big ?? 0n, true);
      memoryView().setInt32(at, big === undefined ? 0 : 1, true);
    },
    __wbindgen_boolean_get: (value: unknown) => (typeof value === "boolean" ? (value ? 1 : 0) : 0xffffff),
    __wbindgen_debug_string: (at: number, value: unknown) => writeString(at, String(value)),
    __wbindgen_in: (key: PropertyKey, obj: object) => key in obj,
    __wbindgen_is_bigint: (value: unknown) => typeof value === "bigint",
    __wbindgen_is_function: (value: unknown) => typeof value === "function",
    __wbindgen_is_object: (value: unknown) => typeof value === "object" && value !== null,
    __wbindgen_jsval_eq: (a: unknown, b: unknown) => a === b,
    // Loose equality on purpose: the generated glue compares this way.
    __wbindgen_jsval_loose_eq: (a: unknown, b: unknown) => a == b,
    __wbindgen_number_get: (at: number, value: unknown) => {
      const number = typeof value === "number" ? value : undefined;
      memoryView().setFloat64(at + 8, number ?? 0, true);
      memoryView().setInt32(at, number === undefined ? 0 : 1, true);
    },
    __wbindgen_string_get: (at: number, value: unknown) => writeString(at, typeof value === "string" ? value : undefined),
    __wbindgen_throw: (ptr: number, len: number) => {
      throw new Error(decode(ptr, len));
    },
    call: guarded((f: (this: unknown) => unknown, self: unknown) => f.call(self)),
    done: (iteration: IteratorResult<unknown>) => iteration.done,
    entries: (obj: object) => Object.entries(obj),
    get: guarded((obj: object, key: PropertyKey) => Reflect.get(obj, key)),
    instanceof_ArrayBuffer: (value: unknown) => value instanceof ArrayBuffer,
    instanceof_Map: (value: unknown) => value instanceof Map,
    instanceof_Uint8Array: (value: unknown) => value instanceof Uint8Array,
    isArray: (value: unknown) => Array.isArray(value),
    isSafeInteger: (value: unknown) => Number.isSafeInteger(value),
    iterator: () => Symbol.iterator,
    length: (value: { length: number }) => value.length,
    next: (iterator: Iterator<unknown>) => iterator.next,
    prototypesetcall: (ptr: number, len: number, source: Uint8Array) => memoryBytes().subarray(ptr >>> 0, (ptr >>> 0) + len).set(source),
    push: (list: unknown[], value: unknown) => list.push(value),
    // The tokens' fields: only those read are kept.
    set: (obj: Record<string, unknown>, key: string, value: unknown) => {
      if (KEPT.has(key)) obj[key] = value;
      return true;
    },
    value: (iteration: IteratorResult<unknown>) => iteration.value,
  };

  // Imports that share a base name (new, get, next) or have none (casts) are told apart by the body the
  // package's glue gives them.
  const byBody: [RegExp, Imports[string]][] = [
    [/new Array\(\)/, () => []],
    [/new Object\(\)/, () => ({})],
    [/new Uint8Array\(arg0\)/, (length: number) => new Uint8Array(length)],
    [/arg0\[arg1 >>> 0\]/, (list: unknown[], index: number) => list[index >>> 0]],
    [/arg0\.next\(\)/, guarded((iterator: Iterator<unknown>) => iterator.next())],
    [/Ref\(String\) -> Externref/, (ptr: number, len: number) => decode(ptr, len)],
    [/U64 -> Externref/, (value: bigint) => BigInt.asUintN(64, value)],
    [/[IF]64 -> Externref/, (value: unknown) => value],
  ];
  const glue = readFileSync(require.resolve("lindera-wasm-nodejs-ipadic"), "utf8");
  const bodies = new Map<string, string>();
  for (const [, name, body] of glue.matchAll(/^exports\.(\w+) = function\b([\s\S]*?)\};$/gm)) bodies.set(name as string, body as string);

  const imports: Imports = {};
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    if (from !== "__wbindgen_placeholder__") throw new Error(`lindera: unexpected import module ${from}`);
    const known = implementationOf(name);
    if (!known) throw new Error(`lindera: unknown import ${name}`);
    imports[name] = known;
  }
  wasm = new WebAssembly.Instance(module, { __wbindgen_placeholder__: imports }).exports as unknown as Exports;
  wasm.__wbindgen_start();

  const builderResult = wasm.tokenizerbuilder_new();
  if (builderResult[2]) throw take(builderResult[1]);
  const builder = builderResult[0] >>> 0;
  for (const [set, value] of [
    [wasm.tokenizerbuilder_setDictionary, "embedded://ipadic"],
    [wasm.tokenizerbuilder_setMode, "normal"],
  ] as const) {
    const ptr = pass(value);
    const result = set(builder, ptr, passedLength);
    if (result[1]) throw take(result[0]);
  }
  const built = wasm.tokenizerbuilder_build(builder);
  if (built[2]) throw take(built[1]);
  const tokenizer = built[0] >>> 0;

  return {
    tokenize(text) {
      const ptr = pass(text);
      const result = wasm.tokenizer_tokenize(tokenizer, ptr, passedLength);
      if (result[2]) throw take(result[1]);
      return take(result[0]) as LeanToken[];
    },
  };

  function implementationOf(name: string): Imports[string] | undefined {
    if (name === "__wbindgen_init_externref_table")
      return () => {
        const table = wasm.__wbindgen_externrefs;
        const offset = table.grow(4);
        table.set(0, undefined);
        table.set(offset + 0, undefined);
        table.set(offset + 1, null);
        table.set(offset + 2, true);
        table.set(offset + 3, false);
      };
    const body = bodies.get(name) ?? "";
    const special = byBody.find(([pattern]) => pattern.test(body));
    if (special) return special[1];
    const base = /^__wbg_(.+)_[0-9a-f]{16}$/.exec(name)?.[1];
    return base === undefined ? undefined : byName[base];
  }
}
