import { consultationForPoint } from "../../db/queries/contact-points.ts";
import { loadActivity } from "../../services/contact-points.ts";
import { qrPath } from "../../services/documents/qr.ts";
import { requireCoordinator } from "../auth/coordinator.server.ts";
import { QrCode } from "../components/qr-code.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { orRefuse } from "../lib/errors.ts";
import { activityName } from "../lib/activity-name.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/contact-points.css";
import type { Route } from "./+types/coordinator.activity-print";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { point } = await requireCoordinator(request, context);
  const activity = await orRefuse(request, () =>
    loadActivity(context.db, point.id, params.activityId),
  );
  const t = requestTranslator(request);
  const consultation = (await consultationForPoint(context.db, activity.consultation_id))!;
  const url = `${new URL(request.url).origin}/activities/${activity.lookup_token}`;
  return {
    point: { name: point.name },
    billTitle: consultation.billTitle,
    activity: {
      id: activity.id,
      kind: activity.kind,
      held_on: activity.held_on,
      place: activity.place,
      headcount: activity.headcount,
      start_time: activity.start_time,
      host: activity.host,
      title: activity.title,
    },
    url,
    qr: qrPath(url),
    pageTitle: `${t("cp.activity.print")} · ${consultation.billTitle} · ${t("app.name")}`,
  };
}

export default function ActivityPrint({ loaderData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const { point, billTitle, activity: a, url, qr } = loaderData;
  return (
    <div className="page cp-print">
      <p className="cp-noprint">
        <button type="button" className="button" onClick={() => window.print()}>
          {t("cp.print.button")}
        </button>
      </p>
      <div className="cp-sheet">
        <p className="cp-sheet-point">{point.name}</p>
        <h1>{billTitle}</h1>
        <p className="cp-sheet-activity">
          {activityName(t, date, a)}
          {a.place ? ` · ${a.place}` : ""}
          {a.host ? ` · ${t("cp.activity.hostShown", { host: a.host })}` : ""}
        </p>
        <QrCode qr={qr} label={t("cp.print.qrLabel")} />
        <p className="cp-sheet-lead">{t("cp.print.lead")}</p>
        <p className="cp-sheet-url">{url}</p>
        <p className="muted">{t("cp.print.thanks")}</p>
      </div>
    </div>
  );
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
