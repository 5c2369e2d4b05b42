import { data, Form, Link, useNavigation, useSearchParams } from "react-router";
import { respondentTypes } from "../../db/codes.ts";
import {
  getHearing,
  listPickableProvisions,
  listRegistrationsForDrafters,
  listReportPoints,
} from "../../db/queries/hearings.ts";
import { utcToZonedLocal } from "../../services/consultations.ts";
import { isServiceError } from "../../services/errors.ts";
import {
  addReportPoint,
  announceHearing,
  deleteReportPoint,
  drawHearing,
  publishReport,
  saveReportRecord,
  updateHearing,
} from "../../services/hearings.ts";
import { requireBillDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { fieldMessages, zoneName } from "../components/consultation-settings.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { HearingDetailsFields } from "../components/hearing-parts.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { hearingDetailsFromForm } from "../lib/hearings.server.ts";
import { noticeText } from "../lib/notice-text.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/participation.css";
import "../styles/hearings.css";
import type { Route } from "./+types/workspace-hearing";

// The drafters' page of one hearing: its details (editable until announced), announcing it,
// the registrations with their PRIVATE contacts (this page only), the draw, and the report
// editor (the record, points with the article picker) and its publication.

async function hearingOfDrafter(
  request: Request,
  context: Route.LoaderArgs["context"],
  id: string,
) {
  const hearing = await getHearing(context.db, id);
  if (!hearing) {
    const t = requestTranslator(request);
    throw data({ message: t("hearings.notFound") }, { status: 404 });
  }
  const { user } = await requireBillDrafter(request, context, hearing.billId);
  return { hearing, user };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { hearing: h } = await hearingOfDrafter(request, context, params.hearingId);
  const t = requestTranslator(request);
  const [registrations, points, provisions] = await Promise.all([
    listRegistrationsForDrafters(context.db, h.id),
    listReportPoints(context.db, h.id),
    listPickableProvisions(context.db, h.versionId),
  ]);
  const local = (d: Date | string) => utcToZonedLocal(d, context.timeZone);
  return {
    title: `${t("hearings.manage.title")} · ${h.title}`,
    hearing: {
      id: h.id,
      title: h.title,
      status: h.status,
      consultationId: h.consultation_id,
      consultationTitle: h.consultationTitle,
      billId: h.billId,
      billTitle: h.billTitle,
      seedHash: h.seed_hash,
      announced: h.announced_at !== null,
      drawn: h.drawn_at !== null,
      reported: h.report_published_at !== null,
      closed: new Date() >= new Date(h.registration_closes_at),
      held: new Date() >= new Date(h.held_at),
      record: h.report_record,
    },
    values: {
      title: h.title,
      description: h.description,
      questions: h.questions,
      heldAt: local(h.held_at),
      place: h.place,
      speakerSeats: h.speaker_seats,
      reserveSeats: h.reserve_seats,
      selectionMethod: h.selection_method,
      registrationOpensAt: local(h.registration_opens_at),
      registrationClosesAt: local(h.registration_closes_at),
    },
    registrations: registrations.map((r) => ({
      id: r.id,
      number: r.number,
      name: r.name,
      respondentType: r.respondent_type,
      stance: r.stance,
      points: r.points,
      phone: r.contact_phone,
      email: r.contact_email,
      account: r.user_id !== null,
      outcome: r.outcome,
      position: r.draw_position,
    })),
    points,
    provisions: provisions.map((p) => ({
      pid: p.pid,
      kind: p.kind,
      label: p.label,
      // A hint of the text, so the picker tells articles apart.
      excerpt: p.kind === "article" ? p.text.slice(0, 24) : p.text.slice(0, 40),
    })),
    zone: zoneName(t, context.timeZone),
  };
}

const intents = ["update", "announce", "draw", "record", "addPoint", "deletePoint", "publish"];
type Intent = (typeof intents)[number];

type ActionData =
  | { intent: Intent; ok: true; values?: Record<string, string | number> }
  | {
      intent: Intent;
      ok: false;
      message: MessageKey;
      errors: Partial<Record<string, MessageKey>>;
    };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { hearing, user } = await hearingOfDrafter(request, context, params.hearingId);
  const form = await requireCsrf(request, context);
  const raw = String(form.get("intent") ?? "");
  const intent: Intent = intents.includes(raw) ? raw : "update";
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const base = { hearingId: hearing.id, userId: user.id, ip: context.clientIp };
  try {
    switch (intent) {
      case "update":
        await updateHearing(context.db, {
          ...base,
          values: hearingDetailsFromForm(form, context.timeZone),
        });
        return data<ActionData>({ intent, ok: true });
      case "announce":
        await announceHearing(context.db, base);
        return data<ActionData>({ intent, ok: true });
      case "draw": {
        const r = await drawHearing(context.db, { ...base, render: noticeText });
        return data<ActionData>({
          intent,
          ok: true,
          values: { selected: r.selected, reserves: r.reserves },
        });
      }
      case "record":
        await saveReportRecord(context.db, { ...base, record: text("record") });
        return data<ActionData>({ intent, ok: true });
      case "addPoint":
        await addReportPoint(context.db, {
          ...base,
          values: {
            registrationId: text("registrationId"),
            speakerName: text("speakerName"),
            respondentType: text("respondentType") || "individual",
            provisionPid: text("provisionPid"),
            point: text("point"),
            response: text("response"),
          },
        });
        return data<ActionData>({ intent, ok: true });
      case "deletePoint":
        await deleteReportPoint(context.db, { ...base, pointId: text("pointId") });
        return data<ActionData>({ intent, ok: true });
      default: {
        const r = await publishReport(context.db, { ...base, timeZone: context.timeZone });
        return data<ActionData>({ intent, ok: true, values: { count: r.opinions } });
      }
    }
  } catch (error) {
    if (isServiceError(error))
      return data<ActionData>(
        {
          intent,
          ok: false,
          message: error.messageKey as MessageKey,
          errors: fieldMessages(error.fields),
        },
        { status: error.status },
      );
    throw error;
  }
}

