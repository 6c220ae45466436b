/** Runs `fn`, turning a synchronous throw (an argument check) into a rejection. */
export async function run<T>(fn: () => Promise<T>): Promise<T> {
  return fn();
}
