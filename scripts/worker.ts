// `npm run worker`: the background worker process. Run as many as you like against one PostgreSQL.
import { disconnectPrisma } from "@/lib/db/client";
import { EnvError, getEnv } from "@/lib/env";
import { startWorker } from "@/lib/jobs/runner";

try {
  getEnv(); // fail at start-up, naming every bad variable, rather than in the first job
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const runner = await startWorker({ concurrency: Number(process.env.WORKER_CONCURRENCY ?? 5) });
console.log("Guestpass worker started");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`Guestpass worker: ${signal} received, finishing running jobs…`);
  await runner.stop();
  await disconnectPrisma();
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(signal));

await runner.promise;
