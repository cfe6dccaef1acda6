// Runs once when a portal server starts (Next.js instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { exitOnInvalidConfiguration } = await import("./lib/startup");
    exitOnInvalidConfiguration();
    const { installPeerAddressStamp } = await import("./lib/security/peer-address-stamp");
    installPeerAddressStamp();
  }
}
