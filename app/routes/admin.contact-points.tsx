import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import { listContactPointsWithCoordinators } from "../../db/queries/contact-points.ts";
import { listOrganizations } from "../../db/queries/organizations.ts";
import {
  assignCoordinator,
  registerContactPoint,
  unassignCoordinator,
  updateContactPoint,
} from "../../services/contact-point-registry.ts";
import { isServiceError } from "../../services/errors.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { messageKey, requestTranslator, type MessageKey } from "../i18n/index.ts";
import { parseForm, type FieldErrors } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/contact-points.css";
import type { Route } from "./+types/admin.contact-points";

/** Which change the form asks for, and of which point (none when registering one). */
const ChangeSchema = z.object({
  intent: z.enum(["create", "update", "assign", "unassign"], "error.invalidInput"),
  pointId: z
    .string()
    .uuid("error.invalidInput")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

const PointSchema = z.object({
  organizationId: z.string().uuid("error.invalidInput"),
  name: z.string().trim().min(1, "error.required").max(100, "cp.error.tooLong"),
  district: z.string().trim().min(1, "error.required").max(50, "cp.error.tooLong"),
  address: z.string().trim().min(1, "error.required").max(200, "cp.error.tooLong"),
  hostOrganization: z.string().trim().max(200, "cp.error.tooLong").default(""),
  phone: z
    .string()
    .trim()
    .max(30, "cp.error.tooLong")
    .regex(/^[0-9+\-() ]*$/, "cp.error.phone")
    .default(""),
  active: z.string().optional(),
});

const AssignSchema = z.object({ email: z.string().trim().max(200, "error.email") });
const UnassignSchema = z.object({ userId: z.string().uuid("error.invalidInput") });

type ActionData = {
  ok: boolean;
  message: MessageKey;
  intent: string;
  pointId?: string;
  fields?: FieldErrors;
};

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireRole(request, context, ["admin"]);
  const t = requestTranslator(request);
  const [points, organizations] = await Promise.all([
    listContactPointsWithCoordinators(context.db),
    listOrganizations(context.db),
  ]);
  return { points, organizations, pageTitle: `${t("admin.contactPoints")} · ${t("app.name")}` };
}

export async function action({ request, context }: Route.ActionArgs) {
  const admin = await requireRole(request, context, ["admin"]);
  const form = await requireCsrf(request, context);
  const actor = { userId: admin.id, ip: context.clientIp };
  const change = parseForm(ChangeSchema, form);
  const intent = change.ok ? change.data.intent : String(form.get("intent") ?? "");
  const pointId = change.ok ? change.data.pointId : undefined;
  const fail = (status: number, message: MessageKey, fields?: FieldErrors) =>
    data<ActionData>({ ok: false, message, intent, pointId, fields }, { status });
  const done = (message: MessageKey): ActionData => ({ ok: true, message, intent, pointId });
  if (!change.ok) return fail(400, "error.invalidInput");
  try {
    if (intent === "create" || intent === "update") {
      const parsed = parseForm(PointSchema, form);
      if (!parsed.ok) return fail(400, "error.invalidInput", parsed.errors);
      const details = { ...parsed.data, active: parsed.data.active === "yes" };
      if (intent === "create") await registerContactPoint(context.db, actor, details);
      else if (pointId) await updateContactPoint(context.db, actor, pointId, details);
      else return fail(400, "error.invalidInput");
      return done("cp.admin.saved");
    }
    if (!pointId) return fail(400, "error.invalidInput");
    if (intent === "assign") {
      const parsed = parseForm(AssignSchema, form);
      if (!parsed.ok) return fail(400, "error.invalidInput", parsed.errors);
      await assignCoordinator(context.db, actor, { pointId, email: parsed.data.email });
      return done("admin.users.granted");
    }
    const parsed = parseForm(UnassignSchema, form);
    if (!parsed.ok) return fail(400, "error.invalidInput", parsed.errors);
    await unassignCoordinator(context.db, actor, { pointId, userId: parsed.data.userId });
    return done("admin.users.revoked");
  } catch (error) {
    if (isServiceError(error))
      return fail(error.status, messageKey(error.messageKey, "error.generic"));
    throw error;
  }
}

function PointFields({
  prefix,
  organizations,
  values,
  fields = {},
}: {
  prefix: string;
  organizations: { id: string; name: string }[];
  values?: {
    organization_id: string;
    name: string;
    district: string;
    address: string;
    host_organization: string;
    phone: string | null;
    active: boolean;
  };
  fields?: FieldErrors;
}) {
  const { t } = useI18n();
  const text = (name: string, label: MessageKey, value: string, max: number, required = true) => (
    <div className="field">
      <label htmlFor={`${prefix}-${name}`}>{t(label)}</label>
      <input
        id={`${prefix}-${name}`}
        name={name}
        defaultValue={value}
        maxLength={max}
        required={required}
        aria-invalid={fields[name] ? true : undefined}
        aria-describedby={fields[name] ? `${prefix}-${name}-error` : undefined}
      />
      {fields[name] ? (
        <p className="field-error" id={`${prefix}-${name}-error`}>
          {t(fields[name]!)}
        </p>
      ) : null}
    </div>
  );
  return (
    <>
      {text("name", "cp.admin.name", values?.name ?? "", 100)}
      <div className="cp-grid">
        {text("district", "cp.admin.district", values?.district ?? "", 50)}
        {text("phone", "cp.admin.phone", values?.phone ?? "", 30, false)}
      </div>
      {text("address", "cp.admin.address", values?.address ?? "", 200)}
      {text("hostOrganization", "cp.admin.host", values?.host_organization ?? "", 200, false)}
      <div className="field">
        <label htmlFor={`${prefix}-org`}>{t("cp.admin.congress")}</label>
        <select id={`${prefix}-org`} name="organizationId" defaultValue={values?.organization_id}>
          {organizations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      {values ? (
        <label className="cp-check">
          <input type="checkbox" name="active" value="yes" defaultChecked={values.active} />{" "}
          {t("cp.admin.active")}
        </label>
      ) : null}
    </>
  );
}

export default function AdminContactPoints({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const { points, organizations } = loaderData;
  const result = actionData as ActionData | undefined;
  const message = (id?: string) =>
    result && result.pointId === id ? (
      <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
        {t(result.message)}
      </p>
    ) : null;
  return (
    <div className="page">
      <h1>{t("admin.contactPoints")}</h1>
      <ul className="cards single">
        {points.map((p) => (
          <li key={p.id} className="card">
            <h2 className="card-title">
              {p.name} {!p.active ? <span className="tag">{t("cp.admin.inactive")}</span> : null}
            </h2>
            <p className="muted">
              {p.district} · {p.address}
              {p.phone ? ` · ${p.phone}` : ""} · {p.host_organization || p.organizationName}
            </p>
            {message(p.id)}
            <h3 className="small-heading">{t("cp.admin.coordinators")}</h3>
            {p.coordinators.length === 0 ? (
              <p className="muted">{t("cp.admin.noCoordinator")}</p>
            ) : null}
            <ul className="role-list">
              {p.coordinators.map((c) => (
                <li key={c.id}>
                  {c.display_name} · {c.email}
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="unassign" />
                    <input type="hidden" name="pointId" value={p.id} />
                    <input type="hidden" name="userId" value={c.id} />
                    <button
                      type="submit"
                      className="link-button danger"
                      disabled={busy}
                      aria-label={t("cp.admin.unassignLabel", {
                        name: c.display_name,
                        point: p.name,
                      })}
                    >
                      {t("admin.users.revoke")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
            <Form method="post" className="inline-fields">
              <CsrfInput />
              <input type="hidden" name="intent" value="assign" />
              <input type="hidden" name="pointId" value={p.id} />
              <div className="grant-field grow">
                <label htmlFor={`assign-${p.id}`}>{t("cp.admin.assignEmail")}</label>
                <input id={`assign-${p.id}`} name="email" type="email" required />
              </div>
              <button type="submit" className="button small" disabled={busy}>
                {t("cp.admin.assign")}
              </button>
            </Form>
            <details className="cp-edit">
              <summary>{t("cp.admin.edit")}</summary>
              <Form method="post" className="stack">
                <CsrfInput />
                <input type="hidden" name="intent" value="update" />
                <input type="hidden" name="pointId" value={p.id} />
                <PointFields
                  prefix={`edit-${p.id}`}
                  organizations={organizations}
                  values={p}
                  fields={result?.pointId === p.id ? result.fields : undefined}
                />
                <button type="submit" className="button" disabled={busy}>
                  {t("handling.save")}
                </button>
              </Form>
            </details>
          </li>
        ))}
      </ul>
      <section className="panel" aria-labelledby="cp-admin-new">
        <h2 id="cp-admin-new">{t("cp.admin.new")}</h2>
        {message(undefined)}
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <PointFields
            prefix="new-point"
            organizations={organizations}
            fields={result && !result.pointId ? result.fields : undefined}
          />
          <button type="submit" className="button primary" disabled={busy}>
            {t("cp.admin.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
