import Link from "next/link";
import { cardClass } from "./ui";

/** What a detail page shows for an id or slug the org does not have (another org's looks the same). */
export function NotFoundCard({ title, backHref, backLabel }: { title: string; backHref: string; backLabel: string }) {
  return (
    <div className={cardClass}>
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-slate-600">
        It does not exist in this organization.{" "}
        <Link href={backHref} className="text-indigo-600 hover:underline">
          {backLabel}
        </Link>
      </p>
    </div>
  );
}
