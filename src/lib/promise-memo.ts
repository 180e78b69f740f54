/** Answers computed once per process and key, for facts that never change for that key (a commit's history). */

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
