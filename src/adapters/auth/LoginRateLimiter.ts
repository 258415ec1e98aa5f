/**
 * Failed logins per (IP, email), in memory: after `maxFailures` within `windowMs` the pair is refused
 * until the oldest of those failures leaves the window. A success clears the pair. One process only
 * (a restart forgets), which is what a single-server deployment needs.
 */
export interface LoginRateLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  /** Pairs tracked at most; the oldest are forgotten beyond it. */
  maxKeys?: number;
}

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  readonly maxFailures: number;
  readonly windowMs: number;
  private readonly maxKeys: number;

  constructor(options: LoginRateLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 15 * 60 * 1000;
    this.maxKeys = options.maxKeys ?? 50_000;
  }

  /** Seconds to wait before trying again, or 0 when a try is allowed now. */
  retryAfter(ip: string, email: string, now: number): number {
    const recent = this.recent(key(ip, email), now);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures] ?? now;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  fail(ip: string, email: string, now: number): void {
    const k = key(ip, email);
    const recent = this.recent(k, now);
    recent.push(now);
    this.failures.delete(k);
    this.failures.set(k, recent.slice(-this.maxFailures));
    if (this.failures.size > this.maxKeys) {
      const first = this.failures.keys().next().value;
      if (first !== undefined) this.failures.delete(first);
    }
  }

  succeed(ip: string, email: string): void {
    this.failures.delete(key(ip, email));
  }

  private recent(k: string, now: number): number[] {
    return (this.failures.get(k) ?? []).filter((at) => at > now - this.windowMs);
  }
}

const key = (ip: string, email: string) => `${ip}\u0000${email.trim().toLowerCase()}`;
