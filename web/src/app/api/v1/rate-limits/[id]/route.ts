import { deleteByIdRoute, getByIdRoute, updateByIdRoute } from "~/server/rest/resource-routes";
import { deleteRateLimit, ZDeleteRateLimitInput } from "~/server/services/rate-limits/delete-rate-limit";
import { getRateLimit, ZGetRateLimitInput } from "~/server/services/rate-limits/get-rate-limit";
import { updateRateLimit, ZUpdateRateLimitInput } from "~/server/services/rate-limits/update-rate-limit";

export const GET = getByIdRoute("rateLimit:read", ZGetRateLimitInput, getRateLimit);
/** Partial update: absent fields stay. */
export const PUT = updateByIdRoute("rateLimit:write", ZUpdateRateLimitInput, updateRateLimit);
export const DELETE = deleteByIdRoute("rateLimit:write", ZDeleteRateLimitInput, deleteRateLimit);
