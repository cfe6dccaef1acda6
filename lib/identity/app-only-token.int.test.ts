import { describe, expect, it } from "vitest";
import { EmulatorControl } from "@/emulator/control/client";
import { getEnv } from "@/lib/env";
import { explainMicrosoftError } from "@/lib/errors/explain";
import { createAppOnlyTokenProvider, type AppOnlyTokenConfig } from "./app-only-token";
import { appOnlyTokenProviderFromEnv } from "./app-only-from-env";
import { createTestCertificate } from "./certificate.test-support";

// MSAL Node client credentials against the emulator's token endpoint over HTTPS, and the
// catalogue's reading of what it answers when the configuration is wrong.
const configFromEnv = (): AppOnlyTokenConfig => {
  const env = getEnv();
  return {
    tenantId: env.AZURE_TENANT_ID,
    clientId: env.AZURE_CLIENT_ID,
    clientSecret: env.AZURE_CLIENT_SECRET,
    authorityHost: env.MICROSOFT_AUTHORITY_HOST,
  };
};

async function failureOf(config: AppOnlyTokenConfig) {
  const error = await createAppOnlyTokenProvider(config)
    .getToken()
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return explainMicrosoftError(error);
}

describe("app-only tokens from the emulator", () => {
  it("gets a Graph token from the environment's configuration and reads its permissions", async () => {
    const provider = appOnlyTokenProviderFromEnv();
    const token = await provider.getToken();
    expect(token.accessToken.split(".")).toHaveLength(3);
    expect(token.expiresOn.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000);
    expect(token.roles).toEqual(expect.arrayContaining(["User.Invite.All", "User.Read.All"]));
    expect(await provider.getAccessToken()).toBe(token.accessToken);
  });

  it("explains a wrong client secret as AADSTS7000215, with the correlation id and no secret", async () => {
    const explained = await failureOf({ ...configFromEnv(), clientSecret: "wrong-secret-value" });
    expect(explained.code).toBe("AADSTS7000215");
    expect(explained.known).toBe(true);
    expect(explained.correlationId ?? explained.traceId).toBeTruthy();
    expect(JSON.stringify(explained)).not.toContain("wrong-secret-value");
  });

  it("explains an unknown client id as AADSTS700016", async () => {
    const explained = await failureOf({ ...configFromEnv(), clientId: "0badc0de-0000-4000-8000-000000000000" });
    expect(explained.code).toBe("AADSTS700016");
  });

  it("authenticates with a certificate file registered on the app (x5t#S256)", async () => {
    const certificate = await createTestCertificate("Guestpass integration");
    try {
      const { clientSecret: _secret, ...rest } = configFromEnv();
      const certificatePath = certificate.path;
      // Not registered yet: the identity platform refuses the assertion.
      const unknown = await failureOf({ ...rest, certificatePath });
      expect(unknown.code).toMatch(/^AADSTS/);
      await EmulatorControl.fromEnv().addCertificate(rest.clientId, {
        certificatePem: certificate.certificatePem,
        displayName: "integration",
      });
      const token = await createAppOnlyTokenProvider({ ...rest, certificatePath }).getToken();
      expect(token.roles).toContain("User.Invite.All");
    } finally {
      await certificate.remove();
    }
  });
});
