/** Promises kept for later: answers computed once per process and key (facts that never change for that key, such as a commit's history), and work started early and awaited later. */

/**
 * The promise kept in `memo` for `key`, started by `make` the first time. A promise that fails is forgotten, so the
 * next caller asks again instead of inheriting a passing error.
 */
export function memoPromise<T>(memo: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let promise = memo.get(key);
  if (!promise) {
    promise = make();
    promise.catch(() => memo.delete(key));
    memo.set(key, promise);
  }
  return promise;
}

/** `promise`, started now and awaited later: a rejection before then is not reported as unhandled, and is thrown when awaited. */
export function settleLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}
