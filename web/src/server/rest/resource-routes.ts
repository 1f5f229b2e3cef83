import "server-only";
import type { z } from "zod";
import type { TPermission } from "~/server/auth/permissions";
import { AppError, parseInput } from "~/server/errors/app-error";
import type { TActor } from "~/server/services/audit/record-audit";
import { getNamespace } from "~/server/services/namespaces/get-namespace";
import { authenticateRequest } from "./authenticate-request";
import { json, queryObject, readJson, restHandler } from "./respond";

// The handlers of the org-scoped resources that follow the same REST shape: `GET /things` (query → list),
// `POST /things` (body → create, 201), `GET|PUT|DELETE /things/{id}`. Each authenticates with its
// permission, parses with the service's zod schema and calls the one-function service.

interface TIdContext {
  params: Promise<{ id: string }>;
}

interface TCollectionOptions {
  /** REST callers may name the namespace by slug (`namespace`) instead of `namespaceId`. */
  namespaceBySlug?: boolean;
}

async function withNamespaceId(orgId: string, input: unknown): Promise<unknown> {
  if (typeof input !== "object" || input === null || !("namespace" in input) || "namespaceId" in input) return input;
  const { namespace, ...rest } = input as { namespace: unknown };
  if (typeof namespace !== "string") return input;
  const ns = await getNamespace(orgId, { slug: namespace });
  return { ...rest, namespaceId: ns.id };
}

/** `GET /things`: the query string through `schema`, answered as `{ items }`. */
export function listRoute<S extends z.ZodType>(
  permission: TPermission,
  schema: S,
  list: (orgId: string, input: z.output<S>) => Promise<unknown[]>,
  options: TCollectionOptions = {},
) {
  return restHandler(async (request: Request) => {
    const auth = await authenticateRequest(request, permission);
    const query = queryObject(request);
    const raw = options.namespaceBySlug ? await withNamespaceId(auth.org.id, query) : query;
    return json({ items: await list(auth.org.id, parseInput(schema, raw)) });
  });
}

/** `POST /things`: the JSON body through `schema`, answered with the created thing and 201. */
export function createRoute<S extends z.ZodType>(
  permission: TPermission,
  schema: S,
  create: (orgId: string, actor: TActor, input: z.output<S>) => Promise<unknown>,
  options: TCollectionOptions = {},
) {
  return restHandler(async (request: Request) => {
    const auth = await authenticateRequest(request, permission);
    const body = await readJson(request);
    const raw = options.namespaceBySlug ? await withNamespaceId(auth.org.id, body) : body;
    return json(await create(auth.org.id, auth.actor, parseInput(schema, raw)), 201);
  });
}

/** `GET /things/{id}`. */
export function getByIdRoute<S extends z.ZodType>(
  permission: TPermission,
  schema: S,
  get: (orgId: string, input: z.output<S>) => Promise<unknown>,
) {
  return restHandler(async (request: Request, context: TIdContext) => {
    const auth = await authenticateRequest(request, permission);
    return json(await get(auth.org.id, parseInput(schema, await context.params)));
  });
}

/** `PUT /things/{id}`: a partial update; the body must be a JSON object, the id comes from the path. */
export function updateByIdRoute<S extends z.ZodType>(
  permission: TPermission,
  schema: S,
  update: (orgId: string, actor: TActor, input: z.output<S>) => Promise<unknown>,
) {
  return restHandler(async (request: Request, context: TIdContext) => {
    const auth = await authenticateRequest(request, permission);
    const body = await readJson(request);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new AppError("VALIDATION_ERROR", "Request body must be a JSON object", {
        fields: { _body: "Expected an object" },
      });
    }
    const input = parseInput(schema, { ...body, id: (await context.params).id });
    return json(await update(auth.org.id, auth.actor, input));
  });
}

/** `DELETE /things/{id}`: the service's answer plus `deleted: true`. */
export function deleteByIdRoute<S extends z.ZodType>(
  permission: TPermission,
  schema: S,
  remove: (orgId: string, actor: TActor, input: z.output<S>) => Promise<object>,
) {
  return restHandler(async (request: Request, context: TIdContext) => {
    const auth = await authenticateRequest(request, permission);
    const input = parseInput(schema, await context.params);
    return json({ ...(await remove(auth.org.id, auth.actor, input)), deleted: true });
  });
}
