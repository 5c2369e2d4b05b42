import {
  contactPointContributions,
  listContactPointsWithCoordinators,
} from "../../db/queries/contact-points.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/contact-points.css";
import type { Route } from "./+types/contact-points";

/** The public list of contact points and what each has contributed (submitted reports). */
export async function loader({ context }: Route.LoaderArgs) {
  const [points, contributions] = await Promise.all([
    listContactPointsWithCoordinators(context.db),
    contactPointContributions(context.db),
  ]);
  return {
    points: points
      .filter((p) => p.active)
      .map((p) => ({
        id: p.id,
        name: p.name,
        district: p.district,
        address: p.address,
        phone: p.phone,
        host: p.host_organization || p.organizationName,
        work: contributions.get(p.id) ?? {
          activities: 0,
          headcount: 0,
          total: 0,
          handled: 0,
          adopted: 0,
          rate: null,
        },
      }))
      .sort((a, b) => b.work.total - a.work.total || b.work.activities - a.work.activities),
  };
}

export function meta() {
  return [{ title: "基层立法联系点 · 开门立法" }];
}

export default function ContactPoints({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { points } = loaderData;
  return (
    <div className="page">
      <h1>{t("cp.list.title")}</h1>
      <p className="lead">{t("cp.list.lead")}</p>
      <div className="table-wrap">
        <table className="cp-table">
          <caption className="visually-hidden">{t("cp.list.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("cp.list.name")}</th>
              <th scope="col">{t("cp.figure.activities")}</th>
              <th scope="col">{t("cp.figure.opinions")}</th>
              <th scope="col">{t("cp.figure.headcount")}</th>
              <th scope="col">{t("cp.figure.adoption")}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <span className="cp-point-name">{p.name}</span>
                  <span className="muted cp-point-meta">
                    {p.district} · {p.host}
                    <br />
                    {p.address}
                    {p.phone ? ` · ${p.phone}` : ""}
                  </span>
                </th>
                <td data-label={t("cp.figure.activities")}>{p.work.activities}</td>
                <td data-label={t("cp.figure.opinions")}>{p.work.total}</td>
                <td data-label={t("cp.figure.headcount")}>{p.work.headcount}</td>
                <td data-label={t("cp.figure.adoption")}>
                  {p.work.rate === null ? "—" : `${p.work.rate}%`}
                  {p.work.handled > 0 ? (
                    <span className="muted cp-point-meta">
                      {t("cp.list.adoptedOf", { adopted: p.work.adopted, handled: p.work.handled })}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
