"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/server/auth/config";

export interface SignInState {
  error: string | null;
  email: string;
}

export async function signInWithPassword(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  try {
    await signIn("credentials", { email, password: String(form.get("password") ?? ""), redirectTo: "/" });
    return { error: null, email };
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      const [code, seconds] = (error.code ?? "").split(":");
      if (code === "throttled") {
        return { email, error: `Too many failed attempts. Wait ${seconds} seconds, then try again.` };
      }
      return { email, error: "The e-mail address or password is not correct." };
    }
    if (error instanceof AuthError) return { email, error: "Sign-in failed. Please try again." };
    throw error; // the redirect after a successful sign-in travels as an error
  }
}

export async function signInWithSso() {
  await signIn("oidc", { redirectTo: "/" });
}
