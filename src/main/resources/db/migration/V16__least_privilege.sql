-- Least privilege (issue 16): migrations run as the schema's owner; the app can run as a role
-- that only reads and writes rows. It can't change the schema, and on the audit trail it may
-- only add and read: it can't drop the append-only triggers (only the owner of a table can),
-- update, delete or truncate.
--
-- grant_app_role(role) gives a role exactly that, on every table and sequence now and on those
-- later migrations create. It runs below for the role named by the Flyway placeholder app_role
-- (RECEPTION_DB_APP_ROLE); with none (dev, tests: one user) nothing is granted.
create function grant_app_role(app regrole) returns void language plpgsql as $fn$
begin
    execute format('grant usage on schema public to %s', app);
    execute format('grant select, insert, update, delete on all tables in schema public to %s', app);
    execute format('grant usage, select on all sequences in schema public to %s', app);
    execute format('grant execute on all functions in schema public to %s', app);
    execute format('revoke update, delete, truncate on audit_event from %s', app);
    execute format('revoke all on flyway_schema_history from %s', app);
    execute format('grant select on flyway_schema_history to %s', app);
    execute format('alter default privileges in schema public grant select, insert, update, delete on tables to %s', app);
    execute format('alter default privileges in schema public grant usage, select on sequences to %s', app);
end
$fn$;

do $$
begin
    if '${app_role}' <> 'none' then
        perform grant_app_role('${app_role}'::regrole);
    end if;
end
$$;
