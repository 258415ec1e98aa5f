import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server that answers like the WhatsApp Cloud API `POST /{version}/{phone-number-id}/messages`,
 * so sender code is exercised through actual fetch, headers and JSON (de)serialisation.
 */

export interface RecordedGraphRequest {
  method: string;
  /** Path without query, e.g. "/v21.0/1065/messages". */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when the body was empty or not JSON. */
  body: unknown;
}

export interface ScriptedGraphFailure {
  httpStatus: number;
  code: number;
  message: string;
  type?: string;
  errorSubcode?: number;
  details?: string;
}

export interface FakeGraphApi {
  /** Base URL to hand to the sender as `graphUrl`. */
  url: string;
  /** Token the server accepts as `Authorization: Bearer <token>`. */
  accessToken: string;
  /** Every request received, in order, including rejected ones. */
  requests: RecordedGraphRequest[];
  /** Makes the next `count` authorised requests fail with `failure` before normal service resumes. */
  failNext(count: number, failure: ScriptedGraphFailure): void;
  close(): Promise<void>;
}

export interface FakeGraphApiOptions {
  accessToken?: string;
}

const MESSAGES_PATH = /^\/v\d+\.\d+\/[^/]+\/messages$/;

function graphErrorBody(failure: Omit<ScriptedGraphFailure, "httpStatus">) {
  return {
    error: {
      message: failure.message,
      type: failure.type ?? "OAuthException",
      code: failure.code,
      ...(failure.errorSubcode === undefined ? {} : { error_subcode: failure.errorSubcode }),
      ...(failure.details === undefined
        ? {}
        : { error_data: { messaging_product: "whatsapp", details: failure.details } }),
      fbtrace_id: randomBytes(8).toString("base64url"),
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function recipientOf(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("to" in body)) return null;
  return typeof body.to === "string" ? body.to : null;
}

export async function startFakeGraphApi(options: FakeGraphApiOptions = {}): Promise<FakeGraphApi> {
  const accessToken = options.accessToken ?? "test-access-token";
  const requests: RecordedGraphRequest[] = [];
  const failures: ScriptedGraphFailure[] = [];
  let wamidCounter = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const body = await readBody(req);
    requests.push({ method: req.method ?? "GET", path, headers: req.headers, body });

    if (req.headers.authorization !== `Bearer ${accessToken}`) {
      sendJson(
        res,
        401,
        graphErrorBody({ code: 190, message: "Invalid OAuth access token - Cannot parse access token" }),
      );
      return;
    }
    const failure = failures.shift();
    if (failure) {
      sendJson(res, failure.httpStatus, graphErrorBody(failure));
      return;
    }
    if (req.method !== "POST" || !MESSAGES_PATH.test(path)) {
      sendJson(
        res,
        400,
        graphErrorBody({ code: 100, message: `Unsupported ${req.method} request to ${path}` }),
      );
      return;
    }
    if (typeof body !== "object" || body === null) {
      sendJson(res, 400, graphErrorBody({ code: 100, message: "(#100) Invalid parameter" }));
      return;
    }
    if ("status" in body && body.status === "read") {
      sendJson(res, 200, { success: true });
      return;
    }
    const to = recipientOf(body);
    if (to === null) {
      sendJson(res, 400, graphErrorBody({ code: 100, message: "(#100) The parameter to is required." }));
      return;
    }
    wamidCounter += 1;
    sendJson(res, 200, {
      messaging_product: "whatsapp",
      contacts: [{ input: to, wa_id: to.replace(/^\+/, "") }],
      messages: [{ id: `wamid.${wamidCounter}` }],
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      sendJson(res, 500, graphErrorBody({ code: 1, message: `fake Graph API crashed: ${String(error)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accessToken,
    requests,
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // fetch keeps connections alive; without this close() would wait for them to idle out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
