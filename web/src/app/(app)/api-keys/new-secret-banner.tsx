"use client";

import { CopyButton } from "~/app/_components/copy-button";
import { inputClass, secondaryButtonClass } from "~/app/_components/ui";

export interface TShownSecret {
  name: string;
  value: string;
  rotated: boolean;
}

/** The whole key, shown once after create or rotate; only its hash is kept on the server. */
export function NewSecretBanner({ secret, onDone }: { secret: TShownSecret; onDone: () => void }) {
  return (
    <section className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-5" aria-labelledby="new-key-heading">
      <h2 id="new-key-heading" className="font-semibold text-amber-900">
        {secret.rotated
          ? `New secret for “${secret.name}”: copy it now, it will not be shown again. The old secret no longer works.`
          : `Copy the key “${secret.name}” now: it will not be shown again`}
      </h2>
      <div className="mt-3 flex items-center gap-2">
        <label htmlFor="new-api-key" className="sr-only">
          New API key
        </label>
        <input
          id="new-api-key"
          data-testid="new-api-key"
          readOnly
          value={secret.value}
          className={`${inputClass} font-mono`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton value={secret.value} />
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
