// Validate documents against pollctl's JSON Schemas with Ajv (draft 2020-12) in strict mode.
// Input (file given as argv[2]): {"schemas": {"name": schema, ...}, "cases": [{"schema": "name", "doc": ...}]}
// Output (stdout): [{"valid": bool, "errors": [...]}] in case order. A schema that does not
// compile under strict mode is an error (exit 2) naming the schema and Ajv's message.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default;

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const ajv = new Ajv2020({ strict: true, allErrors: true });
const compiled = {};
for (const [name, schema] of Object.entries(input.schemas)) {
  try {
    compiled[name] = ajv.compile(schema);
  } catch (e) {
    console.error(`schema ${name} does not compile under Ajv strict mode: ${e.message}`);
    process.exit(2);
  }
}
const out = input.cases.map((c) => {
  const validate = compiled[c.schema];
  const valid = validate(c.doc);
  return { valid, errors: (validate.errors || []).map((e) => `${e.instancePath} ${e.message}`) };
});
process.stdout.write(JSON.stringify(out));
