-- The audit trail is append-only: no UPDATE or DELETE of "AuditRecord" (SQLite has no TRUNCATE; its
-- "DELETE FROM" without WHERE fires the row trigger too, disabling the truncate optimisation).
-- The hash chain (activities/audit.ts) makes tampering evident, and these triggers make it impossible for
-- the application. Whoever holds the file can still DROP TRIGGER, which `ntm audit verify` then detects.
-- The datamodel does not change (no Prisma-visible objects), so schema.snapshot.prisma is the previous one.

CREATE TRIGGER "AuditRecord_no_update"
BEFORE UPDATE ON "AuditRecord"
BEGIN
  SELECT RAISE(ABORT, 'AUDIT.APPEND_ONLY: nhật ký kiểm toán chỉ được ghi thêm, không được sửa / the audit trail is append-only: UPDATE refused');
END;

CREATE TRIGGER "AuditRecord_no_delete"
BEFORE DELETE ON "AuditRecord"
BEGIN
  SELECT RAISE(ABORT, 'AUDIT.APPEND_ONLY: nhật ký kiểm toán chỉ được ghi thêm, không được xóa / the audit trail is append-only: DELETE refused');
END;
