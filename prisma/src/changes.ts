// The PostgreSQL NOTIFY channel the change triggers write to (see the change_notifications migration).
export const CHANGES_CHANNEL = "omnimesh_changes";

export interface ChangeEvent {
  table: string;
  op: "INSERT" | "UPDATE" | "DELETE";
  id: string | null;
  org_id: string | null;
  /** namespace_id or virtual_server_id of the row, where it has one. */
  parent_id: string | null;
  /** user_id of the row, where it has one (memberships). Absent from notifications of older triggers. */
  user_id?: string | null;
}

export function parseChangeEvent(payload: string): ChangeEvent | null {
  try {
    const value = JSON.parse(payload) as ChangeEvent;
    return typeof value.table === "string" ? value : null;
  } catch {
    return null;
  }
}
