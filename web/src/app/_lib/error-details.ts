// Reads the message and per-field errors out of a failed tRPC call (see errorFormatter in server/api/trpc.ts).

export interface TErrorDetails {
  message: string;
  fields: Record<string, string>;
}

export function errorDetails(error: unknown): TErrorDetails | null {
  if (!error) return null;
  const message = error instanceof Error ? error.message : "Something went wrong";
  const data = (error as { data?: { fields?: Record<string, string> | null } }).data;
  return { message, fields: data?.fields ?? {} };
}
