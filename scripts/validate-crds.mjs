// Validates the custom resources of rgen bundles against their CRD schemas, with the models of
// the npm packages @kubernetes-models/* (the CRDs' OpenAPI schemas compiled to validators:
// types, enums, patterns, required fields). scripts/test.sh installs them into .tools/npm.
//
// usage: node scripts/validate-crds.mjs MODULES_DIR FILE.json...
// Each FILE holds a JSON list of documents. Prints one line per document; exits 1 on the first
// invalid one, or when a kind has no model here (never passes a document it cannot check).
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [modules, ...files] = process.argv.slice(2);
const models = {
  "cert-manager.io/v1/Certificate": "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate.js",
  "monitoring.coreos.com/v1/ServiceMonitor":
    "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor.js",
  "monitoring.coreos.com/v1/PrometheusRule":
    "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule.js",
};

let checked = 0;
for (const file of files) {
  for (const doc of JSON.parse(readFileSync(file, "utf8"))) {
    const id = `${doc.apiVersion}/${doc.kind}`;
    const where = `${file}: ${doc.kind} ${doc.metadata?.name}`;
    if (!models[id]) {
      console.error(`FAIL ${where}: no CRD model for ${id}`);
      process.exit(1);
    }
    const module = await import(join(modules, "node_modules", models[id]));
    try {
      new module[doc.kind](doc).validate();
    } catch (e) {
      console.error(`FAIL ${where}: ${e.message}`);
      process.exit(1);
    }
    console.log(`ok: ${where} against the ${id} CRD schema`);
    checked += 1;
  }
}
if (checked === 0) {
  console.error("FAIL: no custom resource to check");
  process.exit(1);
}
