// Listing follows the same policies as calling: a tool or prompt the caller would be denied is not
// listed at all, so models are not offered tools that can only fail.
import type { RulesDirectory } from "../../modules/policies/service.ts";
import { evaluatePolicies } from "../../modules/policies/service.ts";
import type { RequestContext } from "../session-manager.ts";

export function createVisibility(directory: RulesDirectory) {
  return async (ctx: RequestContext) => {
    const { policies } = await directory.forOrg(ctx.route.orgId);
    if (policies.length === 0) return undefined;
    return (kind: "tool" | "prompt", exposedName: string) => {
      const serverName = exposedName.slice(0, Math.max(0, exposedName.indexOf("__")));
      const decision = evaluatePolicies(policies, {
        namespaceId: ctx.route.namespaceId,
        method: kind === "tool" ? "tools/call" : "prompts/get",
        toolName: exposedName,
        serverName,
        apiKeyId: ctx.principal.apiKeyId,
        role: ctx.principal.role,
        scopes: ctx.principal.scopes,
        clientIp: ctx.clientIp,
      });
      return decision?.effect !== "deny";
    };
  };
}
