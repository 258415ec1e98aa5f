import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateKey } from "../../src/adapters/crypto/fieldEncryption.ts";
import { signBody } from "../../src/adapters/whatsapp/whatsappSignature.ts";
import { loadConfig } from "../../src/app/config.ts";
import { startRapport } from "../../src/app/startRapport.ts";
import { type FakeGraphApi, startFakeGraphApi } from "../support/fakeGraphApi.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

const RAPPORT_BIN = fileURLToPath(new URL("../../bin/rapport.js", import.meta.url));
const APP_SECRET = "serve-test-secret";

describeEachBackend("rapport serve's inbox worker", (database, backend) => {
  if (backend === "pglite") {
    it("runs `rapport worker` only against PostgreSQL, saying why", () => {
      const result = spawnSync(process.execPath, [RAPPORT_BIN, "worker"], {
        env: { ...process.env, DATABASE_URL: "", RAPPORT_WORKER: "" },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("needs DATABASE_URL");
      // The CLI starts through tsx: seconds on a loaded machine, so the test waits as long as the spawn may.
    }, 30_000);
    return;
  }

  let graph: FakeGraphApi;
  beforeAll(async () => {
    graph = await startFakeGraphApi();
  });
  afterAll(async () => {
    await graph.close();
  });

  it("answers from a child process, so the server's own event loop only stores and acknowledges", async () => {
    const env = {
      ...process.env,
      DATABASE_URL: database().url,
      RAPPORT_ENCRYPTION_KEY: generateKey(),
      PORT: "0",
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_ACCESS_TOKEN: graph.accessToken,
      WHATSAPP_GRAPH_URL: graph.url,
      WHATSAPP_PHONE_NUMBER_ID: "serve-test-number",
      RAPPORT_WORKER: "process",
      LOG_LEVEL: "warn",
    };
    const rapport = await startRapport(loadConfig(env), env);
    try {
      const body = JSON.stringify({
        object: "whatsapp_business_account",
        entry: [
          {
            id: "1",
            changes: [
              {
                field: "messages",
                value: {
                  messaging_product: "whatsapp",
                  metadata: { display_phone_number: "41445551020", phone_number_id: "serve-test-number" },
                  contacts: [{ profile: { name: "Lea" }, wa_id: "41795550123" }],
                  messages: [
                    {
                      from: "41795550123",
                      id: "wamid.serve.1",
                      timestamp: String(Math.floor(Date.now() / 1000)),
                      type: "text",
                      text: { body: "I prefer mornings" },
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
      const response = await fetch(`${rapport.url}/webhooks/whatsapp`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": signBody(APP_SECRET, body) },
        body,
      });
      expect(response.status).toBe(200);
      const deadline = Date.now() + 20_000;
      const replies = () =>
        graph.requests.filter((r) => (r.body as { to?: string } | undefined)?.to === "41795550123");
      while (replies().length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(replies()).toHaveLength(1);
      expect(JSON.stringify(replies()[0]?.body)).toMatch(/mornings/i);
      // The reply came from the child: this process's worker never ran.
      expect(rapport.worker.processed).toBe(0);
    } finally {
      await rapport.shutdown();
    }
  }, 60_000);
});
