// Writes the REST API's TypeScript types (lib/shared/api-client/schema.d.ts) from the OpenAPI
// document built in-process: no server, no database. Run after changing an API operation.
import fs from "node:fs";
import path from "node:path";
import { API_CLIENT_TYPES_FILE, renderApiClientTypes } from "@/lib/api/client-types";

const types = await renderApiClientTypes();
const current = fs.existsSync(API_CLIENT_TYPES_FILE) ? fs.readFileSync(API_CLIENT_TYPES_FILE, "utf8") : null;
const shown = path.relative(process.cwd(), API_CLIENT_TYPES_FILE);
if (current === types) console.log(`${shown} is up to date.`);
else {
  fs.writeFileSync(API_CLIENT_TYPES_FILE, types);
  console.log(`Wrote ${shown}.`);
}
