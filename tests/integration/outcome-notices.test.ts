import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import * as apiOpinions from "../../app/routes/api.opinions.ts";
import * as lineage from "../../app/routes/lineage.tsx";
import * as lookup from "../../app/routes/opinion-lookup.tsx";
import * as me from "../../app/routes/me.tsx";
import * as outcomeContact from "../../app/routes/outcome-contact.tsx";
import * as provisionOpinions from "../../app/routes/provision-opinions.tsx";
import * as unsubscribe from "../../app/routes/outcome-unsubscribe.tsx";
import { insertVersion } from "../../db/queries/bills.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import type { Database } from "../../db/schema.ts";
import { requestHash, submitOpinion } from "../../services/opinions.ts";
import { deliverPendingSms, logSmsSender, useSmsSender } from "../../services/sms.ts";
import { useTestDatabase } from "../support/database.ts";
import { publishDisposition } from "../support/dispositions.ts";
import {
  callRoute,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
} from "../support/routes.ts";

// Issue 18, items 2 and 3: an opinion's author without an account leaves an address on the
// receipt (with consent) and hears the outcome once, when the disposition is published, through
// the mail outbox or the SMS sender; the unsubscribe link stops it; the address never shows on a
// public page or in the API. And an adopted opinion shows what it changed in the later reading.

