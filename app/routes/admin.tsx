import { Link } from "react-router";
import { adminOverview } from "../../db/queries/admin.ts";
import { listContactPoints, listOrganizations } from "../../db/queries/organizations.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { requestTranslator } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/admin";

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireRole(request, context, ["admin"]);
  const [stats, organizations, contactPoints] = await Promise.all([
    adminOverview(context.db),
    listOrganizations(context.db),
    listContactPoints(context.db),
  ]);
  const t = requestTranslator(request);
  return {
    stats,
    organizations,
    contactPoints,
    pageTitle: `${t("admin.title")} · ${t("app.name")}`,
  };
}

export default function Admin({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { stats, organizations, contactPoints } = loaderData;
  return (
    <div className="page">
      <h1>{t("admin.title")}</h1>
      <dl className="stats">
        <div>
          <dt>{t("admin.stats.users")}</dt>
          <dd>{stats.users}</dd>
        </div>
        <div>
          <dt>{t("admin.stats.contactPoints")}</dt>
          <dd>{stats.contactPoints}</dd>
        </div>
        <div>
          <dt>{t("admin.stats.bills")}</dt>
          <dd>{stats.bills}</dd>
        </div>
        <div>
          <dt>{t("admin.stats.opinions")}</dt>
          <dd>{stats.opinions}</dd>
        </div>
      </dl>
      <p className="admin-links">
        <Link to="/admin/users" className="button">
          {t("admin.users")}
        </Link>{" "}
        <Link to="/admin/audit" className="button">
          {t("audit.link")}
        </Link>
      </p>
      <h2>{t("admin.organizations")}</h2>
      <ul className="plain-list">
        {organizations.map((o) => (
          <li key={o.id}>{o.name}</li>
        ))}
      </ul>
      <h2>{t("admin.contactPoints")}</h2>
      {/* contact points: the registry */}
      <p>
        <Link to="/admin/contact-points" className="button">
          {t("cp.admin.manage")}
        </Link>
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.cp.name")}</th>
              <th scope="col">{t("admin.cp.district")}</th>
              <th scope="col">{t("admin.cp.address")}</th>
            </tr>
          </thead>
          <tbody>
            {contactPoints.map((cp) => (
              <tr key={cp.id}>
                <td>{cp.name}</td>
                <td>{cp.district}</td>
                <td>{cp.address}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
