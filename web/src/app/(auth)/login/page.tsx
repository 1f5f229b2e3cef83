import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionAuth } from "~/server/auth/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getSessionAuth()) redirect("/dashboard");
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an absolute URL here would make the login page an open redirect.
  const next = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/dashboard";
  return <LoginForm next={next} />;
}
