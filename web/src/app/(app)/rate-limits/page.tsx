import type { Metadata } from "next";
import { RateLimitsView } from "./rate-limits-view";

export const metadata: Metadata = { title: "Rate limits" };

export default function RateLimitsPage() {
  return <RateLimitsView />;
}
