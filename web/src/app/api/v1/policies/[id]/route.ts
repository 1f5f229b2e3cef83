import { deleteByIdRoute, getByIdRoute, updateByIdRoute } from "~/server/rest/resource-routes";
import { deletePolicy, ZDeletePolicyInput } from "~/server/services/policies/delete-policy";
import { getPolicy, ZGetPolicyInput } from "~/server/services/policies/get-policy";
import { updatePolicy, ZUpdatePolicyInput } from "~/server/services/policies/update-policy";

export const GET = getByIdRoute("policy:read", ZGetPolicyInput, getPolicy);
/** Partial update: absent fields stay; `conditions`, when present, replaces all matchers. */
export const PUT = updateByIdRoute("policy:write", ZUpdatePolicyInput, updatePolicy);
export const DELETE = deleteByIdRoute("policy:write", ZDeletePolicyInput, deletePolicy);
