import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { recordAudit } from "../../db/queries/audit.ts";
import { grantRole, insertUser } from "../../db/queries/users.ts";
import { defaultOrganizationId } from "../../db/queries/organizations.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { hashPassword } from "../../db/password.ts";
import { enforceRateLimit } from "../auth/rate-limit.server.ts";
import { getCurrentUser, signInAndRedirect } from "../auth/session.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { Field } from "../components/field.tsx";
import { parseForm, textLine } from "../lib/forms.ts";
import { requestLocale } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/signup";

const SignUpSchema = z.object({
  email: textLine().trim().min(1, "error.required").max(200, "error.email").email("error.email"),
  displayName: textLine().trim().min(1, "error.required").max(50, "error.tooLong50"),
  password: z.string().min(8, "error.passwordShort").max(200, "error.passwordLong"),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  if (await getCurrentUser(request, context)) throw redirect("/me");
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const parsed = parseForm(SignUpSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  await enforceRateLimit(request, context, "signUp");
  const { email, displayName, password } = parsed.data;
  const passwordHash = await hashPassword(password);
  const locale = requestLocale(request);
  const userId = await createCitizen().catch((error: { code?: string }) => {
    // Two sign-ups with one address at the same moment: the database's unique key decides.
    if (error.code === "23505") return null;
    throw error;
  });
  if (!userId)
    return data({ errors: { email: "auth.signUp.emailTaken" as const } }, { status: 400 });
  return signInAndRedirect(request, context, userId, "/me");

  function createCitizen() {
    return context.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom("users")
        .select("id")
        .where("email", "=", email.toLowerCase())
        .executeTakeFirst();
      if (taken) return null;
      const id = await insertUser(trx, { email, displayName, passwordHash, locale });
      const organizationId = await defaultOrganizationId(trx);
      if (organizationId) await grantRole(trx, { userId: id, organizationId, role: "citizen" });
      await recordAudit(trx, {
        actorUserId: id,
        action: "user.sign_up",
        subjectType: "user",
        subjectId: id,
        ip: context.clientIp,
      });
      return id;
    });
  }
}

export default function SignUp({ actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const errors: Partial<Record<string, Parameters<typeof t>[0]>> = actionData?.errors ?? {};
  return (
    <div className="page narrow">
      <h1>{t("auth.signUp.title")}</h1>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <Field
          name="email"
          type="email"
          label={t("auth.email")}
          autoComplete="email"
          required
          error={errors.email}
        />
        <Field
          name="displayName"
          label={t("auth.displayName")}
          hint={t("auth.displayNameHint")}
          autoComplete="name"
          required
          maxLength={50}
          error={errors.displayName}
        />
        <Field
          name="password"
          type="password"
          label={t("auth.password")}
          hint={t("auth.passwordHint")}
          autoComplete="new-password"
          required
          minLength={8}
          error={errors.password}
        />
        <button
          type="submit"
          className="button primary"
          disabled={navigation.state === "submitting"}
        >
          {t("auth.signUp.submit")}
        </button>
      </Form>
      <p>
        {t("auth.signUp.haveAccount")} <Link to="/login">{t("nav.signIn")}</Link>
      </p>
    </div>
  );
}
