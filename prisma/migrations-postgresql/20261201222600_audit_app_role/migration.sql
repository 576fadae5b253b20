-- The application's role: everything it needs, and no UPDATE, DELETE or TRUNCATE on "AuditRecord".
-- These GRANTs sit on top of the append-only triggers (20261122151500_audit_append_only): a privilege is
-- checked before any trigger fires, so the application's connection is refused by PostgreSQL itself
-- ("permission denied for table AuditRecord"), and it cannot disable the triggers either (only the
-- table's owner can ALTER TABLE).
--
-- Two roles (README "Security"):
--   owner      owns the schema and runs the migrations (`npm run db:migrate` with DATABASE_URL = owner),
--              it needs CREATEROLE the first time, or a DBA creates "ntm_app" beforehand:
--              CREATE ROLE ntm_app NOLOGIN
--              Without either, this migration only raises a NOTICE and grants nothing (the triggers
--              still hold). Run it again, or the DO block below by hand, once the role exists.
--   ntm_app    NOLOGIN group role created here. The engine's login role is a member:
--              CREATE ROLE ntm_api LOGIN PASSWORD '…' IN ROLE ntm_app
-- Default privileges make every table a later migration creates (as the same owner) usable by ntm_app.
-- The datamodel does not change, so schema.snapshot.prisma is the previous one.
--
-- NOTE: no semicolon may appear in this file except between statements (see the audit_append_only
-- migration): inside the DO bodies the statement terminators are written \073.

DO E'BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''ntm_app'') THEN
    CREATE ROLE ntm_app NOLOGIN\073
  END IF\073
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN
    NULL\073
  WHEN insufficient_privilege THEN
    RAISE NOTICE ''AUDIT.APP_ROLE: role ntm_app missing and % may not create it: no GRANTs applied. CREATE ROLE ntm_app NOLOGIN, then re-apply'', current_user\073
END';

DO E'DECLARE s text := current_schema()\073
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''ntm_app'') THEN
    RETURN\073
  END IF\073
  EXECUTE format(''GRANT USAGE ON SCHEMA %I TO ntm_app'', s)\073
  EXECUTE format(''GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO ntm_app'', s)\073
  EXECUTE format(''GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO ntm_app'', s)\073
  EXECUTE format(''ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ntm_app'', s)\073
  EXECUTE format(''ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO ntm_app'', s)\073
  REVOKE UPDATE, DELETE, TRUNCATE ON "AuditRecord" FROM ntm_app\073
  REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "_prisma_migrations" FROM ntm_app\073
END';

REVOKE UPDATE, DELETE, TRUNCATE ON "AuditRecord" FROM PUBLIC;