describe("outcome contacts and what an opinion changed", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);
  afterEach(() => useSmsSender(null));

  /** A bill (一审稿, one article on each of two pids), an open consultation and a drafter. */
  async function world() {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const text = sampleText(["养犬人应当为犬只办理登记。", "本条例自公布之日起施行。"]);
    const { billId, versionId } = await makeBillWithVersion(db, {
      organizationId: org,
      title: `养犬管理条例 ${randomUUID().slice(0, 6)}`,
      ...text,
    });
    const consultationId = await makeConsultation(db, { versionId });
    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] });
    const pid = text.provisions[0]!.pid;
    return { db, org, billId, versionId, consultationId, drafter, pid, text };
  }

  async function anonymousOpinion(db: Kysely<Database>, consultationId: string, pid: string) {
    const body = { provisionPid: pid, scope: "article", body: `建议每年复核登记 ${randomUUID()}` };
    return submitOpinion(db, {
      consultationId,
      key: randomUUID(),
      hash: requestHash(body),
      body,
      userId: null,
    });
  }

  const leave = (fields: Record<string, string>) =>
    callRoute(outcomeContact.action, formRequest("/outcome/contact", fields), ctx());

  async function outbox(db: Kysely<Database>, recipient: string) {
    return db.selectFrom("mail_outbox").selectAll().where("recipient", "=", recipient).execute();
  }

  it("keeps no contact without the consent box ticked, nor a malformed address", async () => {
    const w = await world();
    const op = await anonymousOpinion(w.db, w.consultationId, w.pid);
    const address = `reader-${randomUUID().slice(0, 8)}@example.org`;
    const noConsent = await leave({ receipt: op.receipt, code: op.lookupCode, address });
    expect(noConsent.status).toBe(400);
    expect(noConsent.data.fields.consent).toBe("outcome.contact.consentRequired");
    const bad = await leave({
      receipt: op.receipt,
      code: op.lookupCode,
      address: "not an address",
      consent: "yes",
    });
    expect(bad.status).toBe(400);
    expect(bad.data.fields.address).toBe("outcome.contact.addressInvalid");
    const wrongCode = await leave({ receipt: op.receipt, code: "WRONG1", address, consent: "yes" });
    expect(wrongCode.status).toBe(404);
    const rows = await w.db
      .selectFrom("outcome_contacts")
      .select("id")
      .where("opinion_id", "=", op.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it("queues the outcome e-mail exactly once, on publication and never before", async () => {
    const w = await world();
    const op = await anonymousOpinion(w.db, w.consultationId, w.pid);
    const address = `reader-${randomUUID().slice(0, 8)}@example.org`;
    // The lookup page offers the contact form (with the code typed) while nothing is published.
    const lookedUp = () =>
      callRoute(
        lookup.action,
        formRequest("/opinions/lookup", { receipt: op.receipt, code: op.lookupCode }),
        ctx(),
      );
    expect((await lookedUp()).data.contactCode).toBe(op.lookupCode);
    const kept = await leave({ receipt: op.receipt, code: op.lookupCode, address, consent: "yes" });
    expect(kept.data).toMatchObject({ ok: true, channel: "email" });
    expect(await outbox(w.db, address)).toEqual([]);
    await publishDisposition(w.db, {
      opinionIds: [op.id],
      code: "adopted",
      reason: "已增加年度复核。",
      actorId: w.drafter.id,
    });
    const mails = await outbox(w.db, address);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("您的意见有了处理结果");
    expect(mails[0]!.body).toContain(op.receipt);
    expect(mails[0]!.body).toContain("采纳");
    expect(mails[0]!.body).toMatch(/http:\/\/localhost\/outcome\/unsubscribe\?token=[\w-]{20,}/);
    expect((await lookedUp()).data.contactCode).toBeNull();
    // Publishing the same disposition again changes nothing public and sends nothing.
    await publishDisposition(w.db, {
      opinionIds: [op.id],
      code: "adopted",
      reason: "已增加年度复核。",
      actorId: w.drafter.id,
    });
    expect(await outbox(w.db, address)).toHaveLength(1);
  });

  it("sends nothing after the unsubscribe link is followed, and forgets the address", async () => {
    const w = await world();
    const op = await anonymousOpinion(w.db, w.consultationId, w.pid);
    const address = `reader-${randomUUID().slice(0, 8)}@example.org`;
    const kept = await leave({ receipt: op.receipt, code: op.lookupCode, address, consent: "yes" });
    const token = kept.data.token as string;
    // Opening the link only asks; mail scanners open links.
    const page = await callRoute(
      unsubscribe.loader as never,
      getRequest(`/outcome/unsubscribe?token=${token}`),
      ctx(),
    );
    expect(page.data.token).toBe(token);
    expect(
      await w.db
        .selectFrom("outcome_contacts")
        .select("id")
        .where("opinion_id", "=", op.id)
        .execute(),
    ).toHaveLength(1);
    const done = await callRoute(
      unsubscribe.action,
      formRequest("/outcome/unsubscribe", { token }),
      ctx(),
    );
    expect(done.data).toEqual({ done: true });
    await publishDisposition(w.db, {
      opinionIds: [op.id],
      code: "not_adopted",
      actorId: w.drafter.id,
    });
    expect(await outbox(w.db, address)).toEqual([]);
    const again = await callRoute(
      unsubscribe.action,
      formRequest("/outcome/unsubscribe", { token }),
      ctx(),
    );
    expect(again.data).toEqual({ done: false });
  });

  it("texts a mobile number through the SMS sender, the log sender by default", async () => {
    const w = await world();
    const op = await anonymousOpinion(w.db, w.consultationId, w.pid);
    const mobile = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const kept = await leave({
      receipt: op.receipt,
      code: op.lookupCode,
      address: `+86 ${mobile}`,
      consent: "yes",
    });
    expect(kept.data).toMatchObject({ ok: true, channel: "sms" });
    const logged: string[] = [];
    useSmsSender(logSmsSender((line) => logged.push(line)));
    await deliverPendingSms(w.db);
    expect(logged.filter((l) => l.includes(mobile))).toEqual([]);
    await publishDisposition(w.db, {
      opinionIds: [op.id],
      code: "partly_adopted",
      actorId: w.drafter.id,
    });
    for (let i = 0; i < 5 && !logged.some((l) => l.includes(mobile)); i++)
      await deliverPendingSms(w.db);
    const mine = logged
      .map((l) => JSON.parse(l) as { to: string; text: string })
      .filter((m) => m.to === mobile);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain(op.receipt);
    expect(mine[0]!.text).toContain("部分采纳");
    expect(mine[0]!.text).toContain("/outcome/unsubscribe?token=");
    await deliverPendingSms(w.db);
    expect(logged.filter((l) => l.includes(mobile))).toHaveLength(1);
  });

  it("never shows the contact on the public opinion list or in the API", async () => {
    const w = await world();
    const op = await anonymousOpinion(w.db, w.consultationId, w.pid);
    const address = `private-${randomUUID().slice(0, 8)}@example.org`;
    await leave({ receipt: op.receipt, code: op.lookupCode, address, consent: "yes" });
    await publishDisposition(w.db, { opinionIds: [op.id], code: "adopted", actorId: w.drafter.id });
    const list = await callRoute(
      provisionOpinions.loader as never,
      getRequest(`/consultations/${w.consultationId}/provisions/${w.pid}`),
      ctx(),
      { id: w.consultationId, pid: w.pid },
    );
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.data)).toContain(op.id);
    const api = await callRoute(
      apiOpinions.loader,
      getRequest(`/api/v1/consultations/${w.consultationId}/opinions?provision=${w.pid}`),
      ctx(),
      { id: w.consultationId },
    );
    expect(api.status).toBe(200);
    for (const answer of [list, api]) expect(JSON.stringify(answer.data)).not.toContain(address);
  });

  it("shows what an adopted opinion changed in the later reading, from 我的意见 and the lookup", async () => {
    const w = await world();
    const author = await makeUser(w.db, { displayName: "王市民" });
    const body = { provisionPid: w.pid, scope: "article", body: "建议每年复核登记。" };
    const mine = await submitOpinion(w.db, {
      consultationId: w.consultationId,
      key: randomUUID(),
      hash: requestHash(body),
      body,
      userId: author.id,
    });
    const anonymous = await anonymousOpinion(w.db, w.consultationId, w.pid);
    // The second reading: the article moves to 第五条 (pids carry forward) with the new words.
    const second = [
      ...w.text.provisions
        .slice(1)
        .map((p, i) => ({ ...p, ordinal: i, number: i + 1, label: `第${i + 1}条` })),
      {
        ...w.text.provisions[0]!,
        ordinal: 4,
        number: 5,
        label: "第五条",
        text: "养犬人应当为犬只办理登记，并每年复核。",
      },
    ];
    const secondId = await insertVersion(w.db, {
      billId: w.billId,
      label: "second_reading",
      title: "二审稿",
      document: w.text.document,
      provisions: second,
    });
    // Before publication: nothing to show.
    const cookie = await signInCookie(ctx(), author);
    const before = await callRoute(me.loader, getRequest("/me", cookie), ctx());
    expect(before.data.opinions.find((o: { id: string }) => o.id === mine.id).change).toBeNull();
    await publishDisposition(w.db, {
      opinionIds: [mine.id, anonymous.id],
      code: "adopted",
      actorId: w.drafter.id,
    });
    const after = await callRoute(me.loader, getRequest("/me", cookie), ctx());
    const change = after.data.opinions.find((o: { id: string }) => o.id === mine.id).change;
    expect(change).toMatchObject({ versionId: secondId, pid: w.pid, label: "第五条" });
    expect(change.ops).toContainEqual({ op: "insert", text: expect.stringContaining("每年复核") });
    const found = await callRoute(
      lookup.action,
      formRequest("/opinions/lookup", { receipt: anonymous.receipt, code: anonymous.lookupCode }),
      ctx(),
    );
    expect(found.data.change).toMatchObject({ versionId: secondId, label: "第五条" });
  });

  it("links the lineage page's count of a reading's opinions to those opinions", async () => {
    const w = await world();
    const op = await anonymousOpinion(w.db, w.consultationId, w.pid);
    const page = await callRoute(
      lineage.loader,
      getRequest(`/bills/${w.billId}/provisions/${w.pid}`),
      ctx(),
      { billId: w.billId, pid: w.pid },
    );
    const reading = page.data.readings.find(
      (r: { versionId: string }) => r.versionId === w.versionId,
    );
    expect(reading.opinions).toBeGreaterThanOrEqual(1);
    expect(reading.opinionList).toBe(`/consultations/${w.consultationId}/provisions/${w.pid}`);
    const list = await callRoute(
      provisionOpinions.loader as never,
      getRequest(reading.opinionList),
      ctx(),
      { id: w.consultationId, pid: w.pid },
    );
    expect(list.data.opinions.map((o: { id: string }) => o.id)).toContain(op.id);
  });

  it("counts each contact post as a lookup guess, so it opens no way around the lookup limit", async () => {
    const w = await world();
    const op = await anonymousOpinion(w.db, w.consultationId, w.pid);
    const sameAddress = makeContext(t.handle.db, t.handle.kind, {
      clientIp: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    });
    const guess = (code: string) =>
      callRoute(
        outcomeContact.action,
        formRequest("/outcome/contact", {
          receipt: op.receipt,
          code,
          address: "guess@example.org",
          consent: "yes",
        }),
        sameAddress,
      );
    const answers: number[] = [];
    for (let i = 0; i < 31; i++) answers.push((await guess(`WRONG${i}`)).status);
    expect(answers.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(answers[30]).toBe(429);
    expect((await guess(op.lookupCode)).status).toBe(429);
  });
});
