// Test-only: hands out a spoiled ID token, so a client's validation can be tested against the real
// token endpoint (wrong issuer, tenant, audience or nonce; a broken signature; an unknown key).
// Rules are set through the control API, scoped to one app (and optionally one user), and retire
// after `remaining` token responses; `POST /control/reset` clears them. Nothing else changes.
import { generateKeyPair, SignJWT, type JWTPayload } from "jose";
import type { EmulatorState } from "../state/store";
import type { IdTokenDefect, IdTokenDefectRule } from "../state/types";
import type { TokenService } from "./tokens";

/** A tenant and an app that exist nowhere, for the wrong `iss`/`tid` and `aud`. */
export const FOREIGN_TENANT_ID = "0bad0000-0000-4000-8000-0000000000ff";
export const FOREIGN_CLIENT_ID = "0bad0000-0000-4000-8000-00000000a0ff";
export const WRONG_NONCE = "emulator-wrong-nonce";

/** Takes the first rule for this app and user, counting one use (and dropping it when spent). */
export function takeIdTokenDefect(state: EmulatorState, appId: string, userIds: string[]): IdTokenDefect | null {
  const index = state.idTokenDefects.findIndex(
    (rule) => rule.appId === appId && (rule.userId === null || userIds.includes(rule.userId)),
  );
  if (index < 0) return null;
  const rule: IdTokenDefectRule = state.idTokenDefects[index]!;
  rule.remaining -= 1;
  if (rule.remaining <= 0) state.idTokenDefects.splice(index, 1);
  return rule.defect;
}

function alterSignature(jwt: string): string {
  const [header, payload, signature = ""] = jwt.split(".");
  // Change a character in the middle: every bit of it counts (the last one may be padding bits).
  const at = Math.floor(signature.length / 2);
  const replacement = signature[at] === "A" ? "B" : "A";
  return `${header}.${payload}.${signature.slice(0, at)}${replacement}${signature.slice(at + 1)}`;
}

async function signWithUnknownKey(claims: JWTPayload, lifetimeSeconds: number): Promise<string> {
  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ typ: "JWT", alg: "RS256", kid: "emulator-unknown-key" })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(privateKey);
}

/** Signs the ID token as usual, or spoiled as the defect says. */
export async function signIdToken(
  tokens: TokenService,
  claims: JWTPayload,
  lifetimeSeconds: number,
  defect: IdTokenDefect | null,
): Promise<string> {
  switch (defect) {
    case null:
      return tokens.sign(claims, lifetimeSeconds);
    case "issuer":
      return tokens.sign({ ...claims, iss: tokens.issuerFor(FOREIGN_TENANT_ID) }, lifetimeSeconds);
    case "tenant":
      return tokens.sign({ ...claims, tid: FOREIGN_TENANT_ID }, lifetimeSeconds);
    case "audience":
      return tokens.sign({ ...claims, aud: FOREIGN_CLIENT_ID }, lifetimeSeconds);
    case "nonce":
      return tokens.sign({ ...claims, nonce: WRONG_NONCE }, lifetimeSeconds);
    case "signature":
      return alterSignature(await tokens.sign(claims, lifetimeSeconds));
    case "unknownKey":
      return signWithUnknownKey(claims, lifetimeSeconds);
  }
}
