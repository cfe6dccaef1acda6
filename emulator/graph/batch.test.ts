import { describe, expect, it } from "vitest";
import { parseBatchPayload } from "./batch";
import { GraphHttpError } from "./errors";

const request = (id: string, extra: Record<string, unknown> = {}) => ({ id, method: "GET", url: "/users", ...extra });

function rejectionMessage(payload: unknown): string {
  try {
    parseBatchPayload(payload);
  } catch (error) {
    if (error instanceof GraphHttpError && error.status === 400) return error.message;
    throw error;
  }
  throw new Error("expected the batch to be refused");
}

describe("$batch payload", () => {
  it("accepts up to 20 requests and refuses 21", () => {
    expect(
      parseBatchPayload({ requests: Array.from({ length: 20 }, (_, index) => request(String(index))) }),
    ).toHaveLength(20);
    expect(rejectionMessage({ requests: Array.from({ length: 21 }, (_, index) => request(String(index))) })).toContain(
      "limit of 20",
    );
  });

  it("refuses duplicate ids, unknown or cyclic dependencies, bodies without a content type and absolute URLs", () => {
    expect(rejectionMessage({ requests: [request("1"), request("1")] })).toContain("unique");
    expect(rejectionMessage({ requests: [request("1", { dependsOn: ["9"] })] })).toContain("dependsOn");
    expect(
      rejectionMessage({ requests: [request("1", { dependsOn: ["2"] }), request("2", { dependsOn: ["1"] })] }),
    ).toContain("cycle");
    expect(rejectionMessage({ requests: [request("1", { method: "POST", body: { a: 1 } })] })).toContain(
      "Content-Type",
    );
    expect(rejectionMessage({ requests: [request("1", { url: "https://graph.example/v1.0/users" })] })).toContain(
      "relative",
    );
    expect(rejectionMessage({ requests: [request("1", { method: "POST", url: "/$batch" })] })).toContain(
      "another batch",
    );
    expect(rejectionMessage({ requests: [] })).toBe("Invalid batch payload format.");
    expect(rejectionMessage({})).toBe("Invalid batch payload format.");
  });
});
