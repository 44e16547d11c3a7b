// Await a condition reached by callbacks, with a deadline instead of sleeps.
export function collector<T>(expected: number, timeoutMs = 20_000) {
  const items: T[] = [];
  let resolve!: (items: T[]) => void;
  let reject!: (err: Error) => void;
  const done = new Promise<T[]>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const timer = setTimeout(
    () => reject(new Error(`timed out with ${items.length}/${expected} items`)),
    timeoutMs,
  );
  return {
    items,
    done,
    push(item: T) {
      items.push(item);
      if (items.length >= expected) {
        clearTimeout(timer);
        resolve(items);
      }
    },
  };
}

/** Polls `check` until it returns true (for state kept in a database, which cannot call us back). */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs = 20_000,
  everyMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
