// Validates Kubernetes manifests offline against the real API schemas.
//
//   node validate.mjs FILE...        (multi-document YAML files)
//
// Built-in kinds are checked with kubernetes-models (the upstream OpenAPI schemas compiled to
// validators). Custom resources are checked against the openAPIV3Schema of any CustomResourceDefinition
// among the inputs, strictly: unknown fields fail, as a typo would otherwise be pruned silently by the
// API server. Custom resources must also pass the CRD's CEL rules on create (cel.mjs; cel-check.mjs proves
// the rules themselves). Exit code 1 when anything is invalid.
import fs from "node:fs";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";
import { compileRules, evaluateRules } from "./cel.mjs";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE...");
  process.exit(2);
}

const documents = [];
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  parseAllDocuments(text).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      documents.push({ file, index, error: doc.errors.map((e) => e.message).join("; ") });
      return;
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) documents.push({ file, index, value });
  });
}

// Custom resource schemas from the CRDs among the inputs.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const customSchemas = new Map();
for (const { value } of documents) {
  if (value?.kind !== "CustomResourceDefinition") continue;
  for (const version of value.spec?.versions ?? []) {
    const key = `${value.spec.group}/${version.name}/${value.spec.names.kind}`;
    const schema = version.schema.openAPIV3Schema;
    customSchemas.set(key, { check: ajv.compile(strictSchema(schema)), schema, rules: compileRules(schema) });
  }
}

// Objects with declared properties and no x-kubernetes-preserve-unknown-fields reject unknown fields.
function strictSchema(schema) {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (schema === null || typeof schema !== "object") return schema;
  const copy = {};
  for (const [k, v] of Object.entries(schema)) copy[k] = strictSchema(v);
  if (copy.properties && !copy["x-kubernetes-preserve-unknown-fields"] && copy.additionalProperties === undefined) {
    copy.additionalProperties = false;
    if (copy.properties.metadata && Object.keys(copy.properties.metadata).length <= 1) copy.properties.metadata = { type: "object" };
  }
  return copy;
}

let failed = 0;
let passed = 0;
for (const doc of documents) {
  const where = `${doc.file}#${doc.index}`;
  const problems = doc.error ? [doc.error] : await validate(doc.value);
  if (problems.length > 0) {
    failed++;
    const id = doc.value ? `${doc.value.kind}/${doc.value.metadata?.name}` : "";
    console.error(`INVALID ${where} ${id}\n  ${problems.join("\n  ")}`);
  } else {
    passed++;
  }
}

console.log(`manifests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

async function validate(value) {
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return ["apiVersion and kind are required"];
  if (!metadata?.name) return ["metadata.name is required"];

  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const custom = customSchemas.get(`${group}/${version}/${kind}`);
  if (custom) {
    if (!custom.check(value)) return custom.check.errors.map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
    return evaluateRules(custom.rules, custom.schema, value).map((r) => `${r.where}: ${r.message}`);
  }

  let Model;
  try {
    Model = (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
  } catch {
    return [`unknown kind ${apiVersion} ${kind} (no model, and no CRD for it among the inputs)`];
  }
  try {
    new Model(value).validate();
    return [];
  } catch (e) {
    return [e.message];
  }
}
