-- Policy conditions used to name API key scopes under roles, and the web refused org role names there.
-- Now roles match the org role of the caller and scopes match the scopes of the credential, so a row
-- whose roles are all scope names moves them to scopes, unchanged in meaning. Rows holding any other
-- value keep them under roles: the old schema refused them, so they matched nothing, and role names
-- among them now match as meant.
UPDATE "policies"
   SET "conditions" = ("conditions" - 'roles') || jsonb_build_object('scopes', "conditions" -> 'roles')
 WHERE jsonb_typeof("conditions" -> 'roles') = 'array'
   AND "conditions" -> 'scopes' IS NULL
   AND ("conditions" -> 'roles') <@ '["mcp:full", "mcp:read", "admin"]'::jsonb
