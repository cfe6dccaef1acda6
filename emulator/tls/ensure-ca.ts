// `npm run emulator:ca [dataDir]`: creates the emulator's CA if missing and prints the path of
// ca.pem, so a process can be started with NODE_EXTRA_CA_CERTS before any emulator runs.
import { ensureCertificateAuthority } from "./ca";

const dataDir = process.argv[2] ?? process.env.EMULATOR_DATA_DIR ?? ".emulator";
const ca = await ensureCertificateAuthority(dataDir);
process.stdout.write(`${ca.certPath}\n`);
