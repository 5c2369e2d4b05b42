import { useRef, useState } from "react";
import { data, Form, Link } from "react-router";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "../../services/contact-point-import.ts";
import { activityLabel } from "../../services/documents/opinion-template-xlsx.ts";
import {
  consultationForPoint,
  listSubmissions,
  reportActivities,
  reportState,
} from "../../db/queries/contact-points.ts";
import { notFound } from "../../services/errors.ts";
import { requireCoordinator } from "../auth/coordinator.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { requestTranslator } from "../i18n/index.ts";
import { runImport, type ImportAnswer } from "../lib/cp-import.server.ts";
import { refusalResponse } from "../lib/errors.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/contact-points.css";
import type { Route } from "./+types/coordinator.import";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { point } = await requireCoordinator(request, context);
  const consultation = await consultationForPoint(context.db, params.id);
  if (!consultation) throw refusalResponse(request, notFound("consultation.notFound"));
  const t = requestTranslator(request);
  const { draft } = reportState(await listSubmissions(context.db, point.id, consultation.id));
  const activities = draft ? await reportActivities(context.db, draft.id) : [];
  return {
    consultation: { id: consultation.id, billTitle: consultation.billTitle },
    // The sheet's own label (its number tells the rows apart), with the time, title and host
    // that tell the person choosing apart two activities of one day (issue 18).
    activities: activities.map((a, i) => ({
      id: a.id,
      label: [activityLabel(i, a), a.start_time, a.title, a.host].filter(Boolean).join(" · "),
    })),
    maxMb: IMPORT_MAX_BYTES / 1024 / 1024,
    maxRows: IMPORT_MAX_ROWS,
    pageTitle: `${t("cp.import.title")} · ${consultation.billTitle} · ${t("app.name")}`,
  };
}

/** Without JavaScript the form posts here and the page shows the answer. */
export async function action({ request, params, context }: Route.ActionArgs) {
  const { status, body } = await runImport(request, context, params.id);
  return data(body, { status });
}

export default function ImportOpinions({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useI18n();
  const { consultation, activities, maxMb, maxRows } = loaderData;
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<"idle" | "uploading" | "checking">("idle");
  const formRef = useRef<HTMLFormElement>(null);
  const shown = answer ?? (actionData as ImportAnswer | undefined) ?? null;

  function upload(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = new FormData(form);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/coordinator/consultations/${consultation.id}/import/upload`);
    xhr.setRequestHeader("Accept", "application/json");
    setAnswer(null);
    setProgress(0);
    setPhase("uploading");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.upload.onload = () => {
      setProgress(100);
      setPhase("checking");
    };
    xhr.onload = () => {
      setPhase("idle");
      setProgress(null);
      try {
        const parsed = JSON.parse(xhr.responseText) as ImportAnswer;
        setAnswer(parsed);
        if (parsed.ok) form.reset();
      } catch {
        setAnswer({ ok: false, message: t("error.generic"), imported: 0, problems: [] });
      }
    };
    xhr.onerror = () => {
      setPhase("idle");
      setProgress(null);
      setAnswer({ ok: false, message: t("error.generic"), imported: 0, problems: [] });
    };
    xhr.send(body);
  }

  return (
    <div className="page narrow-wide cp-page">
      <p className="muted">
        <Link to="/coordinator">{t("coordinator.title")}</Link> ·{" "}
        <Link to={`/coordinator/consultations/${consultation.id}`}>{consultation.billTitle}</Link>
      </p>
      <h1>{t("cp.import.title")}</h1>
      <ol className="cp-steps">
        <li>
          {t("cp.import.step1")}{" "}
          <a href={`/coordinator/consultations/${consultation.id}/template.xlsx`} download>
            {t("cp.import.template")}
          </a>
        </li>
        <li>{t("cp.import.step2")}</li>
        <li>{t("cp.import.step3", { mb: maxMb, rows: maxRows })}</li>
      </ol>
      {activities.length === 0 ? (
        <p className="form-error">{t("cp.import.noActivity")}</p>
      ) : (
        <Form
          method="post"
          encType="multipart/form-data"
          className="stack"
          ref={formRef}
          onSubmit={upload}
          reloadDocument
        >
          <CsrfInput />
          <div className="field">
            <label htmlFor="cp-file">{t("cp.import.file")}</label>
            <input
              id="cp-file"
              name="file"
              type="file"
              required
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            />
          </div>
          <div className="field">
            <label htmlFor="cp-default-activity">{t("cp.import.defaultActivity")}</label>
            <select id="cp-default-activity" name="activityId" defaultValue={activities.at(-1)?.id}>
              <option value="">—</option>
              {activities.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button primary" disabled={phase !== "idle"}>
            {t("cp.import.submit")}
          </button>
          {progress !== null ? (
            <div className="cp-progress">
              <label htmlFor="cp-progress">
                {phase === "checking" ? t("cp.import.checking") : t("cp.import.uploading")}
              </label>
              <progress id="cp-progress" max={100} value={progress}>
                {progress}%
              </progress>
            </div>
          ) : null}
        </Form>
      )}
      {shown ? (
        <div className={shown.ok ? "notice" : "form-error"} role={shown.ok ? "status" : "alert"}>
          <p>{shown.message}</p>
          {shown.problems.length > 0 ? (
            <ul className="cp-problems">
              {shown.problems.map((p) => (
                <li key={`${p.line}-${p.message}`}>{p.message}</li>
              ))}
            </ul>
          ) : null}
          {shown.ok ? (
            <p>
              <Link to={`/coordinator/consultations/${consultation.id}`}>
                {t("cp.import.back")}
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
