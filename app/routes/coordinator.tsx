import { listConsultations } from "../../db/queries/consultations.ts";
import { listContactPoints } from "../../db/queries/organizations.ts";
import { countContactPointOpinions } from "../../db/queries/opinions.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { ConsultationCard } from "../components/consultation-card.tsx";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/coordinator";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireRole(request, context, ["coordinator"]);
  const membership = user.memberships.find((m) => m.role === "coordinator");
  const points = await listContactPoints(context.db);
  const point = points.find((p) => p.id === membership?.contactPointId) ?? null;
  const now = new Date();
  const open = await listConsultations(context.db, { now, status: "open" });
  const counts = point
    ? await countContactPointOpinions(context.db, point.id)
    : new Map<string, number>();
  return {
    point,
    open: open.map((c) => ({ ...c, pointOpinions: counts.get(c.id) ?? 0 })),
    now: now.getTime(),
  };
}

export default function CoordinatorDashboard({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { point, open, now } = loaderData;
  return (
    <div className="page">
      <h1>{t("coordinator.title")}</h1>
      {point ? (
        <div className="panel">
          <p>
            <strong>{t("coordinator.point", { name: point.name })}</strong>
          </p>
          <p className="muted">{t("coordinator.address", { address: point.address })}</p>
        </div>
      ) : (
        <p className="form-error">{t("coordinator.noPoint")}</p>
      )}
      <h2>{t("coordinator.open")}</h2>
      {open.length === 0 ? (
        <p className="empty">{t("home.open.empty")}</p>
      ) : (
        <ul className="cards">
          {open.map((c) => (
            <ConsultationCard key={c.id} c={c} now={now}>
              <p className="card-note">
                {t("coordinator.pointOpinions", { count: c.pointOpinions })}
              </p>
            </ConsultationCard>
          ))}
        </ul>
      )}
    </div>
  );
}
