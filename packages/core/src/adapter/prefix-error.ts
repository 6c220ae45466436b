// the prefix the built core writes
const CORE_PREFIX = '@sessiongate/core: ';

/**
 * Names `pkg` at the start of an error's message in place of the core's name (or in front of
 * the message, once), so that an error the core throws at an adapter's construction or
 * registration names the package the app imported. The same error, its code kept; a non-error
 * passes through.
 *
 * @example
 * ```ts
 * try { decide = createDecider(options); } catch (error) { throw prefixError(error, '@sessiongate/x'); }
 * ```
 */
export function prefixError(error: unknown, pkg: string): unknown {
  const prefix = `${pkg}: `;
  if (!(error instanceof Error) || error.message.startsWith(prefix)) return error;
  const message = error.message.startsWith(CORE_PREFIX) ? error.message.slice(CORE_PREFIX.length) : error.message;
  error.message = `${prefix}${message}`;
  return error;
}
