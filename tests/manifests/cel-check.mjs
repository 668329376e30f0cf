// Proves the CEL rules (x-kubernetes-validations) of a CRD: every rule compiles against the schema at its
// location, and a table of create and update cases is accepted or refused with the expected messages.
//
//   node cel-check.mjs CRD.yaml CASES.yaml
//
// The cases format is described at the top of cel-cases.yaml. Fails (exit 1) on a rule that does not
// compile, a case whose outcome differs, or a rule no case refuses (an untested rule).
import fs from "node:fs";
import { parse, parseAllDocuments } from "yaml";
import { compileRules, evaluateRules } from "./cel.mjs";

const [crdFile, casesFile] = process.argv.slice(2);
if (!crdFile || !casesFile) {
  console.error("usage: node cel-check.mjs CRD.yaml CASES.yaml");
  process.exit(2);
}

const table = parse(fs.readFileSync(casesFile, "utf8"));
const crd = parseAllDocuments(fs.readFileSync(crdFile, "utf8"))
  .map((doc) => doc.toJS())
  .find((doc) => doc?.kind === "CustomResourceDefinition" && doc.spec?.names?.kind === table?.kind);
if (!crd) fail(`${crdFile}: no CustomResourceDefinition of kind ${table?.kind} (the 'kind' of ${casesFile})`);
if (!Array.isArray(table.cases) || table.cases.length === 0) fail(`${casesFile}: 'cases' must be a non-empty list`);

const problems = [];
let rulesCount = 0;
let passed = 0;
for (const version of crd.spec.versions) {
  const schema = version.schema?.openAPIV3Schema;
  const rules = compileRules(schema);
  rulesCount += rules.length;
  for (const rule of rules.filter((r) => r.error)) problems.push(`${version.name} ${rule.where}: rule does not compile: ${rule.error}\n    ${rule.rule}`);

  const refusedBy = new Set();
  for (const [index, testCase] of table.cases.entries()) {
    const label = `${version.name} case ${index + 1} '${testCase.name ?? "(unnamed)"}'`;
    const expected = expectedRefusals(testCase, label);
    if (expected === undefined) continue;
    const object = resource(crd, version, testCase.object);
    const old = testCase.old === undefined ? undefined : resource(crd, version, testCase.old);
    const refusals = evaluateRules(rules, schema, object, old);
    refusals.forEach((r) => refusedBy.add(r.where));
    const actual = refusals.map((r) => r.message);
    if (JSON.stringify(actual) === JSON.stringify(expected)) {
      passed++;
    } else {
      const show = (list) => (list.length === 0 ? "accepted" : `refused with:\n      ${list.join("\n      ")}`);
      problems.push(`${label} (${old === undefined ? "create" : "update"}):\n    expected ${show(expected)}\n    but was ${show(actual)}`);
    }
  }
  for (const rule of rules.filter((r) => !r.error && !refusedBy.has(r.where))) {
    problems.push(`${version.name} ${rule.where}: no case is refused by this rule (add one to ${casesFile})\n    ${rule.rule}`);
  }
}

for (const problem of problems) console.error(`FAIL ${problem}`);
console.log(`cel: ${rulesCount} rules, ${passed} cases passed, ${problems.length} problems`);
process.exit(problems.length > 0 ? 1 : 0);

function expectedRefusals(testCase, label) {
  if (testCase.object === undefined || testCase.object === null) {
    problems.push(`${label}: 'object' is required`);
    return undefined;
  }
  if (testCase.accept === true && testCase.refuse === undefined) return [];
  if (testCase.accept === undefined && Array.isArray(testCase.refuse) && testCase.refuse.length > 0) return testCase.refuse;
  problems.push(`${label}: give either 'accept: true' or 'refuse:' a non-empty list of messages`);
  return undefined;
}

function resource(crd, version, body) {
  return {
    apiVersion: `${crd.spec.group}/${version.name}`,
    kind: crd.spec.names.kind,
    metadata: { name: "cel-case" },
    ...body,
  };
}

function fail(message) {
  console.error(message);
  process.exit(2);
}
