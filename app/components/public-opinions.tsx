import { ProvisionNote } from "./provision-note.tsx";
import { Link, useFetcher, useLocation } from "react-router";
import { opinionOrders } from "../lib/opinion-order.ts";
import type { OpinionListData, PublicOpinion, SupportAnswer } from "../lib/opinion-list.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { CsrfInput } from "./csrf-input.tsx";
import { OpinionProposed, OpinionQuote } from "./opinion-parts.tsx";
import { provisionAnchor } from "./legal-text.tsx";
import { OpinionChangeView } from "./opinion-change.tsx";

// Others' opinions as the public sees them: masked names, text shown escaped (React text
// nodes only), hidden ones as a placeholder with the moderator's reason, 附议 as a form that
// works without script and through a fetcher with it.

function outcomeMessage(t: ReturnType<typeof useI18n>["t"], answer: SupportAnswer): string {
  if (answer.outcome === "rateLimited")
    return t("error.rateLimited", { seconds: answer.retryAfter ?? 60 });
  return t(`participation.outcome.${answer.outcome}`);
}

function SupportControl({
  opinion,
  canSupport,
  signedIn,
  answer: pageAnswer,
}: {
  opinion: PublicOpinion;
  canSupport: boolean;
  signedIn: boolean;
  answer: SupportAnswer | undefined;
}) {
  const { t } = useI18n();
  const location = useLocation();
  const fetcher = useFetcher<SupportAnswer>();
  const answer = fetcher.data ?? (pageAnswer?.opinionId === opinion.id ? pageAnswer : undefined);
  // While a press is on its way, show what it will do.
  const pending = fetcher.formData?.get("intent");
  const supported = pending ? pending === "support" : opinion.supported;
  const count =
    pending && pending !== (opinion.supported ? "support" : "unsupport")
      ? opinion.supports + (pending === "support" ? 1 : -1)
      : opinion.supports;
  const countId = `supports-${opinion.id}`;
  return (
    <div className="support">
      <span className="support-count" id={countId}>
        {t("participation.supportCount", { count })}
      </span>
      {canSupport && !opinion.mine ? (
        signedIn ? (
          <fetcher.Form method="post" className="inline-form">
            <CsrfInput />
            <input type="hidden" name="opinionId" value={opinion.id} />
            <input type="hidden" name="intent" value={supported ? "unsupport" : "support"} />
            <button
              type="submit"
              className={supported ? "button small" : "button small primary"}
              aria-describedby={countId}
            >
              {t(supported ? "participation.unsupport" : "participation.support")}
            </button>
          </fetcher.Form>
        ) : (
          <Link to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>
            {t("participation.signInToSupport")}
          </Link>
        )
      ) : null}
      <span role="status" className="support-outcome">
        {answer && fetcher.state === "idle" ? outcomeMessage(t, answer) : ""}
      </span>
    </div>
  );
}

/** One opinion in a public list. */
export function PublicOpinionCard({
  opinion,
  open,
  signedIn,
  answer,
}: {
  opinion: PublicOpinion;
  open: boolean;
  signedIn: boolean;
  answer: SupportAnswer | undefined;
}) {
  const { t, date, region } = useI18n();
  const reading = t(`version.${opinion.versionLabel}`);
  if (opinion.hidden) {
    return (
      <article className="card opinion-card opinion-hidden" id={`opinion-${opinion.id}`}>
        {opinion.earlier ? (
          <p className="card-tags">
            <span className="tag tag-earlier">{t("participation.earlierTag", { reading })}</span>
          </p>
        ) : null}
        <p>
          <strong>{t("participation.hidden")}</strong>
        </p>
        {opinion.hiddenReason ? (
          <p className="muted">
            {t("participation.hiddenReason", { reason: opinion.hiddenReason })}
          </p>
        ) : null}
      </article>
    );
  }
  return (
    <article className="card opinion-card" id={`opinion-${opinion.id}`}>
      <p className="card-meta">
        {opinion.earlier ? (
          <span className="tag tag-earlier" title={t("participation.earlierNote", { reading })}>
            {t("participation.earlierTag", { reading })}
          </span>
        ) : null}
        <strong className="opinion-author">{opinion.author ?? t("participation.anonymous")}</strong>
        {opinion.region ? <span>{region(opinion.region)}</span> : null}
        <span>{t(`respondent.${opinion.respondentType}`)}</span>
        {opinion.channel !== "online" ? <span>{t(`channel.${opinion.channel}`)}</span> : null}
        <time dateTime={opinion.createdAt}>{date(opinion.createdAt)}</time>
      </p>
      <OpinionQuote text={opinion.quoteText} />
      <p className="opinion-body">{opinion.body}</p>
      <OpinionProposed text={opinion.proposedText} />
      {opinion.dispositionCode ? (
        <div className="opinion-disposition">
          <p>
            <strong>
              {t("participation.disposition", {
                code: t(`disposition.${opinion.dispositionCode}`),
              })}
            </strong>
          </p>
          {opinion.dispositionReason ? <p className="reason">{opinion.dispositionReason}</p> : null}
          {opinion.change ? (
            <OpinionChangeView change={opinion.change} yours={opinion.mine} />
          ) : null}
        </div>
      ) : null}
      <div className="opinion-actions">
        <SupportControl
          opinion={opinion}
          canSupport={open && !opinion.earlier}
          signedIn={signedIn}
          answer={answer}
        />
        <Link to={`/opinions/${opinion.id}/report`} className="report-link" rel="nofollow">
          {t("participation.report")}
        </Link>
      </div>
    </article>
  );
}

