import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { z } from "zod";
import { GraphApiError, isRetryableFailure } from "./graphApiError.ts";
import {
  type ButtonMessage,
  buildButtonsPayload,
  buildListPayload,
  buildTemplatePayload,
  buildTextPayload,
  LIMITS,
  type ListMessage,
  type TemplateMessage,
  type TextMessage,
} from "./outboundMessages.ts";
import {
  isInsideServiceWindow,
  OutsideServiceWindowError,
  type ServiceWindowClock,
} from "./serviceWindow.ts";

export interface GraphApiSenderOptions {
  /** Base URL without version; tests point it at the fake Graph server. */
  graphUrl?: string;
  /** Graph API version path segment, e.g. "v21.0". */
  apiVersion: string;
  accessToken: string;
  /**
   * The HTTP client; by default node:http(s) on the global keep-alive agent, which costs the worker
   * about half of what `fetch` does per request (no WHATWG streams, Request/Response or AbortSignal).
   */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Total tries including the first; 1 disables retries. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Source of jitter in [0, 1); injectable for deterministic tests. */
  random?: () => number;
  /** Per-attempt timeout. */
  timeoutMs?: number;
}

export interface SentMessage {
  wamid: string;
}

/** Who sends: the business phone number id the message goes out from. */
interface FromNumber {
  phoneNumberId: string;
}

/** Free-form messages must prove the 24-hour window is open. */
interface WithinWindow extends FromNumber {
  window: ServiceWindowClock;
}

export type SendTextRequest = TextMessage & WithinWindow;
export type SendButtonsRequest = ButtonMessage & WithinWindow;
export type SendListRequest = ListMessage & WithinWindow;
export type SendChoicesRequest = TextMessage &
  WithinWindow & {
    choices: Array<{ id: string; title: string; description?: string }>;
    listButton: string;
  };
export type SendTemplateRequest = TemplateMessage & FromNumber;
export interface MarkAsReadRequest extends FromNumber {
  messageId: string;
}

const sendResponseSchema = z.object({ messages: z.array(z.object({ id: z.string() })).min(1) });

const graphErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    code: z.number(),
    error_subcode: z.number().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
    fbtrace_id: z.string().optional(),
  }),
});

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sends WhatsApp messages through the Cloud API (Graph API `/{phone-number-id}/messages`). */
export class GraphApiSender {
  private readonly baseUrl: string;
  private readonly accessToken: string;
  private readonly transport: Transport;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  private readonly timeoutMs: number;

