-- The data plane caches what auth and routing need and must drop a cached row the moment it changes
-- (a revoked key fails on the very next request). Whichever app writes, these triggers tell every
-- listener on channel "omnimesh_changes": {"table": ..., "op": ..., "id": ..., "org_id": ...}.
-- The WASM migration engine of Prisma splits scripts on semicolons and knows no dollar quoting, so
-- the function body is an escape string with each semicolon written as the octal escape 073.
CREATE OR REPLACE FUNCTION omnimesh_notify_change() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  row_data json\073
BEGIN
  IF TG_OP = ''DELETE'' THEN
    row_data := row_to_json(OLD)\073
  ELSE
    row_data := row_to_json(NEW)\073
  END IF\073
  PERFORM pg_notify(
    ''omnimesh_changes'',
    json_build_object(
      ''table'', TG_TABLE_NAME,
      ''op'', TG_OP,
      ''id'', COALESCE(row_data->>''id'', row_data->>''kid''),
      ''org_id'', row_data->>''org_id'',
      ''parent_id'', COALESCE(row_data->>''virtual_server_id'', row_data->>''namespace_id'')
    )::text
  )\073
  RETURN NULL\073
END\073
';

CREATE TRIGGER organizations_notify AFTER INSERT OR UPDATE OR DELETE ON "organizations"
  FOR EACH ROW EXECUTE FUNCTION omnimesh_notify_change();
CREATE TRIGGER memberships_notify AFTER INSERT OR UPDATE OR DELETE ON "memberships"
  FOR EACH ROW EXECUTE FUNCTION omnimesh_notify_change();
-- Not on last_used_at: the data plane bumps it, and that must not flush its own cache.
CREATE TRIGGER api_keys_notify AFTER UPDATE OF revoked_at, expires_at, scopes, namespace_ids, key_hash, prefix, org_id OR DELETE ON "api_keys"
  FOR EACH ROW EXECUTE FUNCTION omnimesh_notify_change();
CREATE TRIGGER namespaces_notify AFTER INSERT OR UPDATE OR DELETE ON "namespaces"
  FOR EACH ROW EXECUTE FUNCTION omnimesh_notify_change();
CREATE TRIGGER mcp_servers_notify AFTER INSERT OR UPDATE OR DELETE ON "mcp_servers"
  FOR EACH ROW EXECUTE FUNCTION omnimesh_notify_change();
CREATE TRIGGER virtual_servers_notify AFTER INSERT OR UPDATE OR DELETE ON "virtual_servers"
  FOR EACH ROW EXECUTE FUNCTION omnimesh_notify_change();
CREATE TRIGGER virtual_server_entries_notify AFTER INSERT OR UPDATE OR DELETE ON "virtual_server_entries"
  FOR EACH ROW EXECUTE FUNCTION omnimesh_notify_change();
CREATE TRIGGER policies_notify AFTER INSERT OR UPDATE OR DELETE ON "policies"
  FOR EACH ROW EXECUTE FUNCTION omnimesh_notify_change();
CREATE TRIGGER rate_limits_notify AFTER INSERT OR UPDATE OR DELETE ON "rate_limits"
  FOR EACH ROW EXECUTE FUNCTION omnimesh_notify_change();
CREATE TRIGGER signing_keys_notify AFTER INSERT OR UPDATE OR DELETE ON "signing_keys"
  FOR EACH ROW EXECUTE FUNCTION omnimesh_notify_change();
