import "server-only";
import { env } from "~/env";

/** The data-plane URL MCP clients connect to for one namespace. */
export function namespaceEndpointUrl(orgSlug: string, namespaceSlug: string): string {
  return `${env.OMNIMESH_DATAPLANE_URL.replace(/\/+$/, "")}/ns/${orgSlug}/${namespaceSlug}/mcp`;
}
