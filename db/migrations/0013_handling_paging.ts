import { type Kysely, sql } from "kysely";

// The drafters' handling view at Civil Code scale (issue 13: 120,000 opinions in one
// consultation, every page within 300 ms). The view pages by keyset on (created_at, id) inside a
// scope, counts per scope and per provision, and searches every opinion of the consultation:
// - opinions.disposition_code mirrors the opinion's disposition (kept by a trigger on
//   dispositions, so no service has to remember it): "unhandled" and "adopted" become a column
//   of the opinion, filtered and counted without joining 120,000 rows to the dispositions;
// - two btree indexes that end in (created_at, id): the whole consultation, and a provision (a
//   chapter's provisions are a list of them). Each replaces the shorter index it starts with.
//   They carry the columns the drafters' visibility rule, the status and channel filters and the
//   headcount read, so the counts per scope and per provision are index-only scans;
// - a GIN index over the distinct character bigrams of the lower-cased body. Chinese has no
//   spaces and most words are two characters, so a query word's bigrams must all be in the
//   opinion: the index narrows the opinions to those that hold them, and strpos confirms the
//   word. (pg_trgm would need words of three characters and an extension PGlite loads only on
//   request; these are plain SQL functions.)
// - opinions.wording, the fingerprint of the wording (NFKC, lower case, punctuation and spaces
//   dropped, as services/clusters.ts folds them), a stored generated column indexed per
//   consultation, so the copies of one template are found and counted from the index alone (an
//   expression index would recompute the fingerprint of every copy to count them).
// SQL stays within PostgreSQL 15 and runs the same on PGlite.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE opinions ADD COLUMN disposition_code text;
    UPDATE opinions o SET disposition_code = d.code FROM dispositions d WHERE d.opinion_id = o.id;
    CREATE FUNCTION kaimen_opinion_disposition_code() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE opinions SET disposition_code = NULL WHERE id = OLD.opinion_id;
        RETURN OLD;
      END IF;
      IF TG_OP = 'UPDATE' AND OLD.opinion_id <> NEW.opinion_id THEN
        UPDATE opinions SET disposition_code = NULL WHERE id = OLD.opinion_id;
      END IF;
      UPDATE opinions SET disposition_code = NEW.code
        WHERE id = NEW.opinion_id AND disposition_code IS DISTINCT FROM NEW.code;
      RETURN NEW;
    END $$;
    CREATE TRIGGER dispositions_mirror_code AFTER INSERT OR UPDATE OR DELETE ON dispositions
      FOR EACH ROW EXECUTE FUNCTION kaimen_opinion_disposition_code();

    CREATE FUNCTION kaimen_bigrams(t text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}')
            FROM generate_series(1, length(t) - 1) AS i $$;
    CREATE FUNCTION kaimen_wording(t text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT md5(regexp_replace(lower(normalize(t, NFKC)), '[[:punct:][:space:]]+', '', 'g')) $$;

    CREATE INDEX opinions_handling_order ON opinions (consultation_id, created_at, id)
      INCLUDE (contact_point_id, submission_id, headcount, disposition_code, channel, status);
    DROP INDEX IF EXISTS opinions_by_consultation_time;
    CREATE INDEX opinions_handling_provision
      ON opinions (consultation_id, provision_pid, created_at, id)
      INCLUDE (contact_point_id, submission_id, headcount, disposition_code, channel, status);
    DROP INDEX IF EXISTS opinions_by_provision;
    CREATE INDEX opinions_handling_words ON opinions USING gin (kaimen_bigrams(lower(body)));
    ALTER TABLE opinions ADD COLUMN wording text GENERATED ALWAYS AS (kaimen_wording(body)) STORED;
    CREATE INDEX opinions_handling_wording ON opinions (consultation_id, wording)
      INCLUDE (contact_point_id, submission_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX opinions_handling_wording;
    ALTER TABLE opinions DROP COLUMN wording;
    DROP INDEX opinions_handling_words;
    CREATE INDEX opinions_by_provision ON opinions (consultation_id, provision_pid);
    DROP INDEX opinions_handling_provision;
    CREATE INDEX opinions_by_consultation_time ON opinions (consultation_id, created_at);
    DROP INDEX opinions_handling_order;
    DROP FUNCTION kaimen_wording(text);
    DROP FUNCTION kaimen_bigrams(text);
    DROP TRIGGER dispositions_mirror_code ON dispositions;
    DROP FUNCTION kaimen_opinion_disposition_code();
    ALTER TABLE opinions DROP COLUMN disposition_code;
  `.execute(db);
}
