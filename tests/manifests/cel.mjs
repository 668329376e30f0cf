// The CEL rules (x-kubernetes-validations) of a CRD schema, compiled and evaluated the way the API server
// does, with @marcbachmann/cel-js standing in for cel-go. Used by cel-check.mjs (a table of create and
// update cases) and validate.mjs (create rules on every custom resource it validates).
//
// Kubernetes semantics kept here:
// - `self` is typed from the schema at the rule's location (objects as structs, so an unknown field or a
//   type mismatch is a compile error, as at CRD install); a rule must be of type bool.
// - Structural defaults are applied (to the old object too) before the rules run.
// - A rule runs only where its field is present. A transition rule (one that names `oldSelf`) runs only on
//   update and only where the old object has the field too (object properties and map values correlate;
//   list items do not, as for atomic lists).
// - An evaluation error refuses the object, as it does in the API server.
// Not modelled: the cost estimator and budget, the Kubernetes CEL libraries (quantity, regex, url, ...),
// messageExpression, optionalOldSelf, and metadata as the API server exposes it (name and generateName only).
import { Environment } from "@marcbachmann/cel-js";

/** Every rule in the schema: { path, schema, rule, message, transition, program } or a compile error. */
export function compileRules(rootSchema) {
  const rules = [];
  walkSchema(rootSchema, "", (schema, path) => {
    for (const [index, validation] of (schema["x-kubernetes-validations"] ?? []).entries()) {
      rules.push(compileRule(schema, path, index, validation));
    }
  });
  return rules;
}

function compileRule(schema, path, index, validation) {
  const where = `${path || "<root>"} x-kubernetes-validations[${index}]`;
  const entry = { path, schema, where, rule: validation.rule, message: validation.message ?? `failed rule: ${validation.rule}` };
  const unsupported = ["messageExpression", "optionalOldSelf"].filter((key) => key in validation);
  if (typeof validation.rule !== "string" || validation.rule.trim() === "") {
    entry.error = "rule is missing or empty";
  } else if (unsupported.length > 0) {
    entry.error = `${unsupported.join(", ")} not supported by this checker`;
  } else {
    try {
      const env = new Environment();
      const type = celType(schema, `${path}.self`);
      for (const name of ["self", "oldSelf"]) {
        if (typeof type === "string") env.registerVariable(name, type);
        else env.registerVariable({ name, schema: type });
      }
      const check = env.check(validation.rule);
      if (!check.valid) entry.error = check.error.message.split("\n")[0];
      else if (check.type !== "bool") entry.error = `rule is of type ${check.type}, not bool`;
      else {
        entry.program = env.parse(validation.rule);
        entry.transition = namesOldSelf(entry.program.ast);
      }
    } catch (e) {
      entry.error = e.message.split("\n")[0];
    }
  }
  return entry;
}

/**
 * The rules an object breaks, as { where, message }; with `oldObject`, an update (transition rules run too).
 * A rule that did not compile is reported as broken by every object that reaches it.
 */
export function evaluateRules(rules, rootSchema, object, oldObject) {
  const refusals = [];
  const newValue = applyDefaults(rootSchema, structuredClone(object));
  const oldValue = oldObject === undefined ? undefined : applyDefaults(rootSchema, structuredClone(oldObject));
  const byPath = new Map();
  for (const rule of rules) byPath.set(rule.path, [...(byPath.get(rule.path) ?? []), rule]);
  walkValues(rootSchema, "", newValue, oldValue, (schema, path, value, old) => {
    for (const rule of byPath.get(path) ?? []) {
      if (rule.error) {
        refusals.push({ where: rule.where, message: `does not compile: ${rule.error}` });
        continue;
      }
      if (rule.transition && old === undefined) continue;
      try {
        const self = celValue(schema, value);
        const result = rule.program({ self, oldSelf: old === undefined ? undefined : celValue(schema, old) });
        if (result !== true) refusals.push({ where: rule.where, message: rule.message });
      } catch (e) {
        refusals.push({ where: rule.where, message: `evaluation error: ${e.message.split("\n")[0]}` });
      }
    }
  });
  return refusals;
}

