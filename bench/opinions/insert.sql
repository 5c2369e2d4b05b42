-- pgbench script for bench/opinions.ts: the raw rate, one opinion-like row per transaction into
-- the same opinions table (its triggers, the search outbox row among them, included). Variables
-- come from pgbench -D: consultation, version, pid (parameters of the prepared statement).
INSERT INTO opinions (consultation_id, version_id, provision_pid, scope, body, channel,
  respondent_type, status, author_name, author_region, idempotency_key, request_hash, receipt,
  lookup_code_hash)
VALUES (:consultation, :version, :pid, 'article',
  '基准意见：建议明确犬只免疫接种的具体时限。', 'online', 'individual', 'published', '基准',
  '崇川区', gen_random_uuid()::text, md5(random()::text), 'RAW' || md5(random()::text),
  md5(random()::text));