/** The page of public opinions on a provision, or on the whole draft. */
export function OpinionListPage({
  data,
  answer,
}: {
  data: OpinionListData;
  answer: SupportAnswer | undefined;
}) {
  const { t, label } = useI18n();
  const { search } = useLocation();
  const { consultation: c, provision, counts, opinions, page, pages, sort } = data;
  const open = c.status === "open";
  const target = provision ? label(provision.label) : t("mine.wholeDraft");
  const back = `/consultations/${c.id}${provision ? `#${provisionAnchor(provision.pid)}` : ""}`;
  // Links keep every other parameter of the address (a filter another part of the page adds),
  // so sorting and paging never drop one; a new order starts again at its first page.
  const withQuery = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [name, value] of Object.entries(changes))
      if (value === null) next.delete(name);
      else next.set(name, value);
    const query = next.toString();
    return query ? `?${query}` : "?";
  };
  const pageLink = (n: number) => withQuery({ page: n > 1 ? String(n) : null });
  return (
    <div className="page narrow-wide opinion-list-page">
      <p className="muted">
        <Link to={back}>{c.billTitle}</Link> · {t(`version.${c.versionLabel}`)}
      </p>
      <h1>{t("participation.title", { target })}</h1>
      {provision ? (
        <blockquote className="provision-quote">
          <strong>{provision.label}</strong> {provision.text}
        </blockquote>
      ) : null}
      {provision?.note ? <ProvisionNote note={provision.note} label={target} t={t} /> : null}
      {open ? (
        <p>
          <Link
            to={`/consultations/${c.id}/opinions/new${provision ? `?pid=${provision.pid}` : ""}`}
            className="button primary"
          >
            {provision ? t("opinion.giveLabel", { label: target }) : t("opinion.giveDraft")}
          </Link>
        </p>
      ) : null}
      <h2>{t("participation.listHeading", { count: counts.total })}</h2>
      {counts.total === 0 ? (
        <p className="empty">{t("participation.none")}</p>
      ) : (
        <>
          <p className="muted">{t("participation.intro")}</p>
          {counts.total > 1 ? (
            <nav className="opinion-sort" aria-label={t("opinionSort.label")}>
              <span aria-hidden="true">{t("opinionSort.label")}：</span>
              {opinionOrders.map((order) => (
                <Link
                  key={order}
                  to={withQuery({ sort: order === "newest" ? null : order, page: null })}
                  aria-current={order === sort ? "page" : undefined}
                  className={order === sort ? "current" : undefined}
                >
                  {t(`opinionSort.${order}`)}
                </Link>
              ))}
            </nav>
          ) : null}
          <ol className="opinion-list">
            {opinions.map((o) => (
              <li key={o.id}>
                <PublicOpinionCard
                  opinion={o}
                  open={open}
                  signedIn={data.signedIn}
                  answer={answer}
                />
              </li>
            ))}
          </ol>
        </>
      )}
      {pages > 1 ? (
        <nav className="pager" aria-label={t("participation.pages")}>
          {page > 1 ? <Link to={pageLink(page - 1)}>{t("participation.prev")}</Link> : null}
          <span>
            {page} / {pages}
          </span>
          {page < pages ? <Link to={pageLink(page + 1)}>{t("participation.next")}</Link> : null}
        </nav>
      ) : null}
      <p>
        <Link to={back}>{t("opinion.back")}</Link>
      </p>
    </div>
  );
}
