import { Link } from "react-router";
import { ProposalFate, type PublicProposalView } from "./proposal-parts.tsx";
import { useI18n } from "../lib/use-i18n.ts";

/** 我的建议 on /me: the person's project proposals and what became of each once the plan is out. */
export function MyProposals({
  proposals,
}: {
  proposals: (PublicProposalView & { status: "pending" | "published" | "hidden" })[];
}) {
  const { t, dateTime } = useI18n();
  if (proposals.length === 0) return null;
  return (
    <section aria-labelledby="my-proposals">
      <h2 id="my-proposals">{t("proposal.mine.title")}</h2>
      <ul className="cards">
        {proposals.map((p) => (
          <li key={p.id} className="card">
            <h3 className="card-title">
              {p.status === "published" ? (
                <Link to={`/proposals/${p.id}`}>{p.title}</Link>
              ) : (
                p.title
              )}
            </h3>
            <p className="muted">
              {p.callTitle} · {dateTime(p.created_at)} ·{" "}
              {t("proposal.mine.status", { status: t(`opinionStatus.${p.status}`) })}
            </p>
            <ProposalFate p={p} />
          </li>
        ))}
      </ul>
    </section>
  );
}