  constructor(options: GraphApiSenderOptions) {
    const graphUrl = (options.graphUrl ?? "https://graph.facebook.com").replace(/\/+$/, "");
    this.baseUrl = `${graphUrl}/${options.apiVersion}`;
    this.accessToken = options.accessToken;
    this.transport = options.fetch ? fetchTransport(options.fetch) : nodeTransport;
    this.sleep = options.sleep ?? defaultSleep;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async sendText(request: SendTextRequest): Promise<SentMessage> {
    const payload = buildTextPayload(request);
    this.assertWindowOpen(request.window);
    return this.sendMessage(request.phoneNumberId, payload);
  }

  async sendButtons(request: SendButtonsRequest): Promise<SentMessage> {
    const payload = buildButtonsPayload(request);
    this.assertWindowOpen(request.window);
    return this.sendMessage(request.phoneNumberId, payload);
  }

  async sendList(request: SendListRequest): Promise<SentMessage> {
    const payload = buildListPayload(request);
    this.assertWindowOpen(request.window);
    return this.sendMessage(request.phoneNumberId, payload);
  }

  /**
   * Tappable answers the way WhatsApp shows them best: up to 3 short ones as reply buttons, more (or
   * longer) as a list of up to 10 rows.
   */
  async sendChoices(request: SendChoicesRequest): Promise<SentMessage> {
    const { choices } = request;
    const fitsButtons =
      choices.length <= LIMITS.maxButtons &&
      choices.every((choice) => choice.title.length <= LIMITS.buttonTitle && !choice.description);
    if (fitsButtons) {
      return this.sendButtons({
        phoneNumberId: request.phoneNumberId,
        to: request.to,
        body: request.body,
        buttons: choices.map(({ id, title }) => ({ id, title })),
        window: request.window,
      });
    }
    return this.sendList({
      phoneNumberId: request.phoneNumberId,
      to: request.to,
      body: request.body,
      buttonText: request.listButton.slice(0, LIMITS.listButtonText),
      sections: [
        {
          rows: choices.slice(0, LIMITS.maxRows).map(({ id, title, description }) => ({
            id,
            title: title.slice(0, LIMITS.rowTitle),
            ...(description && { description: description.slice(0, LIMITS.rowDescription) }),
          })),
        },
      ],
      window: request.window,
    });
  }

  /** Templates are the only messages allowed outside the 24-hour window, so no window check here. */
  async sendTemplate(request: SendTemplateRequest): Promise<SentMessage> {
    return this.sendMessage(request.phoneNumberId, buildTemplatePayload(request));
  }

  /** Shows blue ticks on the customer's message; not a message itself, so the window does not apply. */
  async markAsRead(request: MarkAsReadRequest): Promise<void> {
    await this.post(request.phoneNumberId, {
      messaging_product: "whatsapp",
      status: "read",
      message_id: request.messageId,
    });
  }

  private assertWindowOpen(window: ServiceWindowClock): void {
    if (!isInsideServiceWindow(window.lastInboundAt, window.now)) {
      throw new OutsideServiceWindowError(window.lastInboundAt, window.now);
    }
  }

  private async sendMessage(phoneNumberId: string, payload: object): Promise<SentMessage> {
    const response = await this.post(phoneNumberId, payload);
    const parsed = sendResponseSchema.safeParse(response);
    const wamid = parsed.success ? parsed.data.messages[0]?.id : undefined;
    if (wamid === undefined) {
      // The message may well have gone out; retrying could duplicate it, so report instead.
      throw new GraphApiError({
        code: null,
        httpStatus: 200,
        title: "response without messages[0].id",
        retryable: false,
      });
    }
    return { wamid };
  }

  /** POSTs with retries; only failures classified as transient are repeated. */
  private async post(phoneNumberId: string, payload: object): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.postOnce(phoneNumberId, payload);
      } catch (error) {
        const retry = error instanceof GraphApiError && error.retryable && attempt < this.maxAttempts;
        if (!retry) throw error;
        await this.sleep(this.backoffDelay(attempt));
      }
    }
  }

  /** Exponential backoff with "equal jitter": never below half the step, so retries stay spaced out. */
  private backoffDelay(attempt: number): number {
    const step = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(step / 2 + (step / 2) * this.random());
  }

  private async postOnce(phoneNumberId: string, payload: object): Promise<unknown> {
    const url = `${this.baseUrl}/${encodeURIComponent(phoneNumberId)}/messages`;
    let response: TransportResponse;
    try {
      response = await this.transport(url, {
        headers: { Authorization: `Bearer ${this.accessToken}`, "Content-Type": "application/json" },
        body: JSON.stringify(payload),
        timeoutMs: this.timeoutMs,
      });
    } catch (cause) {
      // Same ambiguity as a 5xx (the send may or may not have happened); treated alike: retry.
      const title = cause instanceof Error ? cause.message : String(cause);
      throw new GraphApiError({ code: null, httpStatus: null, title, retryable: true }, { cause });
    }
    const { text } = response;
    const body = parseJson(text);
    if (response.ok) return body;

    const graphError = graphErrorBodySchema.safeParse(body);
    if (!graphError.success) {
      throw new GraphApiError({
        code: null,
        httpStatus: response.status,
        title: text.slice(0, 200) || response.statusText,
        retryable: isRetryableFailure(response.status, null),
      });
    }
    const { error } = graphError.data;
    throw new GraphApiError({
      code: error.code,
      httpStatus: response.status,
      title: error.message,
      retryable: isRetryableFailure(response.status, error.code),
      subcode: error.error_subcode ?? null,
      details: error.error_data?.details ?? null,
      fbtraceId: error.fbtrace_id ?? null,
    });
  }
}

interface TransportResponse {
  ok: boolean;
  status: number;
  statusText: string;
  text: string;
}

/** One POST; rejects when no complete response arrived (network error, timeout). */
type Transport = (
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs: number },
) => Promise<TransportResponse>;

function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async (url, init) => {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    const text = await response.text();
    return { ok: response.ok, status: response.status, statusText: response.statusText, text };
  };
}

const nodeTransport: Transport = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const body = Buffer.from(init.body, "utf8");
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    // The whole exchange, not only an idle socket, as `AbortSignal.timeout` bounded it for fetch.
    const timer = setTimeout(
      () => request.destroy(new Error(`no answer from the Graph API within ${init.timeoutMs} ms`)),
      init.timeoutMs,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    const request = send(
      target,
      { method: "POST", headers: { ...init.headers, "Content-Length": String(body.length) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", fail);
        response.on("close", () => {
          if (!response.complete) fail(new Error("the Graph API closed the connection mid-answer"));
        });
        response.on("end", () => {
          clearTimeout(timer);
          const status = response.statusCode ?? 0;
          resolve({
            ok: status >= 200 && status < 300,
            status,
            statusText: response.statusMessage ?? "",
            text: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    request.on("error", fail);
    request.end(body);
  });
