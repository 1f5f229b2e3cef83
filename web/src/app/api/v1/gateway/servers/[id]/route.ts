import { deleteByIdRoute, getByIdRoute, updateByIdRoute } from "~/server/rest/resource-routes";
import { deleteServer, ZDeleteServerInput } from "~/server/services/servers/delete-server";
import { getServer, ZGetServerInput } from "~/server/services/servers/get-server";
import { updateServer, ZUpdateServerInput } from "~/server/services/servers/update-server";

export const GET = getByIdRoute("server:read", ZGetServerInput, getServer);
/** Partial update: absent fields keep their value; see ZUpdateServerInput for env/headers. */
export const PUT = updateByIdRoute("server:write", ZUpdateServerInput, updateServer);
export const DELETE = deleteByIdRoute("server:write", ZDeleteServerInput, deleteServer);
