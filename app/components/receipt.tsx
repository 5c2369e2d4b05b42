import { useEffect, useRef, useState, type ReactNode } from "react";
import { Form, Link, useFetcher } from "react-router";
import type { MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { CsrfInput } from "./csrf-input.tsx";
import "../styles/receipt.css";

// The receipt of an opinion or a proposal (issue 18, items 3 and 5), one component for both: the
// heading takes the focus when the receipt appears (it replaced the form, and focus fell to
// <body>), the receipt number and lookup code can be printed (the print stylesheet leaves only
// the receipt) or saved as a PNG drawn on a canvas in the browser, and an opinion's author
// without an account may leave an address for its outcome (OutcomeContactForm). The lookup
// pages' form is here too: it asks for exactly what the receipt shows.

export interface ReceiptFacts {
  /** What was received: "感谢您的意见". */
  heading: string;
  /** One sentence saying what was received. */
  message: string;
  /** Said when a moderator must look at it first. */
  pending?: string | null;
  /** What it was on: the bill or the call, for the printed and saved copy. */
  subject: string;
  receiptLabel: string;
  receipt: string;
  codeLabel: string;
  lookupCode: string;
  /** What to do with the numbers (keep them, or find it under 我的意见). */
  hint: string;
  /** When the server took it (ISO): the same time on the server's page and in the browser. */
  submittedAt: string;
}

/** The receipt shown after a submission; `children` are the links under it. */
export function Receipt({
  facts,
  contact,
  children,
}: {
  facts: ReceiptFacts;
  /** The outcome-contact form, offered for an opinion sent without an account. */
  contact?: ReactNode;
  children?: ReactNode;
}) {
  const { t, dateTime } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [image, setImage] = useState<"saved" | "failed" | null>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const rows = [
    { label: facts.receiptLabel, value: facts.receipt },
    { label: facts.codeLabel, value: facts.lookupCode },
    { label: t("receipt.submittedAt"), value: dateTime(facts.submittedAt) },
  ];
  const save = () => {
    drawReceipt({ title: facts.heading, subject: facts.subject, message: facts.message, rows })
      .then((blob) => {
        const url = URL.createObjectURL(blob);
        const a = document.createElement("a");
        a.href = url;
        a.download = t("receipt.fileName", { receipt: facts.receipt });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        setImage("saved");
      })
      .catch(() => setImage("failed"));
  };
  return (
    <div className="page narrow receipt-page">
      <section className="receipt-card" aria-labelledby="receipt-heading">
        <h1 id="receipt-heading" ref={heading} tabIndex={-1}>
          {facts.heading}
        </h1>
        <div className="notice" role="status">
          <p>{facts.message}</p>
          {facts.pending ? <p>{facts.pending}</p> : null}
          <p className="receipt-subject">{facts.subject}</p>
          <dl className="receipt">
            {rows.map((r) => (
              <div key={r.label} className="receipt-row">
                <dt>{r.label}</dt>
                <dd>{r.value}</dd>
              </div>
            ))}
          </dl>
          <p>{facts.hint}</p>
        </div>
      </section>
      <div className="receipt-actions no-print" role="group" aria-label={t("receipt.actions")}>
        <button type="button" className="button" onClick={() => window.print()}>
          {t("receipt.print")}
        </button>
        <button type="button" className="button" onClick={save}>
          {t("receipt.saveImage")}
        </button>
      </div>
      {image ? (
        <p className={image === "saved" ? "muted no-print" : "form-error no-print"} role="status">
          {t(image === "saved" ? "receipt.imageSaved" : "receipt.imageFailed")}
        </p>
      ) : null}
      {contact ? <div className="no-print">{contact}</div> : null}
      <p className="no-print">{children}</p>
    </div>
  );
}

/** What the outcome-contact action answers (app/routes/outcome-contact.tsx). */
export type OutcomeContactAnswer =
  | { ok: true; channel: "email" | "sms"; token: string }
  | { ok: false; message: MessageKey; fields: Partial<Record<"address" | "consent", MessageKey>> };

/**
 * An optional e-mail address or mobile number for the opinion's outcome, with an unticked consent
 * box that states the one purpose. Posts to /outcome/contact (a fetcher, so the receipt stays; a
 * plain form post without JavaScript).
 */
export function OutcomeContactForm({
  receipt,
  lookupCode,
}: {
  receipt: string;
  lookupCode: string;
}) {
  const { t } = useI18n();
  const fetcher = useFetcher<OutcomeContactAnswer>();
  const answer = fetcher.data;
  if (answer?.ok) return <OutcomeContactSaved answer={answer} />;
  const fields = answer && !answer.ok ? answer.fields : {};
  return (
    <fetcher.Form
      method="post"
      action="/outcome/contact"
      className="stack outcome-contact"
      noValidate
    >
      <fieldset>
        <legend>{t("outcome.contact.legend")}</legend>
        <p className="hint" id="oc-intro">
          {t("outcome.contact.intro")}
        </p>
        <CsrfInput />
        <input type="hidden" name="receipt" value={receipt} />
        <input type="hidden" name="code" value={lookupCode} />
        <div className="field">
          <label htmlFor="oc-address">{t("outcome.contact.address")}</label>
          <input
            id="oc-address"
            name="address"
            maxLength={254}
            autoComplete="email"
            aria-invalid={fields.address ? true : undefined}
            aria-describedby={fields.address ? "oc-address-error" : "oc-intro"}
          />
          {fields.address ? (
            <p className="field-error" id="oc-address-error">
              {t(fields.address)}
            </p>
          ) : null}
        </div>
        <div className="consent">
          <input
            id="oc-consent"
            type="checkbox"
            name="consent"
            value="yes"
            aria-invalid={fields.consent ? true : undefined}
            aria-describedby={fields.consent ? "oc-consent-error" : undefined}
          />
          <label htmlFor="oc-consent">{t("outcome.contact.consent")}</label>
          {fields.consent ? (
            <p className="field-error" id="oc-consent-error">
              {t(fields.consent)}
            </p>
          ) : null}
        </div>
        {answer && !answer.ok && Object.keys(fields).length === 0 ? (
          <p className="form-error" role="alert">
            {t(answer.message)}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={fetcher.state !== "idle"}>
          {t("outcome.contact.submit")}
        </button>
      </fieldset>
    </fetcher.Form>
  );
}

/** The contact was kept: what will be sent, and the way to take it back at once. */
export function OutcomeContactSaved({
  answer,
}: {
  answer: Extract<OutcomeContactAnswer, { ok: true }>;
}) {
  const { t } = useI18n();
  return (
    <div className="notice outcome-contact" role="status">
      <p>
        {t(
          answer.channel === "email" ? "outcome.contact.saved.email" : "outcome.contact.saved.sms",
        )}
      </p>
      <p>
        <Link to={`/outcome/unsubscribe?token=${encodeURIComponent(answer.token)}`}>
          {t("outcome.contact.unsubscribe")}
        </Link>
      </p>
    </div>
  );
}

/** The lookup pages' form: the receipt number and the lookup code, as the receipt shows them. */
export function ReceiptLookupForm({
  idPrefix,
  receipt,
  receiptLabel,
  codeLabel,
  submitLabel,
}: {
  idPrefix: string;
  receipt: string;
  receiptLabel: string;
  codeLabel: string;
  submitLabel: string;
}) {
  return (
    <Form method="post" className="stack">
      <CsrfInput />
      <div className="field">
        <label htmlFor={`${idPrefix}-receipt`}>{receiptLabel}</label>
        <input
          id={`${idPrefix}-receipt`}
          name="receipt"
          defaultValue={receipt}
          required
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-code`}>{codeLabel}</label>
        <input id={`${idPrefix}-code`} name="code" required autoComplete="off" />
      </div>
      <button type="submit" className="button primary">
        {submitLabel}
      </button>
    </Form>
  );
}

const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

/** Breaks text into lines that fit `width` (by character: Chinese has no spaces to break at). */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const ch of text) {
    if (ctx.measureText(line + ch).width > width && line) {
      lines.push(line);
      line = ch;
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Draws the receipt on a canvas and encodes it as PNG, in the browser: no library and nothing
 * sent anywhere. Twice the CSS size, so the numbers stay sharp on a phone's screen.
 */
function drawReceipt(receipt: {
  title: string;
  subject: string;
  message: string;
  rows: { label: string; value: string }[];
}): Promise<Blob> {
  const scale = 2;
  const width = 480;
  const pad = 28;
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d");
  if (!ctx) return Promise.reject(new Error("no canvas"));
  const inner = width - pad * 2;
  ctx.font = `16px ${FONT}`;
  const subject = wrap(ctx, receipt.subject, inner);
  const message = wrap(ctx, receipt.message, inner);
  const height =
    pad * 2 + 36 + (subject.length + message.length) * 24 + 16 + receipt.rows.length * 56;
  canvas.width = width * scale;
  canvas.height = height * scale;
  ctx.scale(scale, scale);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = "#8a1c1c";
  ctx.lineWidth = 2;
  ctx.strokeRect(1, 1, width - 2, height - 2);
  ctx.textBaseline = "top";
  let y = pad;
  ctx.fillStyle = "#8a1c1c";
  ctx.font = `bold 22px ${FONT}`;
  ctx.fillText(receipt.title, pad, y);
  y += 36;
  ctx.fillStyle = "#1a1a1a";
  ctx.font = `16px ${FONT}`;
  for (const l of [...subject, ...message]) {
    ctx.fillText(l, pad, y);
    y += 24;
  }
  y += 16;
  for (const r of receipt.rows) {
    ctx.fillStyle = "#555555";
    ctx.font = `14px ${FONT}`;
    ctx.fillText(r.label, pad, y);
    ctx.fillStyle = "#1a1a1a";
    ctx.font = `bold 20px ${FONT}`;
    ctx.fillText(r.value, pad, y + 20);
    y += 56;
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("no image"))), "image/png"),
  );
}
