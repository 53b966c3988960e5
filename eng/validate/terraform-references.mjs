// Parses every .tf file of a Terraform folder with @cdktf/hcl2json (HCL → JSON, the way Terraform reads it) and
// checks that every reference names something declared there: resources, data sources, variables, locals,
// and the files a `source` argument uploads. Exits 1 with one line per problem.
//   node eng/validate/terraform-references.mjs DIR
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { parse } = require(resolve(dirname(new URL(import.meta.url).pathname), "../../infra/publish-tools/node_modules/@cdktf/hcl2json"));

const folder = process.argv[2];
const problems = [];
const declared = new Set();
const documents = [];
for (const file of readdirSync(folder).filter(f => f.endsWith(".tf")).sort()) {
  try {
    documents.push([file, await parse(file, readFileSync(join(folder, file), "utf8"))]);
  } catch (error) {
    problems.push(`${file}: does not parse: ${error.message ?? error}`);
  }
}
for (const [, json] of documents) {
  for (const [type, named] of Object.entries(json.resource ?? {})) for (const name of Object.keys(named)) declared.add(`${type}.${name}`);
  for (const [type, named] of Object.entries(json.data ?? {})) for (const name of Object.keys(named)) declared.add(`data.${type}.${name}`);
  for (const name of Object.keys(json.variable ?? {})) declared.add(`var.${name}`);
  for (const block of json.locals ?? []) for (const name of Object.keys(block)) declared.add(`local.${name}`);
}

const reference = /\b(?:(data)\.([a-z][a-z0-9_]*)\.([a-z_][a-z0-9_-]*)|(var|local)\.([a-z_][a-z0-9_]*)|((?:aws|google)_[a-z0-9_]+)\.([a-z_][a-z0-9_-]*))/g;
function visit(file, value, path) {
  if (typeof value === "string") {
    for (const m of value.matchAll(reference)) {
      const name = m[1] ? `data.${m[2]}.${m[3]}` : m[4] ? `${m[4]}.${m[5]}` : `${m[6]}.${m[7]}`;
      if (!declared.has(name)) problems.push(`${file}: ${path} refers to ${name}, which is not declared`);
    }
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => visit(file, v, `${path}[${i}]`));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(file, v, path ? `${path}.${k}` : k);
}
for (const [file, json] of documents) {
  visit(file, json, "");
  for (const [type, named] of Object.entries(json.resource ?? {})) {
    for (const [name, blocks] of Object.entries(named)) {
      for (const block of blocks) {
        if (typeof block.source === "string") {
          const path = block.source.replace("${path.module}", folder);
          if (!existsSync(path)) problems.push(`${file}: ${type}.${name} uploads ${block.source}, which does not exist`);
        }
      }
    }
  }
}
if (documents.length === 0) problems.push(`${folder}: no .tf files`);
for (const problem of problems) console.log(problem);
console.log(`${documents.length} files, ${declared.size} declarations, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
