import { CardPage } from "@/components/card-page";
import type { Metadata } from "next";
import { Button } from "@/components/button";
import { MicrosoftLogo } from "@/components/icons";
import { signIn } from "@/lib/auth/config";
import { safeReturnPath } from "@/lib/auth/return-to";

export const metadata: Metadata = { title: "Sign in" };

// Auth.js reports failures as ?error=<code>; say what happened in words, never echo the query.
const errorMessages: Record<string, string> = {
  AccessDenied: "This account may not use Guestpass. Ask an administrator to assign you a Guestpass role.",
  Configuration:
    "Sign-in is not configured correctly on the server. An administrator can check the app registration under Settings.",
  OAuthCallbackError: "Microsoft did not complete the sign-in. Please try again.",
  CallbackRouteError: "Microsoft did not complete the sign-in. Please try again.",
  // lib/auth/sign-in-failure.ts names these (Auth.js itself calls them all "Configuration").
  InvalidCheck:
    "The sign-in took too long or was started in another browser or tab, so it could not be finished. Start again from this page.",
  IdTokenRejected:
    "Microsoft's answer could not be verified as a sign-in to Guestpass for your organisation, so you were not signed in. Start again from this page; if this keeps happening, tell an administrator.",
  DatabaseUnavailable:
    "Microsoft signed you in, but Guestpass cannot reach its database right now, so your session could not start. This is usually brief: try again in a minute.",
};
const genericError = "Sign-in did not complete. Please try again.";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const returnTo = safeReturnPath(params.callbackUrl);
  const errorCode = typeof params.error === "string" ? params.error : undefined;
  const error = errorCode ? (errorMessages[errorCode] ?? genericError) : undefined;

  async function signInWithMicrosoft() {
    "use server";
    await signIn("microsoft-entra-id", { redirectTo: returnTo });
  }

  return (
    <CardPage
      labelledBy="signin-title"
      width="sm"
      footer={
        <p className="mt-6 text-center text-xs leading-5 text-ink-muted">
          Were you invited by a Guestpass user? You do not need to sign in here: follow the link in your invitation
          mail.
        </p>
      }
    >
      <h1 id="signin-title" className="text-xl font-semibold tracking-tight">
        Sign in
      </h1>
      <p className="mt-2 text-sm text-ink-muted">
        Staff sign in with their work account to invite external users and follow their progress.
      </p>
      {error ? (
        <p role="alert" className="mt-5 rounded-md bg-danger-soft px-3 py-2.5 text-sm text-danger">
          {error}
        </p>
      ) : null}
      <form action={signInWithMicrosoft} className="mt-6">
        <Button type="submit" variant="secondary" size="lg" className="w-full">
          <MicrosoftLogo />
          Sign in with Microsoft
        </Button>
      </form>
    </CardPage>
  );
}
