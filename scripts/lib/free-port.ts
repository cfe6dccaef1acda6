// A TCP port free on localhost right now (the OS picks it), for a server a test starts. Its own
// module: browser specs import it without the test stack's database and job-queue modules.
import net from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "localhost", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
