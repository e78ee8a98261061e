// ajv-check.mjs — ajv's side of the schema cross-check (test-only).
//
//   node ajv-check.mjs TYPE            validate the JSON read from stdin
//   node ajv-check.mjs --compile TYPE  only compile schema/TYPE.json
//   node ajv-check.mjs --files TYPE F.json...
//       validate each file (one node start for the whole corpus): print
//       its status (0, 1 or 2, as below) on a line of its own, in order,
//       and write ajv's errors to F.json.ajv
//   node ajv-check.mjs --coverage TYPE VALID.jsonl INVALID.jsonl
//       check that the corpus (records as JSON, one a line) has, for every
//       keyword in every place schema/TYPE.json uses it, a valid record
//       reaching that place and an invalid record failing there only
//       (every error ajv reports is at that place, one for that keyword);
//       and that every enum value is accepted by some valid record.
//
// Uses ajv's JSON Schema 2020-12 build in strict mode (every strict
// option on: unknown keywords, formats, types, tuples, required), so a
// schema that leans on anything ajv would merely tolerate fails here too.
// Exit status: 0 valid (or compiled), 1 invalid (errors on stderr),
// 2 usage, unreadable input or a schema that does not compile.
import Ajv2020 from "ajv/dist/2020.js";
import { readFileSync, writeFileSync } from "node:fs";

function fail(msg) {
	process.stderr.write(`ajv-check: ${msg}\n`);
	process.exit(2);
}

const args = process.argv.slice(2);
const mode = ["--compile", "--coverage", "--files"].includes(args[0]) ? args.shift() : "";
const nargs = mode === "--coverage" ? args.length === 3 : mode === "--files" ? args.length >= 1 : args.length === 1;
if (!nargs || !/^[a-z]+$/.test(args[0]))
	fail("usage: ajv-check.mjs [--compile] TYPE | --coverage TYPE VALID.jsonl INVALID.jsonl | --files TYPE F.json...");
const type = args[0];

let schema;
try {
	const url = new URL(`../../schema/${type}.json`, import.meta.url);
	schema = JSON.parse(readFileSync(url, "utf8"));
} catch (e) {
	fail(`schema/${type}.json: ${e.message}`);
}

const ajv = new Ajv2020({
	strict: true,       // strictSchema, strictNumbers, strictTypes, strictTuples, strictRequired
	allErrors: true,
	validateSchema: true,
	unicodeRegExp: true, // patterns with the "u" flag: code points, as regcomp in UTF-8
});

let validate;
try {
	validate = ajv.compile(schema);
} catch (e) {
	fail(`schema/${type}.json does not compile in strict mode: ${e.message}`);
}
if (mode === "--compile")
	process.exit(0);
if (mode === "--coverage")
	process.exit(coverage(args[1], args[2]));
if (mode === "--files") {
	for (const f of args.slice(1)) {
		let status, report = "";
		try {
			status = check(JSON.parse(readFileSync(f, "utf8")), (line) => { report += line; });
		} catch (e) {
			status = 2;
			report = `ajv-check: ${f}: ${e.message}\n`;
		}
		writeFileSync(`${f}.ajv`, report);
		process.stdout.write(`${status}\n`);
	}
	process.exit(0);
}

let text;
try {
	text = readFileSync(0, "utf8");
} catch (e) {
	fail(`reading stdin: ${e.message}`);
}
let data;
try {
	data = JSON.parse(text);
} catch (e) {
	fail(`stdin is not JSON: ${e.message}`);
}

process.exit(check(data, (line) => process.stderr.write(line)));

// 0 if data is valid, else 1 with each of ajv's errors reported.
function check(data, report) {
	if (validate(data))
		return 0;
	for (const err of validate.errors)
		report(`ajv: ${err.instancePath || "/"}: ${err.message}` +
			` (${err.keyword} at ${err.schemaPath})\n`);
	return 1;
}

