import { data, Form, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { billKinds } from "../../db/codes.ts";
import { createBill } from "../../services/readings.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { Field } from "../components/field.tsx";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import { parseForm, textLine } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/bill-new";

const NewBillSchema = z.object({
  title: textLine().trim().min(1, "error.required").max(200, "error.tooLong200"),
  kind: z.enum(billKinds),
  organizationId: z.string().uuid("error.invalidInput"),
});

function draftingOrganizations(user: Awaited<ReturnType<typeof requireRole>>) {
  const seen = new Map<string, string>();
  for (const m of user.memberships)
    if (m.role === "drafter" || m.role === "admin") seen.set(m.organizationId, m.organizationName);
  return [...seen].map(([id, name]) => ({ id, name }));
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireRole(request, context, ["drafter", "admin"]);
  const t = requestTranslator(request);
  return {
    title: `${t("bill.new.title")} · ${t("app.name")}`,
    organizations: draftingOrganizations(user),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireRole(request, context, ["drafter", "admin"]);
  const form = await requireCsrf(request, context);
  const parsed = parseForm(NewBillSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  // Only a legislature the user drafts for.
  if (!draftingOrganizations(user).some((o) => o.id === parsed.data.organizationId)) {
    const errors: Partial<Record<string, MessageKey>> = { organizationId: "error.forbidden" };
    return data({ errors }, { status: 403 });
  }
  const billId = await createBill(context.db, {
    ...parsed.data,
    createdBy: user.id,
    ip: context.clientIp,
  });
  throw redirect(`/bills/${billId}/edit`);
}

export default function NewBill({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const errors: Partial<Record<string, MessageKey>> = actionData?.errors ?? {};
  return (
    <div className="page narrow">
      <h1>{t("bill.new.title")}</h1>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <Field
          name="title"
          label={t("bill.new.name")}
          hint={t("bill.new.nameHint")}
          required
          maxLength={200}
          error={errors.title}
        />
        <div className="field">
          <label htmlFor="field-kind">{t("bill.new.kind")}</label>
          <select id="field-kind" name="kind" defaultValue="new">
            {billKinds.map((k) => (
              <option key={k} value={k}>
                {t(`billKind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-organizationId">{t("admin.users.organization")}</label>
          <select id="field-organizationId" name="organizationId">
            {loaderData.organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          {errors.organizationId ? <p className="field-error">{t(errors.organizationId)}</p> : null}
        </div>
        <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
          {t("bill.new.submit")}
        </button>
      </Form>
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "开门立法 Kaimen" }];
