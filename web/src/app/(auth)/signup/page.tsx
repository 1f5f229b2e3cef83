import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionAuth } from "~/server/auth/session";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignupPage() {
  if (await getSessionAuth()) redirect("/dashboard");
  return <SignupForm />;
}
