import { data, Form, Link, useSearchParams } from "react-router";
import { z } from "zod";
import {
  channels,
  dispositionCodes,
  opinionStatuses,
  respondentTypes,
  workStates,
} from "../../db/codes.ts";
import {
  countHandlingScope,
  countOpinionsByProvision,
  countSameWording,
  findHandlingOpinion,
  getConsultationHandling,
  type HandlingScope,
  listContactPointsInConsultation,
  listHandlingPage,
  listLaterProvisions,
  listProvisionOutline,
} from "../../db/queries/handling.ts";
import { listReasonTemplates, workStamp } from "../../db/queries/disposition-work.ts";
import {
  previewDispositions,
  saveDispositions,
  submitDispositions,
} from "../../services/disposition-workflow.ts";
import { DispositionInput, publishHandling, PublishInput, today } from "../../services/handling.ts";
import { isServiceError } from "../../services/errors.ts";
import { memoized } from "../../services/consultation-stats.ts";
import {
  decodeCursor,
  encodeCursor,
  groupForHandling,
  handlingOutline,
  provisionSubtree,
  sumOfProvisions,
} from "../../services/handling-view.ts";
import { requireConsultationRole } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import {
  BULK_FORM,
  BulkPanel,
  BulkPreview,
  type BulkPreviewData,
} from "../components/bulk-handling.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { HandlingOutline, HandlingRowCard, type MemberWork } from "../components/handling-row.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { readQuery } from "../lib/forms.ts";
import { noticeText } from "../lib/notice-text.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/handling.css";
import "../styles/workflow-handling.css";
import type { Route } from "./+types/handling";

// The drafters' handling view: one page of a scope's opinions at a time (keyset paging in the
// order they arrived), the scope's total, the navigation by chapter and article with counts, a
// search over every opinion of the consultation, and one disposition form, for the row opened.
// Everything it reads is a query planned for 120,000 opinions (db/queries/handling.ts).
// Since issue 15 what is saved here is a working copy (disposition_work): a draft, or submitted
// for review; a row shows its state, its handler and a reviewer's comment on a returned one, and
// only a reviewer's publication makes it public. Rows ticked in the list get one disposition in
// bulk, after a preview of what changes (app/components/bulk-handling.tsx).

const PAGE_SIZE = 50;
// Above this many matches, a page of a search is found by walking the list's order.
const COMMON_WORDS = 2000;

const optionalId = z.string().max(100).optional().catch(undefined);

// The scope and the page; a value that is not one of the choices is no filter, as in the form.
const HandlingQuery = z.object({
  // A provision (its subtree: an article with its paragraphs, a chapter with its articles), or
  // "draft" for the opinions on the whole draft.
  provision: optionalId,
  // An opinion whose wording's copies across the consultation make the scope.
  like: z.uuid().optional().catch(undefined),
  channel: z.enum(channels).optional().catch(undefined),
  point: z.uuid().optional().catch(undefined),
  respondent: z.enum(respondentTypes).optional().catch(undefined),
  status: z.enum(opinionStatuses).optional().catch(undefined),
  handled: z
    .enum(["yes", "no", ...dispositionCodes])
    .optional()
    .catch(undefined),
  // A search within the consultation's opinions; longer than a search box takes is cut short.
  q: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => (v ?? "").trim().slice(0, 200)),
  after: optionalId,
  before: optionalId,
  // The opinion whose row shows the disposition form.
  open: optionalId,
  // Where the working copies stand (issue 15), and "assigned to me".
  state: z
    .enum(["none", ...workStates])
    .optional()
    .catch(undefined),
  mine: z.literal("1").optional().catch(undefined),
});

async function load(
  request: Request,
  context: Route.LoaderArgs["context"],
  id: string,
  capability: "view" | "dispose" | "review",
) {
  // `can`: what the user may do on the bill; the page offers only that (services/bill-team.ts).
  const { consultation, user, can } = await requireConsultationRole(
    request,
    context,
    id,
    capability,
  );
  const facts = await getConsultationHandling(context.db, consultation.id);
  return { consultation, user, facts, can };
}

