/**
 * WhatsApp only lets a business send free-form (non-template) messages within 24 hours of the
 * customer's last inbound message. Checking locally avoids a wasted round-trip and a 131047 from Meta.
 */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface ServiceWindowClock {
  /** When the customer last wrote to us; null if they never have. */
  lastInboundAt: Date | null;
  now: Date;
}

export function isInsideServiceWindow(lastInboundAt: Date | null, now: Date): boolean {
  if (lastInboundAt === null) return false;
  // Strictly less: at exactly 24h Meta already treats the window as closed.
  return now.getTime() - lastInboundAt.getTime() < SERVICE_WINDOW_MS;
}

export class OutsideServiceWindowError extends Error {
  override readonly name = "OutsideServiceWindowError";
  readonly lastInboundAt: Date | null;

  constructor(lastInboundAt: Date | null, now: Date) {
    const since =
      lastInboundAt === null
        ? "the customer has never written"
        : `last inbound message was ${Math.floor((now.getTime() - lastInboundAt.getTime()) / 60_000)} min ago`;
    super(`Outside the 24-hour customer service window (${since}); only template messages may be sent.`);
    this.lastInboundAt = lastInboundAt;
  }
}
