-- The data plane writes health and discovery results (health_status, last_health_at, last_error,
-- capabilities, server_info) into mcp_servers every sweep. Those columns do not change how a server is
-- reached, so they must not make every data plane drop the org's cached routes: notify only when a
-- column the data plane routes or connects with changes (and on insert/delete, as before).
DROP TRIGGER mcp_servers_notify ON "mcp_servers";
CREATE TRIGGER mcp_servers_notify AFTER INSERT OR DELETE OR UPDATE OF org_id, namespace_id, name, transport, command, args, env_encrypted, url, headers_encrypted, enabled, timeout_ms, isolated ON "mcp_servers"
  FOR EACH ROW EXECUTE FUNCTION omnimesh_notify_change();
