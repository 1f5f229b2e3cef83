import { createRoute, listRoute } from "~/server/rest/resource-routes";
import { createRateLimit, ZCreateRateLimitInput } from "~/server/services/rate-limits/create-rate-limit";
import { listRateLimits, ZListRateLimitsInput } from "~/server/services/rate-limits/list-rate-limits";

export const GET = listRoute("rateLimit:read", ZListRateLimitsInput, listRateLimits);
export const POST = createRoute("rateLimit:write", ZCreateRateLimitInput, createRateLimit);
