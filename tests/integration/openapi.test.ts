import path from "node:path";
import { describe, expect, it } from "vitest";
import routes from "../../app/routes.ts";
import * as apiConsultation from "../../app/routes/api.consultation.ts";
import * as apiConsultations from "../../app/routes/api.consultations.ts";
import * as apiLookup from "../../app/routes/api.lookup.ts";
import * as apiOpenapi from "../../app/routes/api.openapi.ts";
import * as apiOpinions from "../../app/routes/api.opinions.ts";
import { insertVersion } from "../../db/queries/bills.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import { publishDisposition } from "../support/dispositions.ts";
import { useTestDatabase } from "../support/database.ts";
import { allRefs, checkSchema } from "../support/openapi.ts";
import { callRoute, getRequest, makeContext, type Outcome } from "../support/routes.ts";

/** Every path of CONTRACTS.md's HTTP API, with its methods. */
const contractPaths: Record<string, string[]> = {
  "/consultations": ["get"],
  "/consultations/{id}": ["get"],
  "/consultations/{id}/opinions": ["get", "post"],
  "/opinions/lookup": ["get"],
  "/bills/{billId}/compare": ["get"],
  "/contact-points": ["get"],
  "/consultations/{id}/stats": ["get"],
  "/search": ["get"],
};

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, unknown> };
};

async function servedDocument(): Promise<{ doc: Doc; contentType: string | null }> {
  const response = apiOpenapi.loader();
  return {
    doc: JSON.parse(await response.text()) as Doc,
    contentType: response.headers.get("Content-Type"),
  };
}

/** The problems of an answer against the document: documented status, then its JSON shape. */
function mismatches(doc: Doc, apiPath: string, method: string, answer: Outcome): string[] {
  const operation = doc.paths[apiPath]?.[method];
  if (!operation) return [`${method} ${apiPath} is not documented`];
  const documented = operation.responses[String(answer.status)];
  if (!documented) return [`${method} ${apiPath} answered ${answer.status}, not documented`];
  const schema = documented.content?.["application/json"]?.schema;
  if (!schema) return [`${method} ${apiPath} ${answer.status} has no JSON schema`];
  const problems = checkSchema(doc, schema, answer.data, `${method} ${apiPath} ${answer.status}`);
  for (const [name, header] of Object.entries(documented.headers ?? {}))
    if ((header as { required?: boolean }).required && !answer.headers.get(name))
      problems.push(`${method} ${apiPath} ${answer.status}: missing header ${name}`);
  return problems;
}

