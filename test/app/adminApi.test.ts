import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN_TOKEN, type Harness, startHarness } from "../support/rapportHarness.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

describeEachBackend("admin API", (database) => {
  let h: Harness;
  const waId = `4176${process.pid % 1000}0001`;
  beforeAll(async () => {
    h = await startHarness(database().db);
    await h.deliver(h.text(waId, "Hi, I'm Clara Brunner, I prefer Tuesdays"));
    await h.deliver(h.text(waId, "Actually, Thursdays are better now"));
    await h.rapport.worker.drain();
  });
  afterAll(async () => {
    await h.close();
  });

  const get = (url: string, token: string | null = ADMIN_TOKEN) =>
    h.rapport.app.inject({
      method: "GET",
      url,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });

  it("refuses requests without the bearer token", async () => {
    expect((await get("/api/contacts", null)).statusCode).toBe(401);
    expect((await get("/api/contacts", "wrong-token-wrong-token")).statusCode).toBe(401);
  });

  it("finds contacts by phone and by name", async () => {
    const byPhone = await get(`/api/contacts?phone=%2B${waId}&businessId=${h.businessId}`);
    expect(byPhone.statusCode).toBe(200);
    expect(byPhone.json().contacts).toHaveLength(1);
    const byName = await get(`/api/contacts?q=brunner&businessId=${h.businessId}`);
    expect(byName.json().contacts.map((c: { name: string }) => c.name)).toEqual(["Clara Brunner"]);
    const wildcard = await get(`/api/contacts?q=%25&businessId=${h.businessId}`);
    expect(wildcard.json().contacts).toHaveLength(0);
  });

  it("shows the profile with each fact's history and evidence, and the conversation", async () => {
    const [contact] = (await get(`/api/contacts?phone=${waId}`)).json().contacts;
    const detail = (await get(`/api/contacts/${contact.id}`)).json();
    expect(detail.profile.name).toBe("Clara Brunner");
    const times = detail.facts.live.find((f: { field: string }) => f.field === "preferred_appointment_times");
    expect(times.value.days).toEqual(["thu"]);
    expect(times.evidence.quote).toMatch(/Thursdays/);
    expect(times.history).toHaveLength(1);
    expect(times.history[0].value.days).toEqual(["tue"]);
    expect(detail.audit.map((a: { action: string }) => a.action)).toContain("corrected");

    const conversation = (await get(`/api/contacts/${contact.id}/messages`)).json();
    const directions = conversation.messages.map((m: { direction: string }) => m.direction);
    expect(directions.sort()).toEqual(["in", "in", "out", "out"]);
    expect(conversation.messages.every((m: { body: string }) => m.body.length > 0)).toBe(true);
  });

  it("answers 400 with a clear message on bad input", async () => {
    const bad = await get("/api/contacts/not-a-uuid");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain("path.id");
    expect((await get("/api/contacts?limit=0")).json().error).toContain("query.limit");
    const [contact] = (await get(`/api/contacts?phone=${waId}`)).json().contacts;
    const fact = (await get(`/api/contacts/${contact.id}`)).json().facts.live[0];
    const patch = await h.rapport.app.inject({
      method: "PATCH",
      url: `/api/contacts/${contact.id}/facts/${fact.id}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { text: "" },
    });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error).toMatch(/body\.text.*body\.editedBy|body\.editedBy/s);
    const missing = await get("/api/contacts/00000000-0000-4000-8000-000000000000");
    expect(missing.statusCode).toBe(404);
  });
});
