import { deleteByIdRoute, getByIdRoute, updateByIdRoute } from "~/server/rest/resource-routes";
import {
  deleteVirtualServer,
  ZDeleteVirtualServerInput,
} from "~/server/services/virtual-servers/delete-virtual-server";
import { getVirtualServer, ZGetVirtualServerInput } from "~/server/services/virtual-servers/get-virtual-server";
import {
  updateVirtualServer,
  ZUpdateVirtualServerInput,
} from "~/server/services/virtual-servers/update-virtual-server";

export const GET = getByIdRoute("virtualServer:read", ZGetVirtualServerInput, getVirtualServer);
/** Partial update: absent fields stay; `entries`, when present, replaces the whole list. */
export const PUT = updateByIdRoute("virtualServer:write", ZUpdateVirtualServerInput, updateVirtualServer);
export const DELETE = deleteByIdRoute("virtualServer:write", ZDeleteVirtualServerInput, deleteVirtualServer);
