-- The audit trail is append-only: no UPDATE, DELETE or TRUNCATE of "AuditRecord", whoever asks.
-- The hash chain (activities/audit.ts) makes tampering evident, and this trigger makes it impossible for
-- the application's own connection. A database superuser can still disable the trigger (ALTER TABLE
-- ... DISABLE TRIGGER), which is exactly what `ntm audit verify` then detects.
-- The datamodel does not change (no Prisma-visible objects), so schema.snapshot.prisma is the previous one.
--
-- NOTE: no semicolon may appear in this file except between statements. The WebAssembly schema engine
-- runs migrations through @prisma/adapter-pg, whose executeScript splits the script on every semicolon.
-- The PL/pgSQL body therefore is an escape string whose statement terminators are written \073 (octal for the semicolon).

CREATE OR REPLACE FUNCTION "audit_record_append_only"() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN RAISE EXCEPTION ''AUDIT.APPEND_ONLY: nhật ký kiểm toán chỉ được ghi thêm, không được sửa hay xóa (%) / the audit trail is append-only: % refused'', TG_OP, TG_OP USING ERRCODE = ''integrity_constraint_violation''\073 END\073';

CREATE TRIGGER "AuditRecord_append_only"
  BEFORE UPDATE OR DELETE ON "AuditRecord"
  FOR EACH ROW EXECUTE FUNCTION "audit_record_append_only"();

CREATE TRIGGER "AuditRecord_no_truncate"
  BEFORE TRUNCATE ON "AuditRecord"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_record_append_only"();
