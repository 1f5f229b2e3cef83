import { createRoute, listRoute } from "~/server/rest/resource-routes";
import { createPolicy, ZCreatePolicyInput } from "~/server/services/policies/create-policy";
import { listPolicies, ZListPoliciesInput } from "~/server/services/policies/list-policies";

export const GET = listRoute("policy:read", ZListPoliciesInput, listPolicies);
export const POST = createRoute("policy:write", ZCreatePolicyInput, createPolicy);
