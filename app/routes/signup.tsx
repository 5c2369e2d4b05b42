import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { signUp } from "../../services/accounts.ts";
import { isServiceError } from "../../services/errors.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { enforceRateLimit } from "../auth/rate-limit.server.ts";
import { getCurrentUser, signInAndRedirect } from "../auth/session.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { Field } from "../components/field.tsx";
import { parseForm, textLine, type FieldErrors } from "../lib/forms.ts";
import { messageKey, requestLocale, requestTranslator } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/signup";

const SignUpSchema = z.object({
  email: textLine().trim().min(1, "error.required").max(200, "error.email").email("error.email"),
  displayName: textLine().trim().min(1, "error.required").max(50, "error.tooLong50"),
  password: z.string().min(8, "error.passwordShort").max(200, "error.passwordLong"),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  if (await getCurrentUser(request, context)) throw redirect("/me");
  const t = requestTranslator(request);
  return { pageTitle: `${t("auth.signUp.title")} · ${t("app.name")}` };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await requireCsrf(request, context);
  const parsed = parseForm(SignUpSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  await enforceRateLimit(request, context, "signUp");
  try {
    const userId = await signUp(context.db, {
      ...parsed.data,
      locale: requestLocale(request),
      ip: context.clientIp,
    });
    return signInAndRedirect(request, context, userId, "/me");
  } catch (error) {
    if (!isServiceError(error)) throw error;
    const errors: FieldErrors = Object.fromEntries(
      Object.entries(error.fields ?? {}).map(([field, key]) => [field, messageKey(key)]),
    );
    return data({ errors }, { status: error.status });
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

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
