/**
 * Runs `fn`, turning a synchronous throw (an argument check) into a rejection. Not an `async`
 * function: returning `fn()`'s promise from one would wrap it in a second promise, two more
 * microtask turns on every Backend API call.
 */
export function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return fn();
  } catch (error) {
    return Promise.reject(error);
  }
}
