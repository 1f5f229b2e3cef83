import "server-only";
import { createTRPCRouter, orgProcedure } from "~/server/api/trpc";
import { createPolicy, ZCreatePolicyInput } from "~/server/services/policies/create-policy";
import { deletePolicy, ZDeletePolicyInput } from "~/server/services/policies/delete-policy";
import { getPolicy, ZGetPolicyInput } from "~/server/services/policies/get-policy";
import { listPolicies, ZListPoliciesInput } from "~/server/services/policies/list-policies";
import { setPolicyEnabled, ZSetPolicyEnabledInput } from "~/server/services/policies/set-policy-enabled";
import { updatePolicy, ZUpdatePolicyInput } from "~/server/services/policies/update-policy";

export const policiesRouter = createTRPCRouter({
  list: orgProcedure("policy:read")
    .input(ZListPoliciesInput)
    .query(({ ctx, input }) => listPolicies(ctx.org.id, input)),
  get: orgProcedure("policy:read")
    .input(ZGetPolicyInput)
    .query(({ ctx, input }) => getPolicy(ctx.org.id, input)),
  create: orgProcedure("policy:write")
    .input(ZCreatePolicyInput)
    .mutation(({ ctx, input }) => createPolicy(ctx.org.id, ctx.actor, input)),
  update: orgProcedure("policy:write")
    .input(ZUpdatePolicyInput)
    .mutation(({ ctx, input }) => updatePolicy(ctx.org.id, ctx.actor, input)),
  setEnabled: orgProcedure("policy:write")
    .input(ZSetPolicyEnabledInput)
    .mutation(({ ctx, input }) => setPolicyEnabled(ctx.org.id, ctx.actor, input)),
  delete: orgProcedure("policy:write")
    .input(ZDeletePolicyInput)
    .mutation(({ ctx, input }) => deletePolicy(ctx.org.id, ctx.actor, input)),
});
