import { type Document, type LineCounter, isScalar, type Scalar, visit } from "yaml";

export interface YamlTrap {
  line: number;
  message: string;
}

/**
 * Values YAML reads differently from what the author meant, found in the source text. A comma inside a
 * number splits a flow list: `[売上1,000万円以上]` becomes "売上1" and "000万円以上" without any error.
 */
export function yamlTraps(doc: Document, lineCounter: LineCounter): YamlTrap[] {
  const traps: YamlTrap[] = [];
  visit(doc, {
    Seq: (_key, node) => checkFlow(node.flow === true, node.items),
    Map: (_key, node) => checkFlow(node.flow === true, node.items.flatMap((pair) => [pair.key, pair.value])),
  });
  return traps;

  function checkFlow(flow: boolean, items: unknown[]): void {
    if (!flow) return;
    const plain = items.filter((item): item is Scalar => isScalar(item) && item.type === "PLAIN");
    plain.slice(1).forEach((after, i) => {
      const before = plain[i];
      if (!before?.range || !after.range) return;
      const left = before.source ?? String(before.value);
      const right = after.source ?? String(after.value);
      // Nothing but the comma between them, a digit before it and three digits after: a thousands separator.
      if (after.range[0] === before.range[1] + 1 && /\d$/.test(left) && /^\d{3}(?!\d)/.test(right)) {
        traps.push({
          line: lineCounter.linePos(before.range[0]).line,
          message: `「${left},${right}」はカンマで「${left}」と「${right}」の 2 項目に分かれて読まれます。引用符で囲んでください（"${left},${right}"）`,
        });
      }
    });
  }
}
