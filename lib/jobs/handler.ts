import "server-only";
// The shape of a job's handler: the work for one validated payload of its contract.
import type { JobHelpers } from "graphile-worker";
import type { JobName, JobPayload } from "./contracts";

export type JobHandler<Name extends JobName> = (payload: JobPayload<Name>, helpers: JobHelpers) => Promise<void>;
