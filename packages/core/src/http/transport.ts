/**
 * What the backend client hands a {@link Transport}: one HTTP exchange, already fully built.
 *
 * - `url` is absolute and final (path checked, query encoded).
 * - `headers` hold `authorization`, `user-agent`, `accept` and, with a body, `content-type`.
 * - `signal` aborts at the call's overall deadline: a transport must stop waiting for
 *   headers AND body when it fires.
 * - `maxResponseBytes`: a transport must stop reading and fail with
 *   `ERR_BACKEND_RESPONSE_INVALID` once the body grows past it.
 */
export interface TransportRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Readonly<Record<string, string>>;
  body?: string;
  signal: AbortSignal;
  maxResponseBytes: number;
}

/** The whole answer: status, lower-cased headers and the body decoded as UTF-8 text. */
export interface TransportResponse {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string;
}

/**
 * Sends one request to the Backend API. The default is an undici pool per origin; use
 * {@link createFetchTransport} where undici cannot run (e.g. an Edge runtime).
 *
 * Contract: resolve with any status (non-2xx is not an error here); reject with a
 * `SessiongateError` (`ERR_BACKEND_TIMEOUT`, `ERR_BACKEND_UNREACHABLE`,
 * `ERR_BACKEND_RESPONSE_INVALID`). Any other rejection is read as a timeout when `signal`
 * has fired and as `ERR_BACKEND_UNREACHABLE` otherwise. Never include the request's headers
 * or body in an error.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
