/** Logs a message of each `kind` once per client, prefixed with the package name; a broken logger is ignored. */
export type LogOnce = (kind: string, level: 'warn' | 'error', message: string) => void;

export function createLogOnce(logger: Pick<Console, 'warn' | 'error'> | false): LogOnce {
  const logged = new Set<string>();
  return (kind, level, message) => {
    if (!logger || logged.has(kind)) return;
    logged.add(kind);
    try {
      logger[level](`${__PKG_NAME__}: ${message}`);
    } catch {
      // a broken logger must not decide a request
    }
  };
}
