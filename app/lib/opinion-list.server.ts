import { noteOf } from "../../db/queries/explanatory-notes.ts";
import { z } from "zod";
import { data } from "react-router";
import { getConsultation } from "../../db/queries/consultations.ts";
import { findConsultationProvision } from "../../db/queries/opinions.ts";
import {
  countPublicOpinions,
  listPublicOpinions,
  versionSeq,
  type OpinionListTarget,
} from "../../db/queries/participation.ts";
import { hitRateLimit } from "../../db/queries/rate-limits.ts";
import { opinionChanges } from "../../services/opinion-changes.ts";
import { setSupport, type SupportOutcome } from "../../services/supports.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireUser } from "../auth/permissions.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import type { AppContext } from "../context.ts";
import { requestTranslator } from "../i18n/index.ts";
import { maskName, readQuery } from "./forms.ts";
import { opinionOrders } from "./opinion-order.ts";

// The public list of opinions on one provision, or on the whole draft, and its 附议 action;
// shared by /consultations/:id/provisions/:pid and /consultations/:id/opinions.

export const OPINIONS_PER_PAGE = 20;

// Lenient: a page that is not a number is the first page; an unknown order is the newest first.
const PageQuery = z.object({
  page: z
    .string()
    .optional()
    .transform((v) => Math.max(1, Math.floor(Number(v) || 1))),
  sort: z.enum(opinionOrders).catch("newest"),
});

/** Supports per address and per account in a window: 60 in 10 minutes. */
export const SUPPORT_LIMIT = { hits: 60, windowSeconds: 600 } as const;

async function consultationOr404(request: Request, ctx: AppContext, id: string) {
  const consultation = await getConsultation(ctx.db, id);
  if (!consultation) {
    const t = requestTranslator(request);
    throw data({ message: t("consultation.notFound") }, { status: 404 });
  }
  return consultation;
}

/** The loader of an opinion list: the consultation, the provision, one page of opinions. */
export async function loadOpinionList(
  request: Request,
  ctx: AppContext,
  consultationId: string,
  pid: string | null,
) {
  const consultation = await consultationOr404(request, ctx, consultationId);
  const [provision, user, seq, note] = await Promise.all([
    pid ? findConsultationProvision(ctx.db, consultation.id, pid) : null,
    getCurrentUser(request, ctx),
    versionSeq(ctx.db, consultation.versionId),
    // texts: the provision's 起草说明 in this reading, shown under its text (issue 18 item 4).
    pid ? noteOf(ctx.db, consultation.versionId, pid) : null,
  ]);
  if (pid && !provision) {
    const t = requestTranslator(request);
    throw data({ message: t("participation.notFound") }, { status: 404 });
  }
  const target: OpinionListTarget = {
    consultationId: consultation.id,
    billId: consultation.billId,
    versionSeq: seq,
    pid,
  };
  const { page: pageNumber, sort } = readQuery(PageQuery, request);
  const [counts, rows] = await Promise.all([
    countPublicOpinions(ctx.db, target),
    listPublicOpinions(ctx.db, target, {
      limit: OPINIONS_PER_PAGE,
      offset: (pageNumber - 1) * OPINIONS_PER_PAGE,
      userId: user?.id ?? null,
      order: sort,
    }),
  ]);
  // What each adopted opinion of the page changed in the later reading (issue 18, item 2).
  const changes = await opinionChanges(
    ctx.db,
    rows.filter((o) => o.status === "published").map((o) => o.id),
  );
  return {
    consultation: {
      id: consultation.id,
      billTitle: consultation.billTitle,
      versionLabel: consultation.versionLabel,
      status: consultation.status,
    },
    provision: provision
      ? {
          pid: provision.pid,
          kind: provision.kind,
          label: provision.label,
          text: provision.text,
          note,
        }
      : null,
    signedIn: user !== null,
    counts,
    sort,
    page: pageNumber,
    pages: Math.max(1, Math.ceil(counts.total / OPINIONS_PER_PAGE)),
    opinions: rows.map((o) => ({
      id: o.id,
      hidden: o.status === "hidden",
      hiddenReason: o.hiddenReason,
      earlier: o.consultationId !== consultation.id,
      versionLabel: o.versionLabel,
      scope: o.scope,
      channel: o.channel,
      // Names are masked before they leave the server (张三 → 张**), as in the API.
      author: o.status === "published" && o.authorName ? maskName(o.authorName) : null,
      region: o.region,
      respondentType: o.respondentType,
      createdAt: new Date(o.createdAt).toISOString(),
      body: o.body,
      proposedText: o.proposedText,
      quoteText: o.quoteText,
      dispositionCode: o.dispositionCode,
      dispositionReason: o.dispositionReason,
      change: changes.get(o.id) ?? null,
      supports: Number(o.supports ?? 0),
      supported: Boolean(o.supported),
      mine: Boolean(o.mine),
    })),
  };
}

export type OpinionListData = Awaited<ReturnType<typeof loadOpinionList>>;
export type PublicOpinion = OpinionListData["opinions"][number];

/** What the 附议 action answers. */
export interface SupportAnswer {
  opinionId: string;
  outcome: SupportOutcome | "rateLimited";
  supports: number | null;
  retryAfter?: number;
}

const STATUS: Record<SupportOutcome, number> = {
  added: 200,
  withdrawn: 200,
  already: 200,
  notSupported: 200,
  notFound: 404,
  closed: 409,
  own: 403,
};

/**
 * The 附议 action: signed-in users only (others are sent to sign in), CSRF-checked, rate
 * limited per address and per account, once per person.
 */
export async function supportAction(request: Request, ctx: AppContext) {
  const form = await requireCsrf(request, ctx);
  const user = await requireUser(request, ctx);
  const opinionId = String(form.get("opinionId") ?? "");
  const intent = form.get("intent");
  if (!/^[0-9a-f-]{36}$/i.test(opinionId) || (intent !== "support" && intent !== "unsupport")) {
    const t = requestTranslator(request);
    throw data({ message: t("error.invalidInput") }, { status: 400 });
  }
  if (ctx.rateLimit) {
    for (const key of [`support:ip:${ctx.clientIp}`, `support:user:${user.id}`]) {
      const hit = await hitRateLimit(ctx.db, key, SUPPORT_LIMIT.hits, SUPPORT_LIMIT.windowSeconds);
      // Answered, not thrown: the page (or the fetcher) says so beside the button.
      if (!hit.allowed)
        return data<SupportAnswer>(
          { opinionId, outcome: "rateLimited", supports: null, retryAfter: hit.retryAfter },
          { status: 429, headers: { "Retry-After": String(hit.retryAfter) } },
        );
    }
  }
  // Any published opinion of an open consultation can be supported from any list; earlier
  // readings' opinions belong to closed consultations, which setSupport answers so.
  const result = await setSupport(ctx.db, {
    opinionId,
    userId: user.id,
    on: intent === "support",
    ip: ctx.clientIp,
  });
  return data<SupportAnswer>(
    { opinionId, outcome: result.outcome, supports: result.supports },
    { status: STATUS[result.outcome] },
  );
}