function Outcome({ result, intent }: { result: ActionData | undefined; intent: Intent }) {
  const { t } = useI18n();
  if (!result || result.intent !== intent) return null;
  if (!result.ok)
    return (
      <p className="form-error" role="alert">
        {t(result.message)}
      </p>
    );
  const done: Record<Intent, string> = {
    update: t("hearings.manage.saved"),
    announce: t("hearings.manage.saved"),
    draw: t("hearings.manage.drawn", {
      selected: result.values?.selected ?? 0,
      reserves: result.values?.reserves ?? 0,
    }),
    record: t("hearings.manage.recordSaved"),
    addPoint: t("hearings.manage.pointAdded"),
    deletePoint: t("hearings.manage.pointDeleted"),
    publish: t("hearings.manage.published", { count: result.values?.count ?? 0 }),
  };
  return (
    <p className="notice" role="status">
      {done[intent]}
    </p>
  );
}

export default function ManageHearing({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { hearing: h, registrations, points, provisions, zone } = loaderData;
  const result = actionData as ActionData | undefined;
  const busy = navigation.state !== "idle";
  const errorsOf = (intent: Intent) =>
    result && !result.ok && result.intent === intent ? result.errors : {};
  const drawn = registrations.filter((r) => r.outcome === "selected" || r.outcome === "reserve");
  return (
    <div className="page narrow-wide hearing-manage">
      <p className="muted">
        <Link to={`/bills/${h.billId}`}>{h.billTitle}</Link> /{" "}
        <Link to={`/consultations/${h.consultationId}/hearings/new`}>
          {t("hearings.manage.list")}
        </Link>
      </p>
      <h1>{h.title}</h1>
      <div className="card-tags">
        <span className={`tag tag-${h.status}`}>{t(`hearings.status.${h.status}`)}</span>
      </div>
      <p className="manage-links">
        {h.announced ? (
          <Link to={`/hearings/${h.id}`}>{t("hearings.manage.publicPage")}</Link>
        ) : null}{" "}
        <Link to={`/consultations/${h.consultationId}/handling`}>
          {t("hearings.manage.handling")}
        </Link>
      </p>
      {params.get("done") === "created" && !result ? (
        <p className="notice" role="status">
          {t("hearings.manage.created")}
        </p>
      ) : null}

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{t("hearings.manage.details")}</h2>
        {h.announced ? <p className="muted">{t("hearings.manage.lockedAfterAnnounce")}</p> : null}
        <Outcome result={result} intent="update" />
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="update" />
          <HearingDetailsFields
            values={loaderData.values}
            errors={errorsOf("update")}
            zone={zone}
            disabled={h.announced}
          />
          {h.announced ? null : (
            <button type="submit" className="button" disabled={busy}>
              {t("hearings.manage.save")}
            </button>
          )}
        </Form>
      </section>

      <section aria-labelledby="announce-heading" className="panel">
        <h2 id="announce-heading">{t("hearings.manage.announce")}</h2>
        <Outcome result={result} intent="announce" />
        {h.announced ? (
          <>
            <p>{t("hearings.manage.announced")}</p>
            <p>
              {t("hearings.commit.hash")}: <code className="hash">{h.seedHash}</code>
            </p>
          </>
        ) : (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="announce" />
            <p className="muted">{t("hearings.manage.announceIntro")}</p>
            <button type="submit" className="button primary" disabled={busy}>
              {t("hearings.manage.announce")}
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="registrations-heading">
        <h2 id="registrations-heading">{t("hearings.manage.registrations")}</h2>
        {registrations.length === 0 ? (
          <p className="muted">{t("hearings.manage.noRegistrations")}</p>
        ) : (
          <div
            className="table-scroll"
            tabIndex={0}
            role="region"
            aria-label={t("hearings.manage.registrations")}
          >
            <table className="hearing-registrations">
              <thead>
                <tr>
                  <th scope="col">{t("hearings.draw.number")}</th>
                  <th scope="col">{t("hearings.register.name")}</th>
                  <th scope="col">{t("hearings.draw.stance")}</th>
                  <th scope="col">{t("hearings.register.points")}</th>
                  <th scope="col">{t("hearings.manage.contact")}</th>
                  <th scope="col">{t("hearings.draw.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {registrations.map((r) => (
                  <tr key={r.id}>
                    <td>{r.number}</td>
                    <td>
                      {r.name}
                      <br />
                      <span className="muted">
                        {t(`respondent.${r.respondentType}`)}
                        {r.account ? ` · ${t("hearings.manage.account")}` : ""}
                      </span>
                    </td>
                    <td>{t(`hearings.stance.${r.stance}`)}</td>
                    <td className="hearing-text">{r.points}</td>
                    <td>
                      {r.phone}
                      {r.phone && r.email ? <br /> : null}
                      {r.email}
                    </td>
                    <td>
                      {r.outcome ? t(`hearings.outcome.${r.outcome}`) : ""}
                      {r.position ? ` ${r.position}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {h.announced && !h.drawn ? (
        <section aria-labelledby="draw-heading" className="panel">
          <h2 id="draw-heading">{t("hearings.manage.draw")}</h2>
          <Outcome result={result} intent="draw" />
          {h.closed ? (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="draw" />
              <p className="muted">{t("hearings.manage.drawIntro")}</p>
              <button type="submit" className="button primary" disabled={busy}>
                {t("hearings.manage.draw")}
              </button>
            </Form>
          ) : (
            <p className="muted">{t("hearings.manage.drawWait")}</p>
          )}
        </section>
      ) : (
        <Outcome result={result} intent="draw" />
      )}

      {h.drawn ? (
        <section aria-labelledby="report-heading">
          <h2 id="report-heading">{t("hearings.manage.reportEditor")}</h2>
          <Outcome result={result} intent="record" />
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="record" />
            <div className="field">
              <label htmlFor="hm-record">{t("hearings.manage.record")}</label>
              <textarea
                id="hm-record"
                name="record"
                rows={6}
                maxLength={20000}
                defaultValue={h.record}
                disabled={h.reported}
              />
            </div>
            {h.reported ? null : (
              <button type="submit" className="button" disabled={busy}>
                {t("hearings.manage.saveRecord")}
              </button>
            )}
          </Form>

          <h3>{t("hearings.report.points")}</h3>
          <Outcome result={result} intent="deletePoint" />
          {points.length === 0 ? (
            <p className="muted">{t("hearings.report.none")}</p>
          ) : (
            <ol className="hearing-points">
              {points.map((p) => (
                <li key={p.id}>
                  <p>
                    <strong>{p.speakerName}</strong>
                    {p.registrationNumber
                      ? ` (${t("hearings.draw.numberValue", { number: p.registrationNumber })})`
                      : ""}{" "}
                    · {p.provisionLabel ?? t("hearings.report.wholeDraft")}
                  </p>
                  <p className="hearing-text">{p.point}</p>
                  <p className="hearing-text muted">
                    {t("hearings.report.response")}：{p.response || t("hearings.report.noResponse")}
                  </p>
                  {h.reported ? null : (
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="deletePoint" />
                      <input type="hidden" name="pointId" value={p.id} />
                      <button type="submit" className="button small" disabled={busy}>
                        {t("hearings.manage.deletePoint")}
                      </button>
                    </Form>
                  )}
                </li>
              ))}
            </ol>
          )}

          {h.reported ? null : (
            <Form method="post" className="stack panel" noValidate>
              <h3>{t("hearings.manage.addPoint")}</h3>
              <Outcome result={result} intent="addPoint" />
              <CsrfInput />
              <input type="hidden" name="intent" value="addPoint" />
              <div className="field">
                <label htmlFor="hm-speaker">{t("hearings.manage.speakerRegistration")}</label>
                <select id="hm-speaker" name="registrationId" defaultValue={drawn[0]?.id ?? ""}>
                  {registrations.map((r) => (
                    <option key={r.id} value={r.id}>
                      {`${r.number} · ${r.name} · ${t(`hearings.stance.${r.stance}`)}${
                        r.outcome ? ` · ${t(`hearings.outcome.${r.outcome}`)}` : ""
                      }`}
                    </option>
                  ))}
                  <option value="">{t("hearings.manage.speakerOther")}</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor="hm-speaker-name">{t("hearings.manage.speakerName")}</label>
                <input
                  id="hm-speaker-name"
                  name="speakerName"
                  maxLength={50}
                  aria-invalid={errorsOf("addPoint").speakerName ? true : undefined}
                />
              </div>
              <div className="field">
                <label htmlFor="hm-speaker-type">
                  {t("hearings.manage.speakerRespondentType")}
                </label>
                <select id="hm-speaker-type" name="respondentType" defaultValue="individual">
                  {respondentTypes.map((r) => (
                    <option key={r} value={r}>
                      {t(`respondent.${r}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="hm-provision">{t("hearings.manage.provision")}</label>
                <select id="hm-provision" name="provisionPid" defaultValue="">
                  <option value="">{t("hearings.report.wholeDraft")}</option>
                  {provisions.map((p) => (
                    <option key={p.pid} value={p.pid}>
                      {p.kind === "article"
                        ? `${p.label} ${p.excerpt}…`
                        : `${p.label} ${p.excerpt}`}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="hm-point">{t("hearings.manage.point")}</label>
                <textarea
                  id="hm-point"
                  name="point"
                  rows={4}
                  maxLength={5000}
                  aria-invalid={errorsOf("addPoint").point ? true : undefined}
                />
              </div>
              <div className="field">
                <label htmlFor="hm-response">{t("hearings.manage.response")}</label>
                <textarea id="hm-response" name="response" rows={3} maxLength={5000} />
              </div>
              <button type="submit" className="button" disabled={busy}>
                {t("hearings.manage.addPoint")}
              </button>
            </Form>
          )}

          <section aria-labelledby="publish-heading" className="panel">
            <h3 id="publish-heading">{t("hearings.manage.publish")}</h3>
            <Outcome result={result} intent="publish" />
            {h.reported ? (
              <p>
                <Link to={`/hearings/${h.id}#report`}>{t("hearings.report.title")}</Link>
              </p>
            ) : h.held ? (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="publish" />
                <p className="muted">{t("hearings.manage.publishIntro")}</p>
                <button type="submit" className="button primary" disabled={busy}>
                  {t("hearings.manage.publish")}
                </button>
              </Form>
            ) : (
              <p className="muted">{t("hearings.manage.publishWait")}</p>
            )}
          </section>
        </section>
      ) : null}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
