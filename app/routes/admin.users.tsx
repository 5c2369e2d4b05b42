import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import { roles, type Role } from "../../db/codes.ts";
import { listContactPoints, listOrganizations } from "../../db/queries/organizations.ts";
import { getUserWithRoles, listUsers } from "../../db/queries/users.ts";
import { grantUserRole, revokeUserRole } from "../../services/accounts.ts";
import { isServiceError } from "../../services/errors.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { parseForm, parseQuery, readQuery } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/audit.css";
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

// Revoking asks first: the list's 撤销 is a link to this page with the role named in the query
// (?revoke=user&organization=…&role=…), which shows what will be lost and posts the revocation
// only when confirmed. A page, not a script's confirm(), so it works without JavaScript.
const RevokeQuery = z.object({
  revoke: z.string().uuid(),
  organization: z.string().uuid(),
  role: z.enum(roles),
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
  const asked = parseQuery(RevokeQuery, request);
  if (asked.ok) {
    const user = await getUserWithRoles(context.db, asked.data.revoke);
    const membership = user?.memberships.find(
      (m) => m.organizationId === asked.data.organization && m.role === asked.data.role,
    );
    return {
      confirm: {
        user: user ? { id: user.id, name: user.display_name, email: user.email } : null,
        membership: membership ?? null,
        role: asked.data.role,
      },
      query,
      page,
      pageTitle: `${t("admin.users.revokeConfirmTitle")} · ${t("app.name")}`,
    };
  }
  const [users, organizations, contactPoints] = await Promise.all([
    listUsers(context.db, { query, limit: PAGE + 1, offset: page * PAGE }),
    listOrganizations(context.db),
    listContactPoints(context.db, { activeOnly: true }),
  ]);
  return {
    confirm: null,
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
  if (loaderData.confirm)
    return <RevokeConfirmation {...loaderData} confirm={loaderData.confirm} />;
  return <UserList loaderData={loaderData} actionData={actionData} />;
}

type ListData = Extract<Route.ComponentProps["loaderData"], { confirm: null }>;
type ConfirmData = Extract<Route.ComponentProps["loaderData"], { confirm: object }>;

/** The list's own address (search and page kept), where a confirmation goes back to. */
function listLink(query: string, page: number): string {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (page) params.set("page", String(page));
  const search = params.toString();
  return search ? `/admin/users?${search}` : "/admin/users";
}

/** The confirmation of one revocation: who loses which role where, and the two choices. */
function RevokeConfirmation({ confirm, query, page }: ConfirmData) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const back = listLink(query, page);
  const { user, membership, role } = confirm;
  return (
    <div className="page revoke-confirm">
      <h1>{t("admin.users.revokeConfirmTitle")}</h1>
      {user && membership ? (
        <>
          <p>
            {t("admin.users.revokeConfirmBody", {
              user: user.name,
              email: user.email,
              role: t(`role.${role}`),
              organization: membership.contactPointName
                ? `${membership.organizationName} · ${membership.contactPointName}`
                : membership.organizationName,
            })}
          </p>
          <Form method="post" action={back} className="actions">
            <CsrfInput />
            <input type="hidden" name="intent" value="revoke" />
            <input type="hidden" name="userId" value={user.id} />
            <input type="hidden" name="organizationId" value={membership.organizationId} />
            <input type="hidden" name="role" value={role} />
            <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
              {t("admin.users.revokeConfirm")}
            </button>
            <Link to={back}>{t("admin.users.revokeCancel")}</Link>
          </Form>
        </>
      ) : (
        <>
          <p className="form-error" role="alert">
            {t("admin.users.revokeGone")}
          </p>
          <p>
            <Link to={back}>{t("admin.users")}</Link>
          </p>
        </>
      )}
    </div>
  );
}

function UserList({
  loaderData,
  actionData,
}: {
  loaderData: ListData;
  actionData: Route.ComponentProps["actionData"];
}) {
  const { t, date } = useI18n();
  const navigation = useNavigation();
  const { users, hasNext, page, query, organizations, contactPoints } = loaderData;
  const busy = navigation.state !== "idle";
  const pageLink = (p: number) =>
    `/admin/users?${new URLSearchParams({ q: query, page: String(p) })}`;
  const revokeLink = (userId: string, organizationId: string, role: Role) => {
    const params = new URLSearchParams({ revoke: userId, organization: organizationId, role });
    if (query) params.set("q", query);
    if (page) params.set("page", String(page));
    return `/admin/users?${params}`;
  };
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
                  <Link
                    to={revokeLink(u.id, m.organization_id, m.role)}
                    className="link-button danger"
                    aria-label={t("admin.users.revokeLabel", {
                      role: t(`role.${m.role}`),
                      user: u.display_name,
                      organization: m.organizationName,
                    })}
                  >
                    {t("admin.users.revoke")}
                  </Link>
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
