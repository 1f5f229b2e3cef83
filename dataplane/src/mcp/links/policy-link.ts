// Policy link: the first enabled policy (by priority) whose conditions match decides allow/deny.
import { AppError } from "../../lib/app-error.ts";
import type { RulesDirectory } from "../../modules/policies/service.ts";
import { evaluatePolicies } from "../../modules/policies/service.ts";
import type { McpLink } from "../chain.ts";
import { isRequest } from "../chain.ts";
import { rulesFor } from "./rules.ts";

export function createPolicyLink(directory: RulesDirectory): McpLink {
  return async (call, next) => {
    if (!isRequest(call)) return next();
    const { policies } = await rulesFor(call, directory);
    if (policies.length === 0) return next();
    const decision = evaluatePolicies(policies, {
      namespaceId: call.route.namespaceId,
      method: call.method,
      toolName: call.toolName,
      serverName: call.server?.name ?? null,
      apiKeyId: call.principal.apiKeyId,
      role: call.principal.role,
      scopes: call.principal.scopes,
      clientIp: call.clientIp,
    });
    if (decision?.effect === "deny") {
      const what = call.toolName ? `${call.method} ${call.toolName}` : call.method;
      throw new AppError("POLICY_DENIED", `Forbidden (403): ${what} denied by policy "${decision.name}"`, {
        data: { policyId: decision.id },
      });
    }
    return next();
  };
}
