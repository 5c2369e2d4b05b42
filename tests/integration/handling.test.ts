import { describe, expect, it } from "vitest";
import * as handling from "../../app/routes/handling.tsx";
import * as login from "../../app/routes/login.tsx";
import * as me from "../../app/routes/me.tsx";
import type { AppContext } from "../../app/context.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
} from "../../db/factories.ts";
import { requestHash, submitOpinion } from "../../services/opinions.ts";
import { useTestDatabase } from "../support/database.ts";
import { cookieFrom, formRequest, getRequest, makeContext, callRoute } from "../support/routes.ts";

const call = callRoute;

describe("handling opinions (处理情况)", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);
  const signIn = async (user: { email: string; password: string }) =>
    cookieFrom(
      (
        await call(
          login.action,
          formRequest("/login", { email: user.email, password: user.password }),
          ctx(),
        )
      ).headers,
    );

  it("lets the bill's drafters record a disposition that the citizen then sees; nobody else may", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const { versionId } = await makeBillWithVersion(db, { organizationId: org });
    const consultationId = await makeConsultation(db, { versionId });
    const article = await db
      .selectFrom("provisions")
      .select("pid")
      .where("version_id", "=", versionId)
      .where("kind", "=", "article")
      .executeTakeFirstOrThrow();
    const citizen = await makeUser(db);
    const body = { provisionPid: article.pid, body: "建议增加罚则。" };
    const answer = await submitOpinion(db, {
      consultationId,
      key: "k1",
      hash: requestHash(body),
      body,
      userId: citizen.id,
    });
    const opinionId = String(answer.body.id);

    const drafter = await signIn(
      await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] }),
    );
    const page = await call(
      handling.loader,
      getRequest(`/consultations/${consultationId}/handling?handled=no`, drafter),
      ctx(),
      { id: consultationId },
    );
    expect(page.data.opinions.map((o: { id: string }) => o.id)).toEqual([opinionId]);
    const saved = await call(
      handling.action,
      formRequest(
        `/consultations/${consultationId}/handling`,
        { opinionId, code: "partly_adopted", reason: "罚则在第五章统一规定。" },
        { cookie: drafter },
      ),
      ctx(),
      { id: consultationId },
    );
    expect(saved.data).toEqual({ ok: true, opinionId });
    const handled = await call(
      handling.loader,
      getRequest(`/consultations/${consultationId}/handling?handled=no`, drafter),
      ctx(),
      { id: consultationId },
    );
    expect(handled.data.opinions).toEqual([]);
    expect(
      await db
        .selectFrom("audit_log")
        .select("action")
        .where("subject_id", "=", opinionId)
        .execute(),
    ).toEqual([{ action: "opinion.dispose" }]);

    const mine = await call(me.loader, getRequest("/me", await signIn(citizen)), ctx());
    expect(mine.data.opinions[0]).toMatchObject({
      dispositionCode: "partly_adopted",
      dispositionReason: "罚则在第五章统一规定。",
    });

    // Drafters of another legislature, and citizens, are refused.
    const stranger = await signIn(
      await makeUser(db, {
        roles: [{ role: "drafter", organizationId: await makeOrganization(db) }],
      }),
    );
    expect(
      (
        await call(
          handling.loader,
          getRequest(`/consultations/${consultationId}/handling`, stranger),
          ctx(),
          { id: consultationId },
        )
      ).status,
    ).toBe(403);
    const refused = await call(
      handling.action,
      formRequest(
        `/consultations/${consultationId}/handling`,
        { opinionId, code: "adopted", reason: "" },
        { cookie: await signIn(citizen) },
      ),
      ctx(),
      { id: consultationId },
    );
    expect(refused.status).toBe(403);
    expect(
      (
        await db
          .selectFrom("dispositions")
          .select("code")
          .where("opinion_id", "=", opinionId)
          .executeTakeFirstOrThrow()
      ).code,
    ).toBe("partly_adopted");
  });
});
