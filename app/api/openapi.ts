import {
  channels,
  dispositionCodes,
  hearingOutcomes,
  hearingStances,
  opinionStatuses,
  planCategories,
  proposalDecisions,
  provisionKinds,
  respondentTypes,
  surveyAudiences,
  surveyPurposes,
  versionLabels,
} from "../../db/codes.ts";

// The OpenAPI 3.1 description of the public API, exactly as ../shared/CONTRACTS.md fixes it.
// Served at /api/v1/openapi.json; the codes come from db/codes.ts, the one place they are spelt.
// tests/integration/openapi.test.ts checks real answers of the implemented endpoints against it.

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Schema = {}): Schema => ({ type: [type, "null"], ...extra });
const time: Schema = {
  type: "string",
  format: "date-time",
  description: "ISO 8601 with offset (UTC).",
};
const counts = (codes: readonly string[], what: string): Schema => ({
  type: "object",
  description: `Counts per ${what} code; codes without opinions may be left out.`,
  propertyNames: { enum: [...codes] },
  additionalProperties: { type: "integer", minimum: 0 },
});

const consultationProperties: Schema = {
  id: { type: "string" },
  billId: { type: "string" },
  billTitle: { type: "string" },
  versionId: { type: "string" },
  versionLabel: ref("VersionLabel"),
  status: ref("ConsultationStatus"),
  opensAt: time,
  closesAt: time,
};
const consultationRequired = Object.keys(consultationProperties);

const errorResponse = (description: string, headers?: Schema): Schema => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema: ref("Error") } },
});
const json = (description: string, schema: Schema): Schema => ({
  description,
  content: { "application/json": { schema } },
});

const idParam = (name: string, description: string): Schema => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string" },
});

