// Checks rgen's Grafana dashboards against Grafana's published dashboard types (npm
// @grafana/schema, the `Dashboard` model of the classic JSON): each dashboard becomes a typed
// TypeScript constant, and the TypeScript compiler (strict, with excess-property checks on every
// nested object) must accept it. scripts/test.sh installs both packages into .tools/npm.
//
// usage: node scripts/validate-dashboards.mjs MODULES_DIR FILE.json...
// Exits 1 when the compiler refuses any dashboard, with its messages.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const [modules, ...files] = process.argv.slice(2);
if (files.length === 0) {
  console.error("FAIL: no dashboard to check");
  process.exit(1);
}
const dir = join(modules, "dashboards");
mkdirSync(dir, { recursive: true });
const sources = files.map((file) => {
  const source = join(dir, basename(file, ".json") + ".ts");
  const json = readFileSync(file, "utf8");
  writeFileSync(
    source,
    `import type { Dashboard } from "@grafana/schema";\nconst dashboard: Dashboard = ${json};\nexport default dashboard;\n`,
  );
  return source;
});
const tsc = join(modules, "node_modules", "typescript", "bin", "tsc");
const flags = ["--noEmit", "--strict", "--skipLibCheck", "--module", "nodenext", "--moduleResolution", "nodenext"];
try {
  execFileSync(process.execPath, [tsc, ...flags, ...sources], { stdio: "pipe" });
} catch (e) {
  console.error(`FAIL: a dashboard does not fit @grafana/schema's Dashboard:\n${e.stdout}${e.stderr}`);
  process.exit(1);
}
for (const file of files) console.log(`ok: ${file} fits @grafana/schema's Dashboard`);
