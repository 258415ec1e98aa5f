/**
 * Graph error codes that mean "slow down and try again", per Meta's WhatsApp Cloud API error reference
 * (throttling errors). Everything else in the 4xx range is a request we must fix, not repeat.
 */
export const RATE_LIMIT_ERROR_CODES: ReadonlySet<number> = new Set([
  4, // API Too Many Calls: app-level call rate limit
  80007, // Rate limit issues: WhatsApp Business Account rate limit
  130429, // Rate limit hit: Cloud API throughput for the phone number
  131056, // (Business Account, Consumer Account) pair rate limit hit
]);

/** Meta refused a free-form message because the 24-hour window is closed; only a template can reach them now. */
export const REENGAGEMENT_REQUIRED_CODE = 131047;

export interface GraphApiErrorFields {
  /** Graph error code (`error.code`); null when the failure never produced a Graph error body. */
  code: number | null;
  /** HTTP status; null for network failures. */
  httpStatus: number | null;
  title: string;
  retryable: boolean;
  subcode?: number | null;
  details?: string | null;
  fbtraceId?: string | null;
}

export class GraphApiError extends Error {
  override readonly name = "GraphApiError";
  readonly code: number | null;
  readonly httpStatus: number | null;
  readonly title: string;
  readonly retryable: boolean;
  readonly subcode: number | null;
  readonly details: string | null;
  readonly fbtraceId: string | null;

  constructor(fields: GraphApiErrorFields, options?: { cause?: unknown }) {
    const code = fields.code === null ? "" : ` (#${fields.code})`;
    const status = fields.httpStatus === null ? "network error" : `HTTP ${fields.httpStatus}`;
    super(`Graph API ${status}${code}: ${fields.title}`, options);
    this.code = fields.code;
    this.httpStatus = fields.httpStatus;
    this.title = fields.title;
    this.retryable = fields.retryable;
    this.subcode = fields.subcode ?? null;
    this.details = fields.details ?? null;
    this.fbtraceId = fields.fbtraceId ?? null;
  }
}

export function isRetryableFailure(httpStatus: number, code: number | null): boolean {
  if (code === REENGAGEMENT_REQUIRED_CODE) return false;
  if (httpStatus === 429 || httpStatus >= 500) return true;
  return code !== null && RATE_LIMIT_ERROR_CODES.has(code);
}