const schemas: Record<string, Schema> = {
  Hearing: {
    type: "object",
    description:
      "An announced hearing (听证会) on a consultation. Registrations appear by public number and stance only (never a name or contact); `outcome` and `position` once drawn. `seed` is null until the draw reveals it; SHA-256(seed) equals `seedHash`, published before registration closed. The draw is reproducible: services/hearing-draw.ts, `kaimen hearing-draw`.",
    required: [
      "id",
      "consultationId",
      "billId",
      "title",
      "description",
      "questions",
      "heldAt",
      "place",
      "speakerSeats",
      "reserveSeats",
      "selectionMethod",
      "registrationOpensAt",
      "registrationClosesAt",
      "status",
      "seedHash",
      "seed",
      "drawnAt",
      "registrations",
      "report",
    ],
    additionalProperties: false,
    properties: {
      id: { type: "string" },
      consultationId: { type: "string" },
      billId: { type: "string" },
      title: { type: "string" },
      description: { type: "string" },
      questions: { type: "array", items: { type: "string" } },
      heldAt: time,
      place: { type: "string" },
      speakerSeats: { type: "integer", minimum: 1 },
      reserveSeats: { type: "integer", minimum: 0 },
      selectionMethod: { type: "string" },
      registrationOpensAt: time,
      registrationClosesAt: time,
      status: { enum: ["upcoming", "open", "closed", "drawn", "reported"] },
      seedHash: { type: "string", pattern: "^[0-9a-f]{64}$" },
      seed: nullable("string", { pattern: "^[0-9a-f]{64}$" }),
      drawnAt: nullable("string", { format: "date-time" }),
      registrations: {
        type: "array",
        items: {
          type: "object",
          required: ["number", "stance"],
          additionalProperties: false,
          properties: {
            number: { type: "integer", minimum: 1 },
            stance: { enum: [...hearingStances] },
            outcome: { enum: [...hearingOutcomes] },
            position: nullable("integer", { minimum: 1 }),
          },
        },
      },
      report: {
        oneOf: [
          { type: "null" },
          {
            type: "object",
            required: ["publishedAt", "record", "points"],
            additionalProperties: false,
            properties: {
              publishedAt: time,
              record: { type: "string" },
              points: {
                type: "array",
                items: {
                  type: "object",
                  required: [
                    "speaker",
                    "respondentType",
                    "registrationNumber",
                    "provisionPid",
                    "point",
                    "response",
                    "opinionId",
                  ],
                  additionalProperties: false,
                  properties: {
                    speaker: { type: "string" },
                    respondentType: ref("RespondentType"),
                    registrationNumber: nullable("integer"),
                    provisionPid: nullable("string"),
                    point: { type: "string" },
                    response: { type: "string" },
                    opinionId: nullable("string"),
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
  Survey: {
    type: "object",
    description:
      "A published survey (调研 or 评估 questionnaire). Public terms only: never a respondent or an answer.",
    required: [
      "id",
      "title",
      "description",
      "purpose",
      "billId",
      "projectId",
      "versionId",
      "organizationName",
      "audience",
      "onePerPerson",
      "opensAt",
      "closesAt",
      "publishedAt",
      "resultsPublishedAt",
      "status",
      "questions",
    ],
    additionalProperties: false,
    properties: {
      id: { type: "string" },
      title: { type: "string" },
      description: { type: "string" },
      purpose: {
        enum: [...surveyPurposes],
        description:
          "立法前评估 (pre_legislative), a reading's 调研 (reading), 立法后评估 (post_legislative).",
      },
      billId: nullable("string", { description: "The bill it is about, if any." }),
      projectId: nullable("string", { description: "The plan project it is about, if any." }),
      versionId: nullable("string", {
        description: "The text its article questions quote (a reading or the adopted text).",
      }),
      organizationName: { type: "string" },
      audience: {
        enum: [...surveyAudiences],
        description: "anyone (anonymous answers allowed) or signed_in.",
      },
      onePerPerson: { type: "boolean", description: "One response per account." },
      opensAt: time,
      closesAt: time,
      publishedAt: time,
      resultsPublishedAt: nullable("string", {
        format: "date-time",
        description: "When the results page was published; null before.",
      }),
      status: { enum: ["upcoming", "open", "closed"] },
      questions: { type: "integer", minimum: 0, description: "How many questions it asks." },
    },
  },
  Proposal: {
    type: "object",
    description:
      "A published project proposal (立法项目建议) for an annual legislative plan. Never carries the proposer's name or contact. `decision` appears only once the plan of its year is published.",
    required: [
      "id",
      "callId",
      "year",
      "title",
      "reasons",
      "problem",
      "relatedRules",
      "respondentType",
      "contactPointId",
      "createdAt",
      "supports",
    ],
    additionalProperties: false,
    properties: {
      id: { type: "string" },
      callId: { type: "string", description: "The call (征集) it answered." },
      year: { type: "integer", description: "The plan year of the call." },
      title: { type: "string", description: "The proposed subject." },
      reasons: { type: "string" },
      problem: { type: "string" },
      relatedRules: { type: "string", description: "Existing rules it touches." },
      respondentType: ref("RespondentType"),
      contactPointId: nullable("string", {
        description: "The contact point that submitted it for its area, if any.",
      }),
      createdAt: time,
      supports: { type: "integer", minimum: 0, description: "附议 count." },
      decision: {
        type: "object",
        required: ["code", "reason", "projectId", "billId"],
        additionalProperties: false,
        properties: {
          code: { type: "string", enum: [...proposalDecisions] },
          reason: { type: "string" },
          projectId: nullable("string"),
          billId: nullable("string", {
            description: "The bill drafting its project, once linked.",
          }),
        },
      },
    },
  },
  LegislativePlan: {
    type: "object",
    description: "A published annual legislative plan (年度立法计划) with its projects.",
    required: ["id", "organizationId", "year", "title", "note", "publishedAt", "projects"],
    additionalProperties: false,
    properties: {
      id: { type: "string" },
      organizationId: { type: "string" },
      year: { type: "integer" },
      title: { type: "string" },
      note: { type: "string" },
      publishedAt: time,
      projects: {
        type: "array",
        items: {
          type: "object",
          required: ["id", "title", "category", "sponsor", "billId", "proposalIds"],
          additionalProperties: false,
          properties: {
            id: { type: "string" },
            title: { type: "string" },
            category: { type: "string", enum: [...planCategories] },
            sponsor: { type: "string" },
            billId: nullable("string", { description: "The bill that drafts it, once linked." }),
            proposalIds: {
              type: "array",
              items: { type: "string" },
              description: "The published proposals it came from.",
            },
          },
        },
      },
    },
  },
  Error: {
    type: "object",
    description:
      "Every error. `message` is in the request's language (Accept-Language, zh-CN by default); `fields` names the fields that were wrong, each with its message.",
    required: ["error"],
    additionalProperties: false,
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        additionalProperties: false,
        properties: {
          code: { type: "string", examples: ["not_found"] },
          message: { type: "string" },
          fields: { type: "object", additionalProperties: { type: "string" } },
        },
      },
    },
  },
  ConsultationStatus: {
    type: "string",
    enum: ["upcoming", "open", "closed"],
    description: "Derived from the stored times (Asia/Shanghai by default).",
  },
  VersionLabel: {
    type: "string",
    enum: [...versionLabels],
    description:
      "current_law 现行文本 · solicitation 征求意见稿 · first_reading 一审稿 · second_reading 二审稿 · third_reading 三审稿 · voting 表决稿 · promulgated 公布稿",
  },
  Channel: {
    type: "string",
    enum: [...channels],
    description:
      "online 网上征求意见 · symposium 座谈会 · visit 走访调研 · questionnaire 问卷 · letter 来信来函 · hearing 听证会 · expert_meeting 论证会/咨询 · department 定向征求部门意见 · other 其他",
  },
  RespondentType: {
    type: "string",
    enum: [...respondentTypes],
    description:
      "individual 个人 · enterprise 企业 · organization 社会组织 · deputy 人大代表 · cppcc_member 政协委员 · expert 专家学者 · department 国家机关/部门 · other 其他",
  },
  DispositionCode: {
    type: "string",
    enum: [...dispositionCodes],
    description:
      "adopted 采纳 · partly_adopted 部分采纳 · not_adopted 未采纳 · already_covered 已有规定 · out_of_scope 不属于本法规调整范围 · for_reference 研究参考",
  },
  ProvisionKind: { type: "string", enum: [...provisionKinds] },
  Disposition: {
    type: "object",
    required: ["code", "reason"],
    properties: { code: ref("DispositionCode"), reason: nullable("string") },
  },
  Consultation: {
    type: "object",
    required: consultationRequired,
    properties: consultationProperties,
  },
  ConsultationWithProvisions: {
    type: "object",
    required: [...consultationRequired, "provisions"],
    properties: {
      ...consultationProperties,
      provisions: { type: "array", items: ref("Provision") },
    },
  },
  Provision: {
    type: "object",
    required: ["pid", "kind", "number", "label", "text", "parentPid"],
    properties: {
      pid: { type: "string", description: "Stable across readings." },
      kind: ref("ProvisionKind"),
      number: { type: "integer" },
      label: { type: "string", examples: ["第二十五条"] },
      text: { type: "string" },
      parentPid: nullable("string"),
    },
  },
  OpinionInput: {
    type: "object",
    description:
      "Without `provisionPid` and with scope `draft`, the opinion is on the whole draft. `region` is free text (a district or town).",
    required: ["body"],
    additionalProperties: false,
    properties: {
      provisionPid: { type: "string", maxLength: 64 },
      scope: { type: "string", enum: ["article", "chapter", "draft"] },
      body: { type: "string", minLength: 1, maxLength: 5000 },
      proposedText: { type: "string", maxLength: 5000, description: "建议修改为" },
      quote: {
        type: "object",
        required: ["text", "start", "end"],
        properties: {
          text: { type: "string", maxLength: 2000 },
          start: { type: "integer", minimum: 0 },
          end: { type: "integer", minimum: 1 },
        },
      },
      author: {
        type: "object",
        properties: {
          name: { type: "string", maxLength: 50 },
          region: { type: "string", maxLength: 50 },
          respondentType: ref("RespondentType"),
        },
      },
    },
  },
  OpinionCreated: {
    type: "object",
    required: ["id", "receipt", "lookupCode"],
    properties: {
      id: { type: "string" },
      receipt: { type: "string", description: "Receipt number (回执号)." },
      lookupCode: {
        type: "string",
        description: "With the receipt, looks the opinion up; given only once.",
      },
    },
  },
  PublishedOpinion: {
    type: "object",
    required: [
      "id",
      "provisionPid",
      "body",
      "proposedText",
      "channel",
      "contactPointId",
      "author",
      "createdAt",
      "supports",
    ],
    properties: {
      id: { type: "string" },
      provisionPid: nullable("string"),
      body: { type: "string" },
      proposedText: nullable("string"),
      channel: ref("Channel"),
      contactPointId: nullable("string"),
      author: {
        type: "object",
        required: ["name", "region", "respondentType"],
        properties: {
          name: { type: "string", description: "Masked, e.g. 张**." },
          region: nullable("string"),
          respondentType: ref("RespondentType"),
        },
      },
      createdAt: time,
      supports: { type: "integer", minimum: 0 },
      disposition: ref("Disposition"),
    },
  },
  OpinionPage: {
    type: "object",
    required: ["opinions", "next"],
    properties: {
      opinions: { type: "array", items: ref("PublishedOpinion") },
      next: nullable("string", { description: "Cursor of the next page; null on the last." }),
    },
  },
  LookedUpOpinion: {
    type: "object",
    required: [
      "id",
      "receipt",
      "consultationId",
      "provisionPid",
      "body",
      "proposedText",
      "status",
      "createdAt",
    ],
    properties: {
      id: { type: "string" },
      receipt: { type: "string" },
      consultationId: { type: "string" },
      provisionPid: nullable("string"),
      body: { type: "string" },
      proposedText: nullable("string"),
      status: { type: "string", enum: [...opinionStatuses] },
      createdAt: time,
      disposition: ref("Disposition"),
    },
  },
  CompareRow: {
    type: "object",
    required: ["kind", "old", "new", "oldPids", "newPids", "renumbered", "textChanged", "ops"],
    properties: {
      kind: {
        type: "string",
        enum: ["unchanged", "modified", "added", "deleted", "moved", "split", "merged"],
      },
      old: { type: "array", items: { type: "integer" }, description: "Article numbers." },
      new: { type: "array", items: { type: "integer" } },
      oldPids: { type: "array", items: { type: "string" } },
      newPids: { type: "array", items: { type: "string" } },
      renumbered: { type: "boolean" },
      textChanged: { type: "boolean" },
      ops: {
        type: "array",
        items: {
          type: "object",
          required: ["op", "text"],
          properties: {
            op: { type: "string", enum: ["equal", "insert", "delete"] },
            text: { type: "string" },
          },
        },
      },
    },
  },
  Comparison: {
    type: "object",
    required: ["rows", "summary"],
    properties: {
      rows: { type: "array", items: ref("CompareRow") },
      summary: {
        type: "object",
        required: ["unchanged", "modified", "added", "deleted", "moved", "split", "merged"],
        properties: Object.fromEntries(
          ["unchanged", "modified", "added", "deleted", "moved", "split", "merged"].map((k) => [
            k,
            { type: "integer", minimum: 0 },
          ]),
        ),
      },
    },
  },
  ContactPoint: {
    type: "object",
    required: ["id", "name", "district", "address"],
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      district: { type: "string" },
      address: { type: "string" },
    },
  },
  Stats: {
    type: "object",
    description:
      "`total` counts published opinions of every channel (a contact point's opinions count once its report is submitted); a new online opinion counts at once.",
    required: [
      "total",
      "byChannel",
      "byProvision",
      "byContactPoint",
      "byRespondentType",
      "byDisposition",
    ],
    properties: {
      total: { type: "integer", minimum: 0 },
      byChannel: counts(channels, "channel"),
      byProvision: {
        type: "array",
        items: {
          type: "object",
          required: ["pid", "number", "count"],
          properties: {
            pid: { type: "string" },
            number: { type: "integer" },
            count: { type: "integer", minimum: 0 },
          },
        },
      },
      byContactPoint: {
        type: "array",
        items: {
          type: "object",
          required: ["id", "name", "opinions", "headcount"],
          properties: {
            id: { type: "string" },
            name: { type: "string" },
            opinions: { type: "integer", minimum: 0 },
            headcount: { type: "integer", minimum: 0 },
          },
        },
      },
      byRespondentType: counts(respondentTypes, "respondent type"),
      byDisposition: counts(dispositionCodes, "disposition"),
    },
  },
  SearchHit: {
    type: "object",
    required: ["kind", "id", "billId", "text", "snippet"],
    properties: {
      kind: { type: "string", enum: ["bill", "provision", "opinion"] },
      id: { type: "string" },
      billId: { type: "string" },
      versionId: { type: "string" },
      pid: { type: "string" },
      number: { type: "integer" },
      text: { type: "string" },
      snippet: { type: "string", description: "The matching passage, marked up as text." },
    },
  },
  SearchResult: {
    type: "object",
    required: ["hits", "total", "totalIsEstimate", "facets"],
    properties: {
      hits: { type: "array", items: ref("SearchHit") },
      total: { type: "integer", minimum: 0 },
      totalIsEstimate: { type: "boolean" },
      facets: { type: "object", description: "Counts per facet value (kind, bill, version…)." },
      next: nullable("string"),
    },
  },
};

const acceptLanguage: Schema = {
  name: "Accept-Language",
  in: "header",
  required: false,
  description: "Language of error messages: zh-CN (default) or en.",
  schema: { type: "string", examples: ["zh-CN", "en"] },
};
const limit: Schema = {
  name: "limit",
  in: "query",
  required: false,
  description: "Page size, at most 100.",
  schema: { type: "integer", minimum: 1, maximum: 100 },
};
const next: Schema = {
  name: "next",
  in: "query",
  required: false,
  description: "The `next` cursor of the previous page.",
  schema: { type: "string" },
};
const notFound = errorResponse("Unknown consultation.");

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "开门立法 Kaimen public API",
    version: "1.0.0",
    summary: "Consultations on draft regulations, opinions clause by clause, and their handling.",
    description:
      "JSON in UTF-8. Ids are strings; times are ISO 8601 with offset; lists page with `?limit=` (at most 100) and a `next` cursor. Every error has the shape `Error` with its status, its message in the request's language (Accept-Language, zh-CN by default). Anonymous calls carry no cookie and need no CSRF token; a write made with a session cookie must carry the page's CSRF token in the `X-CSRF-Token` header. The contract is ../shared/CONTRACTS.md.",
    license: { name: "MIT", identifier: "MIT" },
  },
  jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
  servers: [{ url: "/api/v1" }],
  tags: [
    { name: "consultations" },
    { name: "opinions" },
    { name: "bills" },
    { name: "contact points" },
    { name: "search" },
    { name: "legislative plans" },
    { name: "hearings" },
    { name: "surveys" },
  ],
  paths: {
    "/consultations": {
      get: {
        tags: ["consultations"],
        operationId: "listConsultations",
        summary: "Every consultation with its derived status.",
        parameters: [acceptLanguage],
        responses: {
          "200": json("The consultations.", {
            type: "object",
            required: ["consultations"],
            properties: { consultations: { type: "array", items: ref("Consultation") } },
          }),
        },
      },
    },
    "/consultations/{id}": {
      get: {
        tags: ["consultations"],
        operationId: "getConsultation",
        summary: "One consultation with the provisions of its version.",
        parameters: [idParam("id", "Consultation id."), acceptLanguage],
        responses: {
          "200": json("The consultation and its provisions.", ref("ConsultationWithProvisions")),
          "404": notFound,
        },
      },
    },
    "/consultations/{id}/opinions": {
      get: {
        tags: ["opinions"],
        operationId: "listOpinions",
        summary: "Published opinions (names masked), newest first; only published ones.",
        parameters: [
          idParam("id", "Consultation id."),
          {
            name: "provision",
            in: "query",
            required: false,
            description: "Only the opinions on this provision (its pid).",
            schema: { type: "string" },
          },
          limit,
          next,
          acceptLanguage,
        ],
        responses: {
          "200": json("A page of published opinions.", ref("OpinionPage")),
          "400": errorResponse("A malformed `next` cursor."),
          "404": notFound,
        },
      },
      post: {
        tags: ["opinions"],
        operationId: "submitOpinion",
        summary: "Submit an opinion.",
        description:
          "Every submission carries an `Idempotency-Key`. Keys are scoped to the consultation and kept at least 24 hours: a repeat with the same key and body gets the first answer again (same status and body) before any other check; the same key with another body gets 422. Concurrent repeats store one opinion. Replays do not count against the rate limit.",
        parameters: [
          idParam("id", "Consultation id."),
          {
            name: "Idempotency-Key",
            in: "header",
            required: true,
            description:
              "A key of the client's choosing (at most 200 characters), one per opinion.",
            schema: { type: "string", minLength: 1, maxLength: 200 },
          },
          {
            name: "X-CSRF-Token",
            in: "header",
            required: false,
            description: "Required only when the request carries the session cookie.",
            schema: { type: "string" },
          },
          acceptLanguage,
        ],
        requestBody: {
          required: true,
          content: { "application/json": { schema: ref("OpinionInput") } },
        },
        responses: {
          "201": json(
            "Created (or the replay of the first answer under this key).",
            ref("OpinionCreated"),
          ),
          "400": errorResponse(
            "No `Idempotency-Key` header; a body that is not JSON; a blank `body` or one over 5,000 characters (with `fields`).",
          ),
          "403": errorResponse(
            "An anonymous opinion where the consultation requires an account; or a cookie request without its CSRF token.",
          ),
          "404": errorResponse("Unknown consultation or provision."),
          "409": errorResponse(
            "The consultation is upcoming or closed (code consultation_upcoming or consultation_closed), or takes no opinions online (code online_not_accepted).",
          ),
          "422": errorResponse("The key was already used with a different body."),
          "429": errorResponse("Too many requests.", {
            "Retry-After": {
              description: "Seconds to wait before trying again.",
              required: true,
              schema: { type: "integer", minimum: 1 },
            },
          }),
        },
      },
    },
    "/opinions/lookup": {
      get: {
        tags: ["opinions"],
        operationId: "lookUpOpinion",
        summary: "One opinion with its status and disposition, by receipt and lookup code.",
        description: "For people without an account.",
        parameters: [
          {
            name: "receipt",
            in: "query",
            required: true,
            schema: { type: "string" },
          },
          { name: "code", in: "query", required: true, schema: { type: "string" } },
          acceptLanguage,
        ],
        responses: {
          "200": json("The opinion.", ref("LookedUpOpinion")),
          "400": errorResponse("A missing receipt or code (with `fields`)."),
          "404": errorResponse("No opinion with this receipt and code."),
          "429": errorResponse(
            "Too many lookups from this address (shared with the lookup form).",
            {
              "Retry-After": {
                description: "Seconds to wait before trying again.",
                required: true,
                schema: { type: "integer", minimum: 1 },
              },
            },
          ),
        },
      },
    },
    "/bills/{billId}/compare": {
      get: {
        tags: ["bills"],
        operationId: "compareVersions",
        summary: "The comparison rows of two versions of a bill (修改对照表).",
        description:
          "One row per article in the new version's order; the same rows as `kaimen compare OLD NEW --json`.",
        parameters: [
          idParam("billId", "Bill id."),
          { name: "from", in: "query", required: true, schema: { type: "string" } },
          { name: "to", in: "query", required: true, schema: { type: "string" } },
          acceptLanguage,
        ],
        responses: {
          "200": json("The comparison.", ref("Comparison")),
          "400": errorResponse("A missing version, or the same version twice."),
          "404": errorResponse("Unknown bill, or a version not of this bill."),
        },
      },
    },
    "/contact-points": {
      get: {
        tags: ["contact points"],
        operationId: "listContactPoints",
        summary: "The grassroots legislative contact points (基层立法联系点).",
        parameters: [acceptLanguage],
        responses: {
          "200": json("The contact points.", {
            type: "object",
            required: ["contactPoints"],
            properties: { contactPoints: { type: "array", items: ref("ContactPoint") } },
          }),
        },
      },
    },
    "/consultations/{id}/stats": {
      get: {
        tags: ["consultations"],
        operationId: "getConsultationStats",
        summary: "Counts of a consultation's published opinions.",
        parameters: [idParam("id", "Consultation id."), acceptLanguage],
        responses: { "200": json("The counts.", ref("Stats")), "404": notFound },
      },
    },
    "/search": {
      get: {
        tags: ["search"],
        operationId: "search",
        summary: "Full-text search over bills, provisions and published opinions.",
        parameters: [
          {
            name: "q",
            in: "query",
            required: true,
            description: "The query; empty → 400.",
            schema: { type: "string", minLength: 1 },
          },
          {
            name: "kind",
            in: "query",
            required: false,
            schema: { type: "string", enum: ["bill", "provision", "opinion"] },
          },
          { name: "bill", in: "query", required: false, schema: { type: "string" } },
          { name: "version", in: "query", required: false, schema: { type: "string" } },
          limit,
          next,
          acceptLanguage,
        ],
        responses: {
          "200": json("The hits with their facets.", ref("SearchResult")),
          "400": errorResponse("An empty `q`."),
          "503": errorResponse(
            "The search engine is unreachable or failing (code search_unavailable); the rest of the API is not affected.",
            {
              "Retry-After": {
                description: "Seconds to wait before trying again.",
                required: true,
                schema: { type: "integer", minimum: 1 },
              },
            },
          ),
        },
      },
    },
    "/proposals": {
      get: {
        tags: ["legislative plans"],
        operationId: "listProposals",
        summary: "Published project proposals for the annual plans, newest first.",
        parameters: [
          {
            name: "call",
            in: "query",
            required: false,
            description: "Only the proposals of this call.",
            schema: { type: "string" },
          },
          limit,
          next,
          acceptLanguage,
        ],
        responses: {
          "200": json("A page of proposals.", {
            type: "object",
            required: ["items", "next"],
            properties: {
              items: { type: "array", items: ref("Proposal") },
              next: nullable("string", { description: "The cursor of the next page." }),
            },
          }),
          "400": errorResponse("A malformed cursor or call id."),
        },
      },
    },
    "/surveys": {
      get: {
        tags: ["surveys"],
        operationId: "listSurveys",
        summary: "Published surveys (调研 and 评估 questionnaires), latest deadline first.",
        parameters: [
          {
            name: "status",
            in: "query",
            required: false,
            description: "Only the surveys upcoming, open or closed now.",
            schema: { enum: ["upcoming", "open", "closed"] },
          },
          {
            name: "bill",
            in: "query",
            required: false,
            description: "Only the surveys of this bill.",
            schema: { type: "string" },
          },
          limit,
          next,
          acceptLanguage,
        ],
        responses: {
          "200": json("A page of surveys.", {
            type: "object",
            required: ["items", "next"],
            properties: {
              items: { type: "array", items: ref("Survey") },
              next: nullable("string", { description: "The cursor of the next page." }),
            },
          }),
          "400": errorResponse("A malformed cursor, status or bill id."),
        },
      },
    },
    "/legislative-plans": {
      get: {
        tags: ["legislative plans"],
        operationId: "listLegislativePlans",
        summary: "Published annual legislative plans, newest year first.",
        parameters: [limit, next, acceptLanguage],
        responses: {
          "200": json("A page of plans.", {
            type: "object",
            required: ["items", "next"],
            properties: {
              items: { type: "array", items: ref("LegislativePlan") },
              next: nullable("string", { description: "The cursor of the next page." }),
            },
          }),
          "400": errorResponse("A malformed cursor."),
        },
      },
    },
    "/hearings": {
      get: {
        tags: ["hearings"],
        operationId: "listHearings",
        summary: "Announced hearings, newest announcement first.",
        parameters: [limit, next, acceptLanguage],
        responses: {
          "200": json("A page of hearings.", {
            type: "object",
            required: ["items", "next"],
            properties: {
              items: { type: "array", items: ref("Hearing") },
              next: nullable("string", { description: "The cursor of the next page." }),
            },
          }),
          "400": errorResponse("A malformed cursor."),
        },
      },
    },
  },
  components: { schemas },
} as const;
