import { z } from "zod";
import {
  listAnnouncedHearings,
  listPublicRegistrations,
  listReportPoints,
  hearingStatus,
} from "../../db/queries/hearings.ts";
import { answerApi } from "../lib/errors.ts";
import { readQuery } from "../lib/forms.ts";
import { Limit, TimeCursor, cursorAfter } from "../lib/proposal-cursor.ts";
import type { Route } from "./+types/api.hearings";

const ListQuery = z.object({ limit: Limit, next: TimeCursor.optional() });

/**
 * GET /api/v1/hearings — announced hearings, newest announcement first (CONTRACTS.md). Public
 * data only: registrations by number and stance with the draw's outcome, the seed once drawn,
 * the report once published; never a registrant's name or contact.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  return answerApi(request, async () => {
    const query = readQuery(ListQuery, request, { api: true });
    const now = new Date();
    const rows = await listAnnouncedHearings(context.db, {
      ...(query.next ? { after: query.next } : {}),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const items = await Promise.all(
      page.map(async (h) => {
        const drawn = h.drawn_at !== null;
        const reported = h.report_published_at !== null;
        const [registrations, points] = await Promise.all([
          listPublicRegistrations(context.db, h.id),
          reported ? listReportPoints(context.db, h.id) : Promise.resolve([]),
        ]);
        const iso = (d: Date | string) => new Date(d).toISOString();
        return {
          id: h.id,
          consultationId: h.consultation_id,
          billId: h.billId,
          title: h.title,
          description: h.description,
          questions: h.questions.split("\n").filter((q) => q.trim() !== ""),
          heldAt: iso(h.held_at),
          place: h.place,
          speakerSeats: h.speaker_seats,
          reserveSeats: h.reserve_seats,
          selectionMethod: h.selection_method,
          registrationOpensAt: iso(h.registration_opens_at),
          registrationClosesAt: iso(h.registration_closes_at),
          status: hearingStatus(h, now),
          seedHash: h.seed_hash,
          seed: drawn ? h.seed : null,
          drawnAt: h.drawn_at ? iso(h.drawn_at) : null,
          registrations: registrations.map((r) => ({
            number: r.number,
            stance: r.stance,
            ...(drawn ? { outcome: r.outcome, position: r.position } : {}),
          })),
          report: reported
            ? {
                publishedAt: iso(h.report_published_at!),
                record: h.report_record,
                points: points.map((p) => ({
                  speaker: p.speakerName,
                  respondentType: p.respondentType,
                  registrationNumber: p.registrationNumber,
                  provisionPid: p.provisionPid,
                  point: p.point,
                  response: p.response,
                  opinionId: p.opinionId,
                })),
              }
            : null,
        };
      }),
    );
    return Response.json({
      items,
      next:
        rows.length > query.limit && last && last.announced_at
          ? cursorAfter(new Date(last.announced_at), last.id)
          : null,
    });
  });
}