// --coverage: the places (instance path, "*" for any array index) where
// each keyword of the schema applies.
function places() {
	const VALIDATORS = ["type", "required", "additionalProperties", "enum", "const",
		"pattern", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
		"minimum", "maximum"];
	const out = [];
	const walk = (node, at, parent) => {
		if (node.$ref) {
			out.push({ at, kw: "$ref", parent });
			node = node.$ref.split("/").slice(1).reduce((n, k) => n[k], schema);
		}
		for (const kw of VALIDATORS)
			if (kw in node)
				out.push({ at, kw });
		if (Array.isArray(node.enum))
			for (const v of node.enum)
				out.push({ at, kw: `enum value ${JSON.stringify(v)}`, value: v, validOnly: true });
		if (node.properties)
			for (const [k, sub] of Object.entries(node.properties)) {
				// a property whose schema is {} takes any value: a record
				// can reach it, none can fail there (a conflict's values)
				const any = Object.keys(sub).length === 0;
				out.push({ at: `${at}/${k}`, kw: "properties", parent: at, validOnly: any, any });
				walk(sub, `${at}/${k}`, at);
			}
		if (node.items) {
			out.push({ at: `${at}/*`, kw: "items", parent: at });
			walk(node.items, `${at}/*`, at);
		}
	};
	walk(schema, "", null);
	// mutu_yaml_parse reads only mappings: no record reaches the schema
	// with another type at the top, so that place cannot have an invalid one.
	return out.filter((p) => !(p.at === "" && p.kw === "type"));
}

function lines(path) {
	return readFileSync(path, "utf8").split("\n").filter((l) => l).map((l) => JSON.parse(l));
}

// Every instance path present in a record, array indices as "*".
function present(v, at, acc) {
	acc.set(at, (acc.get(at) || []).concat([v]));
	if (Array.isArray(v))
		v.forEach((x) => present(x, `${at}/*`, acc));
	else if (v && typeof v === "object")
		for (const [k, x] of Object.entries(v))
			present(x, `${at}/${k}`, acc);
	return acc;
}

function coverage(validPath, invalidPath) {
	const seen = new Map();
	for (const rec of lines(validPath))
		for (const [at, vs] of present(rec, "", new Map()))
			seen.set(at, (seen.get(at) || []).concat(vs));
	// Each invalid record that ajv rejects, at one place only.
	const failures = [];
	let multi = 0;
	for (const rec of lines(invalidPath)) {
		if (validate(rec))
			continue;
		// one place only: an empty title fails minLength and pattern at
		// /title and counts for both; errors at two places count for none
		if (new Set(validate.errors.map((e) => e.instancePath)).size !== 1) {
			multi++;
			continue;
		}
		for (const e of validate.errors)
			failures.push({
				at: e.instancePath.replace(/\/[0-9]+(?=\/|$)/g, "/*"),
				kw: e.keyword,
				viaRef: e.schemaPath.startsWith("#/$defs/"),
			});
	}
	const equal = (a, b) => JSON.stringify(a) === JSON.stringify(b);
	const under = (at, place) => at === place || at.startsWith(`${place}/`);
	const missing = [];
	for (const p of places()) {
		const vs = seen.get(p.at) || [];
		const valid = p.validOnly && !p.any ? vs.some((v) => equal(v, p.value)) : vs.length > 0;
		let invalid = true;
		if (!p.validOnly) {
			if (p.kw === "properties" || p.kw === "items")
				invalid = failures.some((f) => under(f.at, p.at));
			else if (p.kw === "$ref")
				invalid = failures.some((f) => f.at === p.at && f.viaRef);
			else
				invalid = failures.some((f) => f.at === p.at && f.kw === p.kw);
		}
		if (!valid)
			missing.push(`${p.kw} at ${p.at || "/"}: no valid record ${p.validOnly ? "uses it" : "reaches it"}`);
		if (!invalid)
			missing.push(`${p.kw} at ${p.at || "/"}: no invalid record fails there, for that reason only`);
	}
	const used = new Set(places().map((p) => p.kw));
	const subset = ["type", "properties", "required", "additionalProperties", "enum",
		"const", "pattern", "minLength", "maxLength", "items", "minItems", "maxItems",
		"uniqueItems", "minimum", "maximum", "$ref"];
	process.stdout.write(`${places().length} places checked; ` +
		`keywords of the subset not used by schema/${type}.json: ` +
		`${subset.filter((k) => !used.has(k)).join(", ") || "none"}\n`);
	if (multi)
		process.stdout.write(`${multi} invalid record(s) fail at more than one place (not counted)\n`);
	for (const m of missing)
		process.stdout.write(`missing: ${m}\n`);
	return missing.length ? 1 : 0;
}
