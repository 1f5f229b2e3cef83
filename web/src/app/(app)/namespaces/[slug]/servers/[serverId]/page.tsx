import type { Metadata } from "next";
import { ServerDetailView } from "./server-detail-view";

export const metadata: Metadata = { title: "Server" };

export default async function ServerPage({ params }: { params: Promise<{ slug: string; serverId: string }> }) {
  const { slug, serverId } = await params;
  return <ServerDetailView slug={slug} serverId={serverId} />;
}
