const CORE_PREFIX = '@sessiongate/core: ';

/** Names this package at the start of a registration error's message (in place of the core's name). */
export function prefixError(error: unknown): unknown {
  if (!(error instanceof Error) || error.message.startsWith(`${__PKG_NAME__}: `)) return error;
  const message = error.message.startsWith(CORE_PREFIX) ? error.message.slice(CORE_PREFIX.length) : error.message;
  error.message = `${__PKG_NAME__}: ${message}`;
  return error;
}
