// Preloaded by the npm scripts (node --import): reads .env when there is one, and says nothing when there
// is none, since the file is optional (node's own --env-file-if-exists prints ".env not found" every time).
// Variables already set in the environment win over the file.
import { existsSync } from "node:fs";

const file = ".env";
if (existsSync(file)) {
  try {
    process.loadEnvFile(file);
  } catch (err) {
    console.error(`${file} を読み込めません (cannot read ${file}): ${(err as Error).message}`);
    process.exit(1);
  }
}
