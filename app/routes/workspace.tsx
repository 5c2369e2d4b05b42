import { Link } from "react-router";
import { listBills } from "../../db/queries/bills.ts";
import { listConsultations } from "../../db/queries/consultations.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { ConsultationCard } from "../components/consultation-card.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/workspace";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireRole(request, context, ["drafter", "admin"]);
  const organizationIds = [
    ...new Set(
      user.memberships
        .filter((m) => m.role === "drafter" || m.role === "admin")
        .map((m) => m.organizationId),
    ),
  ];
  const now = new Date();
  const [bills, consultations] = await Promise.all([
    listBills(context.db, organizationIds),
    listConsultations(context.db, { now, limit: 20 }),
  ]);
  const billIds = new Set(bills.map((b) => b.id));
  const t = requestTranslator(request);
  return {
    title: `${t("workspace.title")} · ${t("app.name")}`,
    bills,
    consultations: consultations.filter((c) => billIds.has(c.billId)),
    now: now.getTime(),
  };
}

export default function Workspace({ loaderData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const { bills, consultations, now } = loaderData;
  return (
    <div className="page">
      <h1>{t("workspace.title")}</h1>
      <p className="lead">{t("workspace.intro")}</p>
      <p>
        <Link to="/bills/new" className="button primary">
          {t("workspace.newBill")}
        </Link>{" "}
        <Link to="/workspace/queue" className="button">
          {t("work.queue.workspaceLink")}
        </Link>{" "}
        <Link to="/workspace/proposals">{t("proposalWs.title")}</Link>{" "}
        <Link to="/workspace/surveys">{t("surveys.ws.link")}</Link>{" "}
        <Link to="/workspace/experts">{t("experts.registry.title")}</Link>
      </p>
      {bills.length === 0 ? (
        <p className="empty">{t("workspace.empty")}</p>
      ) : (
        <ul className="cards">
          {bills.map((b) => (
            <li key={b.id} className="card">
              <div className="card-tags">
                <span className="tag">{t(`billKind.${b.kind}`)}</span>
                <span className="tag">
                  {b.latestLabel
                    ? t("workspace.bill.latest", {
                        label: t(`version.${b.latestLabel}`),
                      })
                    : t("workspace.bill.noVersion")}
                </span>
              </div>
              <h2 className="card-title">
                <Link to={`/bills/${b.id}`}>{b.title}</Link>
              </h2>
              <p className="card-meta">
                <span>{b.organizationName}</span>
                <span>{t("workspace.bill.versions", { count: Number(b.versionCount ?? 0) })}</span>
                <span>{t("workspace.bill.revision", { revision: b.revision ?? 0 })}</span>
                <span>{date(b.updated_at)}</span>
              </p>
              {b.latestLabel ? (
                <p className="card-note">
                  <Link to={`/bills/${b.id}/consultations/new`}>{t("consultations.open")}</Link>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h2>{t("workspace.consultations")}</h2>
      <ul className="cards">
        {consultations.map((c) => (
          <ConsultationCard key={c.id} c={c} now={now}>
            <p className="card-note">
              <Link to={`/consultations/${c.id}/handling`}>{t("handling.open")}</Link>
              {" · "}
              <Link to={`/consultations/${c.id}/manage`}>{t("consultations.manageLink")}</Link>
            </p>
          </ConsultationCard>
        ))}
      </ul>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