/** The links of the page: the same URL with some parameters changed (null: removed). */
function linker(url: URL) {
  return (change: Record<string, string | null>, keepPage = false) => {
    const params = new URLSearchParams(url.search);
    if (!keepPage) for (const k of ["after", "before", "open"]) params.delete(k);
    for (const [k, v] of Object.entries(change))
      if (v === null) params.delete(k);
      else params.set(k, v);
    const search = params.toString();
    return search ? `?${search}` : url.pathname;
  };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { consultation, facts, user, can } = await load(request, context, params.id, "view");
  const query = readQuery(HandlingQuery, request);
  const db = context.db;
  // The reading's outline never changes; the counts per provision (a grouped pass over every
  // opinion, the dearest query of the page at 120,000 opinions) are kept while no opinion or
  // disposition changes (services/consultation-stats.ts memoized: the search outbox's stamp).
  const outline = await memoized(db, `outline:${consultation.versionId}`, () =>
    listProvisionOutline(db, consultation.versionId),
  );
  const provision =
    query.provision && outline.some((p) => p.pid === query.provision) ? query.provision : null;
  // Words are searched for one by one (all must occur), at most five of them.
  const words = query.q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  const scope: HandlingScope = {
    ...(provision ? { provisionPids: provisionSubtree(outline, provision) } : {}),
    ...(query.provision === "draft" ? { wholeDraft: true } : {}),
    ...(query.like ? { sameWordingAs: query.like } : {}),
    channel: query.channel,
    contactPointId: query.point,
    respondentType: query.respondent,
    status: query.status,
    handled: query.handled,
    ...(query.state ? { workState: query.state } : {}),
    ...(query.mine ? { assignee: user.id } : {}),
    words,
  };
  // A scope of provisions alone is counted by the per-provision counts the navigation reads.
  const provisionsOnly =
    !query.like &&
    !query.channel &&
    !query.point &&
    !query.respondent &&
    !query.status &&
    !query.handled &&
    !query.state &&
    !query.mine &&
    words.length === 0;
  const after = decodeCursor(query.after);
  const before = after ? undefined : decodeCursor(query.before);
  // A search is counted first: how many opinions hold the words decides how to find a page.
  const searched = words.length > 0 ? await countHandlingScope(db, consultation.id, scope) : null;
  const common = (searched?.count ?? 0) > COMMON_WORDS;
  const [page, counted, counts, points, later, likeOpinion, templates] = await Promise.all([
    listHandlingPage(db, consultation.id, scope, { size: PAGE_SIZE, after, before, common }),
    provisionsOnly || searched
      ? Promise.resolve(searched)
      : countHandlingScope(db, consultation.id, scope),
    // Saving a working copy does not move the search outbox: its own stamp is in the key.
    workStamp(db, consultation.id).then((stamp) =>
      memoized(db, `handling-counts:${consultation.id}:${stamp}`, () =>
        countOpinionsByProvision(db, consultation.id),
      ),
    ),
    listContactPointsInConsultation(db, consultation.id),
    query.open ? listLaterProvisions(db, facts.billId, facts.seq) : Promise.resolve([]),
    query.like ? findHandlingOpinion(db, consultation.id, query.like) : Promise.resolve(undefined),
    listReasonTemplates(db, facts.billId),
  ]);
  const dueToday = today(context.timeZone);
  const sameWording = await countSameWording(
    db,
    consultation.id,
    page.rows.map((r) => r.wording),
  );
  const total = counted ?? sumOfProvisions(counts, scope);
  const { groups, clusters } = groupForHandling(page.rows, outline);
  const url = new URL(request.url);
  const link = linker(url);
  const first = page.rows[0];
  const last = page.rows.at(-1);
  const paged = !!(after || before);
  const hasNext = before ? true : page.more;
  const hasPrevious = before ? page.more : !!after;
  const nav = handlingOutline(outline, counts, provision);
  const t = requestTranslator(request);
  return {
    title: `${t("handling.title")} · ${consultation.title} · ${t("app.name")}`,
    consultation: {
      id: consultation.id,
      title: consultation.title,
      billId: consultation.billId,
      billTitle: consultation.billTitle,
      versionId: consultation.versionId,
      status: consultation.status,
      closesAt: consultation.closes_at,
      reportPublishedAt: facts.report_published_at,
      reportNote: facts.report_note,
      // A reviewer's links to assignment and review (assignments.tsx, review.tsx).
      reviewer: can.has("review"),
    },
    groups,
    clusters,
    shown: page.rows.length,
    total: total.count,
    people: total.people,
    scope: {
      provision: provision
        ? (outline.find((p) => p.pid === provision)?.label ?? null)
        : query.provision === "draft"
          ? "draft"
          : null,
      like: likeOpinion ? likeOpinion.body.slice(0, 60) : null,
      words: query.q,
      clear: link({ provision: null, like: null }),
    },
    outline: {
      ...nav,
      all: counts.reduce((sum, c) => sum + c.count, 0),
      selected: provision ?? (query.provision === "draft" ? "draft" : null),
      hrefs: Object.fromEntries(
        [...nav.top, ...nav.articles, { pid: "draft" }].map((p) => [
          p.pid,
          link({ provision: p.pid, like: null }),
        ]),
      ) as Record<string, string>,
      allHref: link({ provision: null, like: null }),
    },
    rows: Object.fromEntries(
      groups.flatMap((g) =>
        g.rows.map((r) => {
          const head = r.members[0]!;
          const copies = sameWording.get(head.wording) ?? 0;
          return [
            head.id,
            {
              open: r.members.some((m) => m.id === query.open),
              openHref: `${link({ open: head.id }, true)}#row-${head.id}`,
              closeHref: `${link({ open: null }, true)}#row-${head.id}`,
              copies,
              copiesHref: copies > 1 ? link({ like: head.id, provision: null }) : null,
              work: Object.fromEntries(
                r.members.map((m): [string, MemberWork] => {
                  const state = m.workState ?? "none";
                  return [
                    m.id,
                    {
                      state,
                      reviewComment: state === "returned" ? m.reviewComment || null : null,
                      assignee: m.assigneeName,
                      dueOn: m.dueOn,
                      overdue:
                        !!m.dueOn &&
                        m.dueOn < dueToday &&
                        ["none", "draft", "returned"].includes(state),
                    },
                  ];
                }),
              ),
            },
          ];
        }),
      ),
    ),
    pages: {
      first: paged ? link({}) : null,
      previous:
        hasPrevious && first
          ? link({ before: encodeCursor({ time: first.cursorTime, id: first.id }) })
          : null,
      next:
        hasNext && last
          ? link({ after: encodeCursor({ time: last.cursorTime, id: last.id }) })
          : null,
    },
    unhandled: counts.reduce((sum, c) => sum + c.open, 0),
    can: {
      dispose: can.has("dispose"),
      review: can.has("review"),
      templates: can.has("templates"),
    },
    templates: templates.map((tpl) => ({
      id: tpl.id,
      title: tpl.title,
      body: tpl.body,
      code: tpl.code,
    })),
    templatesHref: can.has("templates") ? `/bills/${facts.billId}/reason-templates` : null,
    // The page as it is, without a preview or a row opened: where a preview's 取消 goes.
    here: link({ open: null }, true),
    points,
    later,
    nextVersionId: later[0]?.versionId ?? null,
  };
}

