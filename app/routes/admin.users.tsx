import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { roles, type Role } from "../../db/codes.ts";
import { listContactPoints, listOrganizations } from "../../db/queries/organizations.ts";
import { listUsers } from "../../db/queries/users.ts";
import { grantUserRole, revokeUserRole } from "../../services/accounts.ts";
import { isServiceError } from "../../services/errors.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { parseForm, readQuery } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/admin.users";

const PAGE = 20;

/** The list's query string: a search (cut to 100 characters) and a page number. */
const UsersQuery = z.object({
  q: z
    .string()
    .catch("")
    .transform((q) => q.trim().slice(0, 100))
    .default(""),
  page: z.coerce
    .number()
    .catch(0)
    .transform((n) => Math.max(0, Math.min(10_000, Math.trunc(n) || 0)))
    .default(0),
});

const RoleChangeSchema = z.object({
  intent: z.enum(["grant", "revoke"]),
  userId: z.string().uuid(),
  organizationId: z.string().uuid(),
  role: z.enum(roles),
  contactPointId: z.string().uuid().optional().or(z.literal("")),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireRole(request, context, ["admin"]);
  const t = requestTranslator(request);
  const { q: query, page } = readQuery(UsersQuery, request);
  const [users, organizations, contactPoints] = await Promise.all([
    listUsers(context.db, { query, limit: PAGE + 1, offset: page * PAGE }),
    listOrganizations(context.db),
    listContactPoints(context.db, { activeOnly: true }),
  ]);
  return {
    users: users.slice(0, PAGE),
    hasNext: users.length > PAGE,
    page,
    query,
    organizations,
    contactPoints,
    pageTitle: `${t("admin.users")} · ${t("app.name")}`,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const admin = await requireRole(request, context, ["admin"]);
  const form = await requireCsrf(request, context);
  const parsed = parseForm(RoleChangeSchema, form);
  const refuse = (status: number, message: MessageKey) => data({ ok: false, message }, { status });
  if (!parsed.ok) return refuse(400, "error.invalidInput");
  const { intent, ...change } = parsed.data;
  const actor = { userId: admin.id, ip: context.clientIp };
  try {
    if (intent === "grant") await grantUserRole(context.db, actor, change);
    else await revokeUserRole(context.db, actor, change);
  } catch (error) {
    if (isServiceError(error))
      return refuse(error.status, messageKey(error.messageKey, "error.generic"));
    throw error;
  }
  const message: MessageKey = intent === "grant" ? "admin.users.granted" : "admin.users.revoked";
  return { ok: true, message };
}

export default function AdminUsers({ loaderData, actionData }: Route.ComponentProps) {
  const { t, date } = useI18n();
  const navigation = useNavigation();
  const { users, hasNext, page, query, organizations, contactPoints } = loaderData;
  const busy = navigation.state !== "idle";
  const pageLink = (p: number) =>
    `/admin/users?${new URLSearchParams({ q: query, page: String(p) })}`;
  return (
    <div className="page">
      <h1>{t("admin.users")}</h1>
      {actionData ? (
        <p
          className={actionData.ok ? "notice" : "form-error"}
          role={actionData.ok ? "status" : "alert"}
        >
          {t(actionData.message)}
        </p>
      ) : null}
      <Form method="get" className="search-row" role="search">
        <label htmlFor="user-q" className="visually-hidden">
          {t("admin.users.search")}
        </label>
        <input id="user-q" name="q" defaultValue={query} placeholder={t("admin.users.search")} />
        <button type="submit" className="button">
          {t("admin.users.searchButton")}
        </button>
      </Form>
      {users.length === 0 ? <p className="empty">{t("admin.users.none")}</p> : null}
      <ul className="cards">
        {users.map((u) => (
          <li key={u.id} className="card user-card">
            <h2 className="card-title">{u.display_name}</h2>
            <p className="muted">
              {u.email} · {t("admin.users.joined")} {date(u.created_at)}
            </p>
            <h3 className="small-heading">{t("admin.users.roles")}</h3>
            {u.memberships.length === 0 ? <p>{t("admin.users.noRoles")}</p> : null}
            <ul className="role-list">
              {u.memberships.map((m) => (
                <li key={`${m.organization_id}-${m.role}`}>
                  <span className="tag">{t(`role.${m.role}`)}</span> {m.organizationName}
                  {m.contactPointName ? ` · ${m.contactPointName}` : ""}
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="organizationId" value={m.organization_id} />
                    <input type="hidden" name="role" value={m.role} />
                    <button
                      type="submit"
                      className="link-button danger"
                      disabled={busy}
                      aria-label={t("admin.users.revokeLabel", {
                        role: t(`role.${m.role}`),
                        user: u.display_name,
                        organization: m.organizationName,
                      })}
                    >
                      {t("admin.users.revoke")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
            <Form method="post" className="grant-form">
              <CsrfInput />
              <input type="hidden" name="intent" value="grant" />
              <input type="hidden" name="userId" value={u.id} />
              <div className="grant-field">
                <label htmlFor={`role-${u.id}`}>{t("admin.users.role")}</label>
                <select id={`role-${u.id}`} name="role" defaultValue="drafter">
                  {roles.map((r: Role) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="grant-field">
                <label htmlFor={`org-${u.id}`}>{t("admin.users.organization")}</label>
                <select id={`org-${u.id}`} name="organizationId">
                  {organizations.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="grant-field">
                <label htmlFor={`cp-${u.id}`}>{t("admin.users.contactPoint")}</label>
                <select id={`cp-${u.id}`} name="contactPointId" defaultValue="">
                  <option value="">—</option>
                  {contactPoints.map((cp) => (
                    <option key={cp.id} value={cp.id}>
                      {cp.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button" disabled={busy}>
                {t("admin.users.grant")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <nav className="pager" aria-label={t("admin.users")}>
        {page > 0 ? <Link to={pageLink(page - 1)}>{t("admin.users.prev")}</Link> : null}
        {hasNext ? <Link to={pageLink(page + 1)}>{t("admin.users.next")}</Link> : null}
      </nav>
    </div>
  );
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
