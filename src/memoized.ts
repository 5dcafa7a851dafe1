/**
 * Remembers a string function's results, forgetting them all once `capacity` are kept: messages repeat the
 * same words and texts, and folding them costs regexes.
 */
export function memoized(fn: (s: string) => string, capacity = 50_000): (s: string) => string {
  const results = new Map<string, string>();
  return (s) => {
    let result = results.get(s);
    if (result === undefined) {
      if (results.size >= capacity) results.clear();
      results.set(s, (result = fn(s)));
    }
    return result;
  };
}

/** The UTF-16 units a text holds: a word whose first unit is not among them is not in the text. */
export function unitsOf(text: string): Set<number> {
  const units = new Set<number>();
  for (let i = 0; i < text.length; i++) units.add(text.charCodeAt(i));
  return units;
}
