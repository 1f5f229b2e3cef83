import type { TErrorDetails } from "~/app/_lib/error-details";

export function FormError({ error }: { error: TErrorDetails | null }) {
  if (!error) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-700">
      {error.message}
    </div>
  );
}
