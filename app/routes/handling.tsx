import { data, Form, Link, useSearchParams } from "react-router";
import { z } from "zod";
import { channels, opinionStatuses, respondentTypes } from "../../db/codes.ts";
import { listProvisions } from "../../db/queries/bills.ts";
import {
  countUnhandled,
  getConsultationHandling,
  listContactPointsInConsultation,
  listHandlingOpinions,
  listLaterProvisions,
} from "../../db/queries/handling.ts";
import {
  DispositionInput,
  disposeOpinions,
  publishHandling,
  PublishInput,
} from "../../services/handling.ts";
import { isServiceError } from "../../services/errors.ts";
import { groupForHandling } from "../../services/handling-view.ts";
import { requireConsultationDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { HandlingRowCard } from "../components/handling-row.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { readQuery } from "../lib/forms.ts";
import { noticeText } from "../lib/notice-text.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { searchOpinionIds } from "../../services/search.ts";
import { SearchUnavailableError } from "../../search/engine.ts";
import "../styles/handling.css";
import type { Route } from "./+types/handling";

const LIMIT = 2000;

// The filters of the list; a value that is not one of the choices is no filter, as in the form.
const HandlingQuery = z.object({
  channel: z.enum(channels).optional().catch(undefined),
  point: z.uuid().optional().catch(undefined),
  respondent: z.enum(respondentTypes).optional().catch(undefined),
  status: z.enum(opinionStatuses).optional().catch(undefined),
  handled: z.enum(["yes", "no"]).optional().catch(undefined),
  // A search within the consultation's opinions; longer than a search box takes is cut short.
  q: z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim().slice(0, 200)),
});

async function load(request: Request, context: Route.LoaderArgs["context"], id: string) {
  const { consultation, user } = await requireConsultationDrafter(request, context, id);
  const facts = await getConsultationHandling(context.db, consultation.id);
  return { consultation, user, facts };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { consultation, facts } = await load(request, context, params.id);
  const { q, ...query } = readQuery(HandlingQuery, request);
  const filters = {
    channel: query.channel,
    contactPointId: query.point,
    respondentType: query.respondent,
    status: query.status,
    handled: query.handled,
    limit: LIMIT,
  } as const;
  // search: filter by a query (q) through the search engine's opinion ids
  // With the engine down the drafter still gets the list, unfiltered, and is told why.
  let searchUnavailable = false;
  let matching: Set<string> | null = null;
  if (q) {
    try {
      matching = await searchOpinionIds(context, consultation.id, q);
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      searchUnavailable = true;
    }
  }
  const [listed, provisions, points, later, unhandled] = await Promise.all([
    listHandlingOpinions(context.db, consultation.id, filters),
    listProvisions(context.db, consultation.versionId),
    listContactPointsInConsultation(context.db, consultation.id),
    listLaterProvisions(context.db, facts.billId, facts.seq),
    countUnhandled(context.db, consultation.id),
  ]);
  const opinions = matching ? listed.filter((o) => matching.has(o.id)) : listed;
  const { groups, clusters } = groupForHandling(
    opinions,
    provisions.map((p) => ({ ...p, heading_path: p.heading_path as string[] })),
  );
  const nextVersionId = later[0]?.versionId ?? null;
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
    },
    groups,
    clusters,
    total: opinions.length,
    people: opinions.reduce((sum, o) => sum + o.headcount, 0),
    truncated: opinions.length >= LIMIT,
    searchUnavailable,
    unhandled,
    points,
    later,
    nextVersionId,
  };
}

type ActionData =
  | { intent: "dispose"; ok: true; rowKey: string; count: number }
  | { intent: "dispose"; ok: false; rowKey: string; message: MessageKey }
  | { intent: "publish"; ok: true; first: boolean; notified: number }
  | { intent: "publish"; ok: false; message: MessageKey };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { consultation, user, facts } = await load(request, context, params.id);
  const form = await requireCsrf(request, context);
  const ip = context.clientIp;
  if (form.get("intent") === "publish") {
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
      if (!isServiceError(error)) throw error;
      return data<ActionData>(
        { intent: "publish", ok: false, message: messageKey(error.messageKey, "error.generic") },
        { status: error.status },
      );
    }
  }
  const ids = form.getAll("opinionId").map(String);
  const rowKey = String(form.get("row") ?? "");
  const parsed = DispositionInput.safeParse({
    opinionIds: ids,
    code: form.get("code"),
    reason: form.get("reason") ?? "",
    changed: form.get("changed") ?? "",
  });
  if (!parsed.success)
    return data<ActionData>(
      { intent: "dispose", ok: false, rowKey, message: "handling.invalid" },
      { status: 400 },
    );
  try {
    const result = await disposeOpinions(context.db, {
      consultationId: consultation.id,
      billId: facts.billId,
      versionSeq: facts.seq,
      values: parsed.data,
      decidedBy: user.id,
      ip,
      render: noticeText,
    });
    return { intent: "dispose", ok: true, rowKey, count: result.count } satisfies ActionData;
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return data<ActionData>(
      {
        intent: "dispose",
        ok: false,
        rowKey,
        message: messageKey(error.messageKey, "error.generic"),
      },
      { status: error.status },
    );
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
      ])}
      {select(
        "h-status",
        "status",
        t("handling.filter.status"),
        opinionStatuses.map((s) => [s, t(`handling.status.${s}`)]),
      )}
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
  const { consultation, unhandled } = loaderData;
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
      {consultation.status !== "closed" ? (
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
        </Link>
      </p>
      <Filters points={loaderData.points} />
      <p role="status">
        {t("handling.summary", {
          count: loaderData.total,
          people: loaderData.people,
          clusters: loaderData.clusters,
        })}
      </p>
      {loaderData.searchUnavailable ? (
        <p className="notice" role="status">
          {t("search.unavailable")} {t("handling.queryNotApplied")}
        </p>
      ) : null}
      {loaderData.truncated ? (
        <p className="notice">{t("handling.truncated", { count: loaderData.total })}</p>
      ) : null}
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
                  consultation={consultation}
                  later={loaderData.later}
                  nextVersionId={loaderData.nextVersionId}
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
      <Publish loaderData={loaderData} actionData={action} />
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
