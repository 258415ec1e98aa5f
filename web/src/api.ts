/**
 * The panel's one way to the server: JSON in and out, the session cookie sent by the browser, and the
 * session's CSRF token (from login or /api/me) as X-CSRF-Token on every request that changes something.
 * A 401 means the session is gone: the app goes back to the login screen.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The server's words for a refused request, or `fallback` when it could not be reached. */
export function errorText(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

let csrfToken: string | null = null;
let sessionLost: () => void = () => {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on a 401 from anything but the login itself. */
export function onSessionLost(handler: () => void): void {
  sessionLost = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  query?: Query;
  /** Leave a 401 to the caller (login, the first /api/me). */
  expectUnauthorized?: boolean;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const response = await fetch(withQuery(path, options.query), {
    method,
    headers,
    credentials: "same-origin",
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  if (response.status === 401 && !options.expectUnauthorized) sessionLost();
  if (!response.ok) {
    let message = response.statusText;
    try {
      const body = (await response.json()) as { error?: unknown; message?: unknown };
      message = String(body.error ?? body.message ?? message);
    } catch {
      // Not JSON: keep the status text.
    }
    throw new ApiError(response.status, message);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The endpoint is not on this server (an older version): the screen says "not available". */
export function isNotAvailable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 405);
}