describe("the OpenAPI document", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind, { rateLimit: false });

  it("is served as JSON, is OpenAPI 3.1, has every path of the contract and resolves every reference", async () => {
    const { doc, contentType } = await servedDocument();
    expect(contentType).toMatch(/^application\/json/);
    expect(doc.openapi).toMatch(/^3\.1\./);
    for (const [p, methods] of Object.entries(contractPaths))
      for (const m of methods) expect(doc.paths[p]?.[m], `${m} ${p}`).toBeDefined();
    for (const r of allRefs(doc))
      expect(doc.components.schemas[r.replace("#/components/schemas/", "")], r).toBeDefined();
    // The opinion POST documents every status of the contract's table.
    const post = doc.paths["/consultations/{id}/opinions"]!.post;
    expect(Object.keys(post.responses).sort()).toEqual(
      ["201", "400", "403", "404", "409", "422", "429"].sort(),
    );
    expect(post.responses["429"].headers["Retry-After"]).toBeDefined();
    expect(post.parameters).toContainEqual(
      expect.objectContaining({ name: "Idempotency-Key", in: "header", required: true }),
    );
    // Every error answer has the contract's error shape.
    for (const [p, operations] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(operations))
        for (const [status, response] of Object.entries(op.responses as Record<string, any>))
          if (Number(status) >= 400)
            expect(response.content["application/json"].schema, `${m} ${p} ${status}`).toEqual({
              $ref: "#/components/schemas/Error",
            });
    // The checker itself tells a wrong shape from a right one.
    const wrong = checkSchema(doc, { $ref: "#/components/schemas/Consultation" }, { id: 1 });
    expect(wrong.join("\n")).toMatch(/expected string, got integer/);
    expect(wrong.join("\n")).toMatch(/missing required closesAt/);
  });

  it("matches the real answers of the API", async () => {
    const { doc } = await servedDocument();
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const { billId, versionId } = await makeBillWithVersion(db, { organizationId: org });
    const second = sampleText(["为了测试，制定本条例。", "本条例自二〇三〇年一月一日起施行。"]);
    const laterVersion = await insertVersion(db, {
      billId,
      label: "second_reading",
      title: "测试条例",
      ...second,
    });
    const id = await makeConsultation(db, { versionId });
    const closed = await makeConsultation(db, {
      versionId: laterVersion,
      opensAt: new Date(Date.now() - 40 * 86_400_000),
      closesAt: new Date(Date.now() - 86_400_000),
    });
    const accountOnly = await makeConsultation(db, {
      versionId: (await makeBillWithVersion(db, { organizationId: org })).versionId,
      allowAnonymous: false,
    });
    const pid = (
      await db
        .selectFrom("provisions")
        .select("pid")
        .where("version_id", "=", versionId)
        .where("kind", "=", "article")
        .executeTakeFirstOrThrow()
    ).pid;
    const problems: string[] = [];
    const expectShape = (apiPath: string, method: string, answer: Outcome, status: number) => {
      expect(answer.status, `${method} ${apiPath}`).toBe(status);
      problems.push(...mismatches(doc, apiPath, method, answer));
    };
    const postOpinion = (consultation: string, body: unknown, key: string | null, lang = "zh-CN") =>
      callRoute(
        apiOpinions.action,
        new Request(`http://localhost/api/v1/consultations/${consultation}/opinions`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "Accept-Language": lang,
            ...(key ? { "Idempotency-Key": key } : {}),
          },
          body: JSON.stringify(body),
        }),
        ctx(),
        { id: consultation },
      );

    expectShape(
      "/consultations",
      "get",
      await callRoute(apiConsultations.loader, getRequest("/api/v1/consultations"), ctx()),
      200,
    );
    const one = await callRoute(
      apiConsultation.loader,
      getRequest(`/api/v1/consultations/${id}`),
      ctx(),
      {
        id,
      },
    );
    expectShape("/consultations/{id}", "get", one, 200);
    expect(one.data.provisions.length).toBeGreaterThan(0);
    expectShape(
      "/consultations/{id}",
      "get",
      await callRoute(
        apiConsultation.loader,
        getRequest("/api/v1/consultations/00000000-0000-0000-0000-000000000000", undefined, {
          "Accept-Language": "en",
        }),
        ctx(),
        { id: "00000000-0000-0000-0000-000000000000" },
      ),
      404,
    );

    const body = {
      provisionPid: pid,
      body: "建议明确检查频次。",
      author: { name: "李四", region: "崇川区", respondentType: "individual" },
    };
    const created = await postOpinion(id, body, "key-1");
    expectShape("/consultations/{id}/opinions", "post", created, 201);
    const replay = await postOpinion(id, body, "key-1");
    expectShape("/consultations/{id}/opinions", "post", replay, 201);
    expect(replay.data).toEqual(created.data);
    expectShape(
      "/consultations/{id}/opinions",
      "post",
      await postOpinion(id, { ...body, body: "另一条" }, "key-1"),
      422,
    );
    expectShape("/consultations/{id}/opinions", "post", await postOpinion(id, body, null), 400);
    const blank = await postOpinion(id, { scope: "draft", body: " " }, "key-2", "en");
    expectShape("/consultations/{id}/opinions", "post", blank, 400);
    expect(Object.keys(blank.data.error.fields)).toEqual(["body"]);
    expectShape(
      "/consultations/{id}/opinions",
      "post",
      await postOpinion(id, { provisionPid: "no-such-pid", body: "x" }, "key-3"),
      404,
    );
    expectShape(
      "/consultations/{id}/opinions",
      "post",
      await postOpinion(closed, body, "key-4"),
      409,
    );
    expectShape(
      "/consultations/{id}/opinions",
      "post",
      await postOpinion(accountOnly, { scope: "draft", body: "匿名意见" }, "key-5"),
      403,
    );

    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] });
    await publishDisposition(db, {
      opinionIds: [created.data.id],
      code: "partly_adopted",
      reason: "已在第五章统一规定。",
      actorId: drafter.id,
    });
    const opinions = await callRoute(
      apiOpinions.loader,
      getRequest(`/api/v1/consultations/${id}/opinions?provision=${pid}`),
      ctx(),
      { id },
    );
    expectShape("/consultations/{id}/opinions", "get", opinions, 200);
    expect(opinions.data.opinions[0]).toMatchObject({
      author: { name: "李**" },
      disposition: { code: "partly_adopted" },
    });

    const lookup = await callRoute(
      apiLookup.loader,
      getRequest(
        `/api/v1/opinions/lookup?receipt=${created.data.receipt}&code=${created.data.lookupCode}`,
      ),
      ctx(),
    );
    expectShape("/opinions/lookup", "get", lookup, 200);
    expectShape(
      "/opinions/lookup",
      "get",
      await callRoute(apiLookup.loader, getRequest("/api/v1/opinions/lookup?receipt=KM1"), ctx()),
      400,
    );

    // The other areas' endpoints, once their routes are registered (after the merge, all are).
    const registered = new Map<string, string>();
    const walk = (list: readonly { path?: string; file: string; children?: unknown[] }[]) => {
      for (const r of list) {
        if (r.path) registered.set(r.path, r.file);
        if (r.children) walk(r.children as never);
      }
    };
    walk(routes as never);
    const routeOf = async (p: string) => {
      const file = registered.get(p);
      return file ? await import(path.join("../../app", file)) : undefined;
    };
    const compare = await routeOf("api/v1/bills/:billId/compare");
    expectShape(
      "/bills/{billId}/compare",
      "get",
      await callRoute(
        compare.loader,
        getRequest(`/api/v1/bills/${billId}/compare?from=${versionId}&to=${laterVersion}`),
        ctx(),
        { billId },
      ),
      200,
    );
    const contactPoints = await routeOf("api/v1/contact-points");
    if (contactPoints)
      expectShape(
        "/contact-points",
        "get",
        await callRoute(contactPoints.loader, getRequest("/api/v1/contact-points"), ctx()),
        200,
      );
    const stats = await routeOf("api/v1/consultations/:id/stats");
    if (stats)
      expectShape(
        "/consultations/{id}/stats",
        "get",
        await callRoute(stats.loader, getRequest(`/api/v1/consultations/${id}/stats`), ctx(), {
          id,
        }),
        200,
      );
    const search = await routeOf("api/v1/search");
    if (search) {
      expectShape(
        "/search",
        "get",
        await callRoute(search.loader, getRequest("/api/v1/search?q=%E6%A3%80%E6%9F%A5"), ctx()),
        200,
      );
      expectShape(
        "/search",
        "get",
        await callRoute(search.loader, getRequest("/api/v1/search?q="), ctx()),
        400,
      );
    }
    expect(problems).toEqual([]);
  });
});
