/**
 * Remembers the last `capacity` webhook event ids so that a redelivered or duplicated event
 * is handled once. Oldest ids are forgotten first; memory stays bounded whatever LINE sends.
 */
export interface RecentEventIds {
  /** Records `id` and tells whether it had been recorded before. */
  seenBefore(id: string): boolean;
}

export function createRecentEventIds(capacity: number): RecentEventIds {
  // A Set iterates in insertion order, so its first element is the oldest id.
  const ids = new Set<string>();
  return {
    seenBefore(id) {
      if (ids.has(id)) return true;
      ids.add(id);
      if (ids.size > capacity) {
        const oldest = ids.values().next().value;
        if (oldest !== undefined) ids.delete(oldest);
      }
      return false;
    },
  };
}
