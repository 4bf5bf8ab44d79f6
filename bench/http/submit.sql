-- pgbench script: the writes of one online submission (POST /nop-ho-so/<code>/), in the same
-- transactions and order as Django sends them (bench/bench_http.py captures them and checks
-- that this script matches). Reads, savepoints and the request's session and user look-ups
-- are not here: they are the web application's own cost.
--
-- Variables come from bench_http.py (-D): procedure, commune, the citizens' id range
-- citizen_lo..citizen_hi, the three papers doc1..doc3 with their names doc1_name..doc3_name,
-- address, request_text, and the SMS outbox row's sms_event and sms_body. Run with -M simple
-- (the values are written into the statement as quoted literals, as Django's psycopg backend
-- writes them) and with -M prepared (the values sent as parameters of a prepared statement).
-- The benchmark's requests all send one body, so they carry no one-time form key
-- (submission_key NULL); a browser's form does, into the same column.
\set applicant random(:citizen_lo, :citizen_hi)
-- 1. drafts.submit -> services.submit_online, one transaction, through the ORM: the dossier,
--    its papers (one INSERT), its first event, the SMS outbox row. A form completed in one go
--    never becomes a draft.
BEGIN;
INSERT INTO dossiers_dossier (commune_id, receiving_commune_id, procedure_id, code,
    channel, status, version, applicant_id, applicant_name, applicant_phone, applicant_email,
    applicant_personal_id, applicant_address, former_unit_id, sets, request_text, submission_key,
    submitted_at, received_at, received_by_id, appointment_at, new_appointment_at,
    processing_ended_at, returned_at, supplement_requests, current_unit_id, assignee_id,
    current_step, fee_amount, fee_paid, paid_online, result_code, result_file,
    result_is_electronic, result_note, created_at, updated_at)
  VALUES (:commune, NULL, :procedure, NULL, '2', 'submitted', 0, :applicant,
    'Nguyễn Văn Bench', '+8490' || lpad((:applicant)::text, 7, '0'), '',
    '0250' || lpad((:applicant)::text, 8, '0'), :address, NULL, 1, :request_text, NULL, now(),
    NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, 0, false, false, '', '', false, '',
    now(), now()) RETURNING id AS dossier \gset
INSERT INTO dossiers_dossierdocument (dossier_id, required_document_id, name, file,
    original_name, digitised, reused_from_data_store, added_in_supplement, uploaded_at)
  VALUES (:dossier, :doc1, :doc1_name, 'dossiers/2026/11/giay-1.pdf', 'giay-1.pdf',
    true, false, false, now()),
    (:dossier, :doc2, :doc2_name, 'dossiers/2026/11/giay-2.pdf', 'giay-2.pdf',
    true, false, false, now()),
    (:dossier, :doc3, :doc3_name, 'dossiers/2026/11/giay-3.pdf', 'giay-3.pdf',
    true, false, false, now()) RETURNING id;
INSERT INTO dossiers_dossierevent (dossier_id, action, from_status, to_status, actor_id,
    actor_role, at, note, data)
  VALUES (:dossier, 'submit_online', '', 'submitted', :applicant, 'citizen', now(),
    '', '{}'::jsonb) RETURNING id;
INSERT INTO notifications_notification (medium, event, recipient, subject, body, about,
    status, attempts, last_error, gateway, created_at, sent_at)
  VALUES ('sms', :sms_event, '+8490' || lpad((:applicant)::text, 7, '0'), '', :sms_body,
    'dossier:' || :dossier, 'pending', 0, '', '', now(), NULL) RETURNING id AS notification \gset
COMMIT;
-- 2. After commit (autocommit): the outbox row is delivered and marked sent.
UPDATE notifications_notification SET status = 'sent', attempts = 1, last_error = '',
    gateway = 'outbox', sent_at = now() WHERE id = :notification;
