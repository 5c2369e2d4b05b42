import { type Kysely, sql } from "kysely";

// Search (issue 7). Two parts:
// 1. Triggers fill search_outbox (table since 0001) in the same transaction as every write that
//    changes searchable data: bills, provisions (rows of published versions), opinions and their
//    dispositions. Triggers rather than calls in each service, so writes added later (moderation,
//    handling, contact points, imports) are covered without code changes. The functions read only
//    the key columns, so new columns on these tables never break them.
// 2. search_documents: the embedded engine's index. One row per searchable thing, its filter and
//    facet fields as columns, and a tsvector of the terms (jieba words, overlapping character
//    bigrams, single characters), computed by the application and indexed with GIN.
// SQL stays within PostgreSQL 15.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION kaimen_search_outbox_bill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        INSERT INTO search_outbox (entity, entity_id, op) VALUES ('bill', OLD.id, 'delete');
        RETURN OLD;
      END IF;
      INSERT INTO search_outbox (entity, entity_id, op) VALUES ('bill', NEW.id, 'upsert');
      RETURN NEW;
    END $$;
    CREATE TRIGGER bills_search_outbox AFTER INSERT OR UPDATE OR DELETE ON bills
      FOR EACH ROW EXECUTE FUNCTION kaimen_search_outbox_bill();

    CREATE FUNCTION kaimen_search_outbox_provision() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        INSERT INTO search_outbox (entity, entity_id, op)
          VALUES ('provision', OLD.version_id || '/' || OLD.pid, 'delete');
        RETURN OLD;
      END IF;
      INSERT INTO search_outbox (entity, entity_id, op)
        VALUES ('provision', NEW.version_id || '/' || NEW.pid, 'upsert');
      RETURN NEW;
    END $$;
    CREATE TRIGGER provisions_search_outbox AFTER INSERT OR UPDATE OR DELETE ON provisions
      FOR EACH ROW EXECUTE FUNCTION kaimen_search_outbox_provision();

    CREATE FUNCTION kaimen_search_outbox_opinion() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        INSERT INTO search_outbox (entity, entity_id, op) VALUES ('opinion', OLD.id, 'delete');
        RETURN OLD;
      END IF;
      INSERT INTO search_outbox (entity, entity_id, op) VALUES ('opinion', NEW.id, 'upsert');
      RETURN NEW;
    END $$;
    CREATE TRIGGER opinions_search_outbox AFTER INSERT OR UPDATE OR DELETE ON opinions
      FOR EACH ROW EXECUTE FUNCTION kaimen_search_outbox_opinion();

    -- A disposition is part of its opinion's document (facet and filter).
    CREATE FUNCTION kaimen_search_outbox_disposition() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        INSERT INTO search_outbox (entity, entity_id, op) VALUES ('opinion', OLD.opinion_id, 'upsert');
        RETURN OLD;
      END IF;
      INSERT INTO search_outbox (entity, entity_id, op) VALUES ('opinion', NEW.opinion_id, 'upsert');
      RETURN NEW;
    END $$;
    CREATE TRIGGER dispositions_search_outbox AFTER INSERT OR UPDATE OR DELETE ON dispositions
      FOR EACH ROW EXECUTE FUNCTION kaimen_search_outbox_disposition();

    CREATE INDEX search_outbox_entity ON search_outbox (entity, entity_id);

    -- One row per thing per transaction: the triggers and the services' own outbox rows (written
    -- before the triggers existed) would otherwise queue the same document twice.
    ALTER TABLE search_outbox ADD COLUMN txid bigint NOT NULL DEFAULT txid_current();
    CREATE FUNCTION kaimen_search_outbox_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM search_outbox WHERE entity = NEW.entity
          AND entity_id = NEW.entity_id AND op = NEW.op AND txid = NEW.txid) THEN
        RETURN NULL;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER search_outbox_once BEFORE INSERT ON search_outbox
      FOR EACH ROW EXECUTE FUNCTION kaimen_search_outbox_once();

    CREATE TABLE search_documents (
      id text PRIMARY KEY,
      seq bigserial NOT NULL,
      kind text NOT NULL CHECK (kind IN ('bill', 'provision', 'opinion')),
      entity_id text NOT NULL,
      bill_id text NOT NULL,
      organization_id text NOT NULL,
      version_id text,
      consultation_id text,
      pid text,
      number integer,
      label text,
      title text NOT NULL DEFAULT '',
      body text NOT NULL,
      -- title and body normalised (NFKC, lower case) by the application: phrases are confirmed
      -- and counted in it without normalising every candidate at query time.
      norm text NOT NULL,
      reading text,
      stage text,
      channel text,
      contact_point_id text,
      region text,
      respondent_type text,
      disposition text,
      published boolean NOT NULL,
      created_at timestamptz NOT NULL,
      terms tsvector NOT NULL
    );
    CREATE INDEX search_documents_terms ON search_documents USING gin (terms);
    CREATE INDEX search_documents_bill ON search_documents (bill_id, kind);
    CREATE INDEX search_documents_entity ON search_documents (kind, entity_id);

    -- Databases migrated with content get it indexed by the indexer's first passes.
    INSERT INTO search_outbox (entity, entity_id, op) SELECT 'bill', id, 'upsert' FROM bills;
    INSERT INTO search_outbox (entity, entity_id, op)
      SELECT 'provision', version_id || '/' || pid, 'upsert' FROM provisions WHERE kind = 'article';
    INSERT INTO search_outbox (entity, entity_id, op) SELECT 'opinion', id, 'upsert' FROM opinions;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE search_documents;
    DROP TRIGGER search_outbox_once ON search_outbox;
    DROP FUNCTION kaimen_search_outbox_once();
    ALTER TABLE search_outbox DROP COLUMN txid;
    DROP INDEX search_outbox_entity;
    DROP TRIGGER dispositions_search_outbox ON dispositions;
    DROP TRIGGER opinions_search_outbox ON opinions;
    DROP TRIGGER provisions_search_outbox ON provisions;
    DROP TRIGGER bills_search_outbox ON bills;
    DROP FUNCTION kaimen_search_outbox_disposition();
    DROP FUNCTION kaimen_search_outbox_opinion();
    DROP FUNCTION kaimen_search_outbox_provision();
    DROP FUNCTION kaimen_search_outbox_bill();
  `.execute(db);
}
