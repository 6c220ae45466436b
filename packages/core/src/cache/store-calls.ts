/** Calls a store operation; a synchronous throw or a rejection calls `onFailure` instead of escaping. */
export function quietly(operation: () => unknown, onFailure: () => void): void {
  try {
    const pending = operation();
    if (isPromiseLike(pending)) pending.then(undefined, onFailure);
  } catch {
    onFailure();
  }
}

export function ignore(): void {}

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
