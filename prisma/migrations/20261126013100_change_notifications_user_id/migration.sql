-- Membership notifications also carry the row's user_id, so the data plane can revoke that user's access
-- JWTs for the org the moment a membership is changed or deleted. On DELETE the row is gone, so the id
-- alone could not be looked up any more. Same escape-string form as the change_notifications migration
-- (the WASM migration engine splits on semicolons: each one inside the body is the octal escape 073).
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
      ''parent_id'', COALESCE(row_data->>''virtual_server_id'', row_data->>''namespace_id''),
      ''user_id'', row_data->>''user_id''
    )::text
  )\073
  RETURN NULL\073
END\073
';