/** Fills absent properties with their schema defaults, recursively, as the API server does. */
export function applyDefaults(schema, value) {
  if (schema === undefined || value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => applyDefaults(schema.items, item));
  if (typeof value !== "object") return value;
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (value[name] === undefined && property.default !== undefined) value[name] = structuredClone(property.default);
    if (value[name] !== undefined) value[name] = applyDefaults(property, value[name]);
  }
  if (typeof schema.additionalProperties === "object") {
    for (const key of Object.keys(value)) {
      if (!(key in (schema.properties ?? {}))) value[key] = applyDefaults(schema.additionalProperties, value[key]);
    }
  }
  return value;
}

// Visits every schema node with its path (a.b, a.<key> for map values, a[] for list items).
function walkSchema(schema, path, visit) {
  if (schema === undefined || schema === null || typeof schema !== "object") return;
  visit(schema, path);
  for (const [name, property] of Object.entries(schema.properties ?? {})) walkSchema(property, join(path, name), visit);
  if (typeof schema.additionalProperties === "object") walkSchema(schema.additionalProperties, `${path}.<key>`, visit);
  if (schema.items) walkSchema(schema.items, `${path}[]`, visit);
}

// Visits every present value with its schema path and the correlated old value (undefined when none).
function walkValues(schema, path, value, old, visit) {
  if (schema === undefined || value === undefined || value === null) return;
  visit(schema, path, value, old);
  const oldObject = old !== null && typeof old === "object" && !Array.isArray(old) ? old : {};
  if (Array.isArray(value)) {
    for (const item of value) walkValues(schema.items, `${path}[]`, item, undefined, visit);
  } else if (typeof value === "object") {
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      walkValues(property, join(path, name), value[name], oldObject[name], visit);
    }
    if (typeof schema.additionalProperties === "object") {
      for (const key of Object.keys(value).filter((k) => !(k in (schema.properties ?? {})))) {
        walkValues(schema.additionalProperties, `${path}.<key>`, value[key], oldObject[key], visit);
      }
    }
  }
}

const join = (path, name) => (path ? `${path}.${name}` : name);

// The CEL type of a schema node: a type name, or for an object with properties a nested field schema.
function celType(schema, where) {
  if (schema["x-kubernetes-int-or-string"] || schema.anyOf || schema["x-kubernetes-preserve-unknown-fields"]) return "dyn";
  switch (schema.type) {
    case "integer": return "int";
    case "number": return "double";
    case "boolean": return "bool";
    case "string": return "string";
    case "array": return `list<${elementType(schema.items, where)}>`;
    case "object":
      if (schema.properties) {
        return Object.fromEntries(Object.entries(schema.properties).map(([name, p]) => [name, celType(p, `${where}.${name}`)]));
      }
      return `map<string, ${elementType(schema.additionalProperties, where)}>`;
    default:
      throw new Error(`${where}: schema without a type CEL can use`);
  }
}

// Element types of lists and maps are type names; nested objects there are dyn (field names unchecked).
function elementType(schema, where) {
  if (schema === undefined || typeof schema !== "object") return "dyn";
  const type = celType(schema, where);
  return typeof type === "string" ? type : "dyn";
}

// JSON values as CEL sees them: integers of integer (or int-or-string) fields are int (BigInt).
function celValue(schema, value) {
  if (value === null || value === undefined) return value;
  if (typeof value === "number") {
    const integral = schema?.type === "integer" || (schema?.type !== "number" && Number.isInteger(value));
    return integral ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => celValue(schema?.items, item));
  if (typeof value !== "object") return value;
  const converted = {};
  for (const [key, item] of Object.entries(value)) {
    const property = schema?.properties?.[key] ?? (typeof schema?.additionalProperties === "object" ? schema.additionalProperties : undefined);
    converted[key] = celValue(property, item);
  }
  return converted;
}

function namesOldSelf(node) {
  if (Array.isArray(node)) return node.some(namesOldSelf);
  if (node === null || typeof node !== "object") return false;
  if (node.op === "id" && node.args === "oldSelf") return true;
  return namesOldSelf(node.args);
}
