-- Production database roles for the CSE Concern Portal (README, "Production database roles").
-- The migration role owns the tables; the web and the worker run as the application role,
-- which can use the tables but can never empty or rewrite the audit trail.

-- Once, as a PostgreSQL superuser (choose your own passwords):
CREATE ROLE cse_owner LOGIN PASSWORD 'choose-an-owner-password';
CREATE ROLE cse_app LOGIN PASSWORD 'choose-an-app-password';
CREATE DATABASE cse_portal OWNER cse_owner;
\connect cse_portal
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO cse_app;

-- After every `manage.py migrate` (run with the owner's DATABASE_URL), as cse_owner:
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO cse_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO cse_app;
REVOKE UPDATE, DELETE, TRUNCATE ON cse_portal_auditevent FROM cse_app;