type Outcome =
  { ok: true; message: MessageKey; count: number } | { ok: false; message: MessageKey };

type ActionData =
  | ({ intent: "dispose"; rowKey: string } & Outcome)
  | ({ intent: "bulk" } & Outcome)
  | { intent: "preview"; ok: true; preview: BulkPreviewData }
  | { intent: "publish"; ok: true; first: boolean; notified: number }
  | { intent: "publish"; ok: false; message: MessageKey };

const refused = (error: unknown): { status: number; message: MessageKey } => {
  if (!isServiceError(error)) throw error;
  return { status: error.status, message: messageKey(error.messageKey, "error.generic") };
};

/** The opinions ticked in the list: each checkbox carries one opinion or a cluster's, joined. */
function selectedIds(form: FormData): string[] {
  const ids = form
    .getAll("selected")
    .flatMap((v) => String(v).split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  return [...new Set([...ids, ...form.getAll("opinionId").map(String)])];
}

/**
 * The disposition a form sends. A reason left blank with a template chosen (a form sent before
 * the page's scripts filled it in) takes the template's text.
 */
async function dispositionValues(
  db: Route.ActionArgs["context"]["db"],
  billId: string,
  form: FormData,
  opinionIds: string[],
) {
  let reason = String(form.get("reason") ?? "");
  const templateId = String(form.get("template") ?? "");
  if (!reason.trim() && templateId) {
    const chosen = (await listReasonTemplates(db, billId)).find((tpl) => tpl.id === templateId);
    if (chosen) reason = chosen.body;
  }
  return DispositionInput.safeParse({
    opinionIds,
    code: form.get("code"),
    reason,
    changed: form.get("changed") ?? "",
  });
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const intent = String(form.get("intent") ?? "dispose");
  const ip = context.clientIp;
  if (intent === "publish") {
    // The handling report is the reviewer's to publish (issue 15).
    const { consultation, user } = await load(request, context, params.id, "review");
    const parsed = PublishInput.safeParse({ note: form.get("note") ?? "" });
    if (!parsed.success)
      return data<ActionData>(
        { intent: "publish", ok: false, message: "handling.publish.noteTooLong" },
        { status: 400 },
      );
    try {
      const result = await publishHandling(context.db, {
        consultationId: consultation.id,
        note: parsed.data.note,
        publishedBy: user.id,
        ip,
        render: noticeText,
      });
      return {
        intent: "publish",
        ok: true,
        first: result.first,
        notified: result.mails.length,
      } satisfies ActionData;
    } catch (error) {
      const { status, message } = refused(error);
      return data<ActionData>({ intent: "publish", ok: false, message }, { status });
    }
  }
  const { consultation, user, facts } = await load(request, context, params.id, "dispose");
  const submit = form.get("submit") === "1";
  if (intent === "dispose") {
    // One row's form: an opinion, or the members of a cluster left ticked.
    const rowKey = String(form.get("row") ?? "");
    const parsed = await dispositionValues(
      context.db,
      facts.billId,
      form,
      form.getAll("opinionId").map(String),
    );
    if (!parsed.success)
      return data<ActionData>(
        { intent: "dispose", ok: false, rowKey, message: "handling.invalid" },
        { status: 400 },
      );
    try {
      const result = await saveDispositions(context.db, {
        consultationId: consultation.id,
        billId: facts.billId,
        versionSeq: facts.seq,
        values: parsed.data,
        submit,
        actorId: user.id,
        ip,
      });
      return {
        intent: "dispose",
        ok: true,
        rowKey,
        count: result.count,
        message: submit ? "work.savedSubmitted" : "work.saved",
      } satisfies ActionData;
    } catch (error) {
      const { status, message } = refused(error);
      return data<ActionData>({ intent: "dispose", ok: false, rowKey, message }, { status });
    }
  }
  const ids = selectedIds(form);
  if (ids.length === 0)
    return data<ActionData>(
      { intent: "bulk", ok: false, message: "work.bulk.noneSelected" },
      { status: 400 },
    );
  try {
    if (intent === "submit") {
      const result = await submitDispositions(context.db, {
        consultationId: consultation.id,
        opinionIds: ids,
        actorId: user.id,
        ip,
      });
      return {
        intent: "bulk",
        ok: true,
        count: result.count,
        message: "work.submitted",
      } satisfies ActionData;
    }
    const parsed = await dispositionValues(context.db, facts.billId, form, ids);
    if (!parsed.success)
      return data<ActionData>(
        { intent: "bulk", ok: false, message: "handling.invalid" },
        { status: 400 },
      );
    if (intent === "preview") {
      // Nothing is written: the page shows what would change, and a form that confirms it.
      const preview = await previewDispositions(context.db, {
        consultationId: consultation.id,
        values: parsed.data,
      });
      return {
        intent: "preview",
        ok: true,
        preview: {
          values: {
            opinionIds: preview.rows.map((r) => r.opinionId),
            code: parsed.data.code,
            reason: parsed.data.reason,
          },
          ...preview,
        },
      } satisfies ActionData;
    }
    if (intent !== "bulk-save")
      return data<ActionData>(
        { intent: "bulk", ok: false, message: "handling.invalid" },
        { status: 400 },
      );
    const result = await saveDispositions(context.db, {
      consultationId: consultation.id,
      billId: facts.billId,
      versionSeq: facts.seq,
      values: parsed.data,
      submit,
      actorId: user.id,
      ip,
    });
    return {
      intent: "bulk",
      ok: true,
      count: result.count,
      message: submit ? "work.savedSubmitted" : "work.saved",
    } satisfies ActionData;
  } catch (error) {
    const { status, message } = refused(error);
    return data<ActionData>({ intent: "bulk", ok: false, message }, { status });
  }
}

type LoaderData = Route.ComponentProps["loaderData"];

function Filters({ points }: { points: LoaderData["points"] }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const select = (
    id: string,
    name: string,
    label: string,
    options: [string, string][],
  ): React.ReactNode => (
    <div className="grant-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={params.get(name) ?? ""}>
        <option value="">{t("handling.all")}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Form method="get" className="inline-fields handling-filters">
      {/* The scope chosen in the navigation stays when the filters change. */}
      {["provision", "like"].map((name) =>
        params.get(name) ? (
          <input key={name} type="hidden" name={name} value={params.get(name) ?? ""} />
        ) : null,
      )}
      {select(
        "h-channel",
        "channel",
        t("handling.channel"),
        channels.map((c) => [c, t(`channel.${c}`)]),
      )}
      {select(
        "h-point",
        "point",
        t("handling.filter.contactPoint"),
        points.map((p) => [p.id, p.name]),
      )}
      {select(
        "h-respondent",
        "respondent",
        t("handling.filter.respondentType"),
        respondentTypes.map((r) => [r, t(`respondent.${r}`)]),
      )}
      {select("h-handled", "handled", t("handling.state"), [
        ["no", t("disposition.none")],
        ["yes", t("handling.done")],
        ...dispositionCodes.map((c): [string, string] => [c, t(`disposition.${c}`)]),
      ])}
      {select(
        "h-work",
        "state",
        t("work.filter.state"),
        (["none", ...workStates] as const).map((s) => [s, t(`work.state.${s}`)]),
      )}
      {select(
        "h-status",
        "status",
        t("handling.filter.status"),
        opinionStatuses.map((s) => [s, t(`handling.status.${s}`)]),
      )}
      <p className="row-select filter-mine">
        <input
          type="checkbox"
          id="h-mine"
          name="mine"
          value="1"
          defaultChecked={params.get("mine") === "1"}
        />
        <label htmlFor="h-mine">{t("work.filter.mine")}</label>
      </p>
      <div className="grant-field">
        <label htmlFor="h-q">{t("search.filterQuery")}</label>
        <input id="h-q" type="search" name="q" defaultValue={params.get("q") ?? ""} />
      </div>
      <button type="submit" className="button">
        {t("handling.filter")}
      </button>
    </Form>
  );
}

function Publish({
  loaderData,
  actionData,
}: {
  loaderData: LoaderData;
  actionData: ActionData | undefined;
}) {
  const { t, dateTime } = useI18n();
  const { consultation, unhandled, can } = loaderData;
  const result = actionData?.intent === "publish" ? actionData : null;
  return (
    <section className="handling-publish" aria-labelledby="publish-title">
      <h2 id="publish-title">{t("handling.publish.title")}</h2>
      {consultation.reportPublishedAt ? (
        <p>
          {t("handling.publish.publishedAt", { date: dateTime(consultation.reportPublishedAt) })}{" "}
          <Link to={`/consultations/${consultation.id}/report`}>
            {t("handling.publish.viewReport")}
          </Link>
        </p>
      ) : null}
      {unhandled > 0 ? (
        <p className="muted">{t("handling.publish.unhandled", { count: unhandled })}</p>
      ) : null}
      {!can.review ? (
        <p className="muted">{t("work.report.reviewerOnly")}</p>
      ) : consultation.status !== "closed" ? (
        <p className="muted">
          {t("handling.publish.closesOn", { date: dateTime(consultation.closesAt) })}
        </p>
      ) : (
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="publish" />
          <div className="field">
            <label htmlFor="publish-note">{t("handling.publish.note")}</label>
            <textarea
              id="publish-note"
              name="note"
              rows={3}
              maxLength={20000}
              defaultValue={consultation.reportNote}
            />
          </div>
          <div>
            <button type="submit" className="button primary">
              {consultation.reportPublishedAt
                ? t("handling.publish.resubmit")
                : t("handling.publish.submit")}
            </button>
          </div>
        </Form>
      )}
      {result ? (
        <p role={result.ok ? "status" : "alert"} className={result.ok ? "notice" : "form-error"}>
          {result.ok
            ? result.first
              ? t("handling.publish.done", { count: result.notified })
              : t("handling.publish.updated")
            : t(result.message)}
        </p>
      ) : null}
    </section>
  );
}

function Pager({ pages }: { pages: LoaderData["pages"] }) {
  const { t } = useI18n();
  if (!pages.first && !pages.previous && !pages.next) return null;
  return (
    <nav className="handling-pager" aria-label={t("handling.pages")}>
      {pages.first ? <Link to={pages.first}>{t("handling.page.first")}</Link> : null}
      {pages.previous ? (
        <Link to={pages.previous} rel="prev">
          {t("handling.page.previous")}
        </Link>
      ) : null}
      {pages.next ? (
        <Link to={pages.next} rel="next">
          {t("handling.page.next")}
        </Link>
      ) : null}
    </nav>
  );
}

function ScopeLine({ loaderData }: { loaderData: LoaderData }) {
  const { t, label } = useI18n();
  const { scope } = loaderData;
  const parts = [
    scope.provision === "draft"
      ? t("handling.group.wholeDraft")
      : scope.provision
        ? t("handling.scope.provision", { label: label(scope.provision) })
        : null,
    scope.like ? t("handling.scope.like", { text: scope.like }) : null,
    scope.words ? t("handling.scope.words", { words: scope.words }) : null,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <p className="handling-scope">
      {t("handling.scope.label")}
      {parts.join(" · ")}{" "}
      {scope.provision || scope.like ? (
        <Link to={scope.clear}>{t("handling.scope.clear")}</Link>
      ) : null}
    </p>
  );
}

export default function Handling({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { consultation, groups } = loaderData;
  const action = actionData as ActionData | undefined;
  return (
    <div className="page handling">
      <p className="muted">
        <Link to={`/consultations/${consultation.id}`}>{consultation.billTitle}</Link>
      </p>
      <h1>{t("handling.title")}</h1>
      <p>
        <Link to={`/consultations/${consultation.id}/handling/record`} className="button">
          {t("handling.record.link")}
        </Link>{" "}
        <Link to={`/consultations/${consultation.id}/statistics`} className="button">
          {t("report.statistics")}
        </Link>{" "}
        <Link to={`/consultations/${consultation.id}/submissions`} className="button">
          {t("handling.submissions")}
        </Link>{" "}
        {loaderData.templatesHref ? (
          <Link to={loaderData.templatesHref} className="button">
            {t("work.templates.title")}
          </Link>
        ) : null}
        {consultation.reviewer ? (
          <>
            {" "}
            <Link to={`/consultations/${consultation.id}/assignments`} className="button">
              {t("assign.link")}
            </Link>{" "}
            <Link to={`/consultations/${consultation.id}/review`} className="button">
              {t("review.link")}
            </Link>
          </>
        ) : null}
      </p>
      <div className="handling-layout">
        <HandlingOutline outline={loaderData.outline} />
        <div className="handling-main">
          <Filters points={loaderData.points} />
          <ScopeLine loaderData={loaderData} />
          {action?.intent === "preview" ? (
            <BulkPreview preview={action.preview} cancelHref={loaderData.here} />
          ) : loaderData.can.dispose && groups.length > 0 ? (
            <BulkPanel
              templates={loaderData.templates}
              manageHref={loaderData.templatesHref}
              result={action?.intent === "bulk" ? action : null}
            />
          ) : null}
          <p role="status">
            {t("handling.summary", {
              count: loaderData.total,
              people: loaderData.people,
              shown: loaderData.shown,
              clusters: loaderData.clusters,
            })}
          </p>
          {groups.length === 0 ? <p className="empty">{t("handling.empty")}</p> : null}
          {groups.map((g) => (
            <section key={g.key} className="handling-group" aria-labelledby={`g-${g.key}`}>
              {g.heading ? <h2 className="handling-heading">{g.heading}</h2> : null}
              <h3 id={`g-${g.key}`} className="handling-group-title">
                {g.label ?? t("handling.group.wholeDraft")}{" "}
                <span className="muted">
                  {t("handling.group.count", { count: g.count, people: g.people })}
                </span>
              </h3>
              {g.rows.length === 0 ? (
                <p className="muted">{t("handling.group.elsewhere")}</p>
              ) : (
                <ul className="cards single">
                  {g.rows.map((row) => (
                    <HandlingRowCard
                      key={row.key}
                      row={row}
                      links={loaderData.rows[row.members[0]!.id]!}
                      consultation={consultation}
                      later={loaderData.later}
                      nextVersionId={loaderData.nextVersionId}
                      canDispose={loaderData.can.dispose}
                      bulkForm={action?.intent === "preview" ? null : BULK_FORM}
                      templates={loaderData.templates}
                      templatesHref={loaderData.templatesHref}
                      result={
                        action?.intent === "dispose" && action.rowKey === row.members[0]!.id
                          ? action
                          : null
                      }
                    />
                  ))}
                </ul>
              )}
            </section>
          ))}
          <Pager pages={loaderData.pages} />
        </div>
      </div>
      <Publish loaderData={loaderData} actionData={action} />
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
