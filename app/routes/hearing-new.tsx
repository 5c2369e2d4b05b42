import { data, Form, Link, redirect, useNavigation } from "react-router";
import { listHearingsOfConsultation, hearingStatus } from "../../db/queries/hearings.ts";
import { utcToZonedLocal } from "../../services/consultations.ts";
import { isServiceError } from "../../services/errors.ts";
import { createHearing } from "../../services/hearings.ts";
import { requireConsultationDrafter } from "../auth/bills.server.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { fieldMessages, zoneName } from "../components/consultation-settings.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { HearingDetailsFields, type HearingDetailValues } from "../components/hearing-parts.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { hearingDetailsFromForm } from "../lib/hearings.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/hearings.css";
import type { Route } from "./+types/hearing-new";

// The drafters' hearings of one consultation: the list, and the form of a new one. A new hearing
// is not public until it is announced on its own page (/workspace/hearings/:hearingId).

const DAY = 86_400_000;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { consultation: c } = await requireConsultationDrafter(
    request,
    context,
    params.consultationId,
  );
  const t = requestTranslator(request);
  const now = new Date();
  const hearings = await listHearingsOfConsultation(context.db, c.id);
  const local = (d: Date) => utcToZonedLocal(d, context.timeZone);
  const values: HearingDetailValues = {
    title: `${c.billTitle}立法听证会`,
    description: "",
    questions: "",
    heldAt: local(new Date(now.getTime() + 21 * DAY)),
    place: "",
    speakerSeats: 6,
    reserveSeats: 3,
    selectionMethod: "",
    registrationOpensAt: local(new Date(now.getTime() + DAY)),
    registrationClosesAt: local(new Date(now.getTime() + 14 * DAY)),
  };
  return {
    title: `${t("hearings.manage.new")} · ${c.title}`,
    consultation: { id: c.id, title: c.title, billId: c.billId, billTitle: c.billTitle },
    hearings: hearings.map((h) => ({
      id: h.id,
      title: h.title,
      heldAt: new Date(h.held_at).toISOString(),
      status: hearingStatus(h, now),
    })),
    values,
    zone: zoneName(t, context.timeZone),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { consultation, user } = await requireConsultationDrafter(
    request,
    context,
    params.consultationId,
  );
  const form = await requireCsrf(request, context);
  try {
    const id = await createHearing(context.db, {
      consultationId: consultation.id,
      values: hearingDetailsFromForm(form, context.timeZone),
      userId: user.id,
      ip: context.clientIp,
    });
    return redirect(`/workspace/hearings/${id}?done=created`);
  } catch (error) {
    if (isServiceError(error))
      return data(
        {
          errors: fieldMessages(error.fields),
          message: error.messageKey as MessageKey,
          values: Object.fromEntries(
            [...form.entries()].filter(([, v]) => typeof v === "string"),
          ) as Record<string, string>,
        },
        { status: error.status },
      );
    throw error;
  }
}

export default function NewHearing({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const navigation = useNavigation();
  const { consultation: c, hearings, zone } = loaderData;
  const values = actionData
    ? ({ ...loaderData.values, ...actionData.values } as HearingDetailValues)
    : loaderData.values;
  return (
    <div className="page narrow-wide hearing-manage">
      <p className="muted">
        <Link to={`/bills/${c.billId}`}>{c.billTitle}</Link> /{" "}
        <Link to={`/consultations/${c.id}/manage`}>{c.title}</Link>
      </p>
      <h1>{t("hearings.manage.list")}</h1>
      {hearings.length === 0 ? (
        <p className="muted">{t("hearings.manage.none")}</p>
      ) : (
        <ul>
          {hearings.map((h) => (
            <li key={h.id}>
              <Link to={`/workspace/hearings/${h.id}`}>{h.title}</Link> · {dateTime(h.heldAt)} ·{" "}
              <span className={`tag tag-${h.status}`}>{t(`hearings.status.${h.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="new-heading" className="panel">
        <h2 id="new-heading">{t("hearings.manage.new")}</h2>
        {actionData ? (
          <p className="form-error" role="alert">
            {t(actionData.message)}
          </p>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <CsrfInput />
          <HearingDetailsFields values={values} errors={actionData?.errors ?? {}} zone={zone} />
          <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
            {t("hearings.manage.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
