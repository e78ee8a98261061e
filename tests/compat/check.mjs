// check.mjs — JavaScript's YAML readers on mutu's canonical YAML (test-only).
//
//   node check.mjs STREAM EXPECT
//
// The same contract as check.py: STREAM is yaml-emit's output (for each
// corpus string s, "v: s, l: [s]" then "s: {s: 0}", each after a "---"
// line); EXPECT has "SECTION<TAB>LINE<TAB>HEX" per string. Every reader
// reads each document on its own and then the whole stream at once, and
// s must come back as a string equal to the original as the value, the
// list item and both keys. One line per reader per section, "ok - READER:
// SECTION (N strings)" or "not ok - ...", with "#" lines; run.sh numbers
// them as TAP. A reader that cannot be imported fails every section.
//
// Readers:
//   js-yaml 4 (the line before 5, still widely depended on): its default schema
//     (YAML 1.2 core plus 1.1's timestamps, merge, binary, omap, pairs
//     and set), CORE_SCHEMA and JSON_SCHEMA. It turns every key into a JS
//     property name, so a key that came back as the number 1 or true
//     cannot be told from the string "1" or "true" here: its keys are
//     checked as far as that allows (the values are checked fully).
//   js-yaml 5: CORE_SCHEMA (its default), CORE_SCHEMA with merge keys,
//     and YAML11_SCHEMA with merge keys, all with Map-valued mappings so
//     that keys keep their types.
//   yaml (eemeli/yaml) 2: version 1.2 (core schema), 1.2 with merge
//     keys, and version 1.1 (its yaml-1.1 schema, merge keys on); and
//     yaml 1 (still widely depended on) as 1.2 and 1.1; all with
//     Map-valued mappings.
// Exit status: 0 all ok, 1 a check failed, 2 usage or unreadable input.
import { readFileSync } from "node:fs";

const MAX_SHOWN = 5;

async function importOr(name) {
	try {
		return { mod: await import(name) };
	} catch (e) {
		return { why: `${name} cannot be imported (npm ci in tests/compat): ${e.message}` };
	}
}

async function readers() {
	const js4 = await importOr("js-yaml-4");
	const js5 = await importOr("js-yaml");
	const eemeli = await importOr("yaml");
	const eemeli1 = await importOr("yaml-1");
	const need = (m) => {
		if (!m.mod) throw new Error(m.why);
		return m.mod;
	};
	const out = [];

	// js-yaml 4 is CommonJS: its names are on the default export
	const j4 = () => need(js4).default ?? need(js4);
	const v4 = versionOf("js-yaml-4");
	out.push([`js-yaml ${v4} default schema`, (t) => j4().loadAll(t)]);
	out.push([`js-yaml ${v4} CORE_SCHEMA`, (t) => j4().loadAll(t, null, { schema: j4().CORE_SCHEMA })]);
	out.push([`js-yaml ${v4} JSON_SCHEMA`, (t) => j4().loadAll(t, null, { schema: j4().JSON_SCHEMA })]);

	const j5 = () => need(js5);
	const v5 = versionOf("js-yaml");
	const j5Load = (schema, ...tags) => (t) =>
		j5().loadAll(t, { schema: j5()[schema].withTags(...tags.map((tag) => j5()[tag])) });
	out.push([`js-yaml ${v5} CORE_SCHEMA`, j5Load("CORE_SCHEMA", "realMapTag")]);
	out.push([`js-yaml ${v5} CORE_SCHEMA with merge keys`, j5Load("CORE_SCHEMA", "mergeTag", "realMapTag")]);
	out.push([`js-yaml ${v5} YAML11_SCHEMA with merge keys`, j5Load("YAML11_SCHEMA", "mergeTag", "realMapTag")]);

	const vy = versionOf("yaml");
	const yamlLoad = (opts) => (t) => {
		const docs = need(eemeli).parseAllDocuments(t, opts);
		if (!Array.isArray(docs)) return [];  // an empty stream
		return docs.map((d) => {
			if (d.errors.length) throw d.errors[0];
			return d.toJS({ mapAsMap: true });
		});
	};
	out.push([`yaml ${vy} version 1.2`, yamlLoad({ version: "1.2" })]);
	out.push([`yaml ${vy} version 1.2 with merge keys`, yamlLoad({ version: "1.2", merge: true })]);
	out.push([`yaml ${vy} version 1.1`, yamlLoad({ version: "1.1" })]);

	// yaml 1 is CommonJS too, and takes mapAsMap when parsing
	const y1 = () => need(eemeli1).default ?? need(eemeli1);
	const vy1 = versionOf("yaml-1");
	const yaml1Load = (version) => (t) => y1().parseAllDocuments(t, { version, mapAsMap: true })
		.map((d) => {
			if (d.errors.length) throw d.errors[0];
			return d.toJSON();
		});
	out.push([`yaml ${vy1} version 1.2`, yaml1Load("1.2")]);
	out.push([`yaml ${vy1} version 1.1`, yaml1Load("1.1")]);
	return out;
}

// The installed version of a module, for the reader's name.
function versionOf(name) {
	try {
		const url = new URL(`./node_modules/${name}/package.json`, import.meta.url);
		return JSON.parse(readFileSync(url, "utf8")).version;
	} catch {
		return "(missing)";
	}
}

function short(x, limit = 160) {
	let r;
	try {
		r = typeof x === "string" ? JSON.stringify(x)
			: x instanceof Map ? `Map ${JSON.stringify([...x.entries()])}`
			: x instanceof Date ? `Date ${x.toISOString?.()}`
			: JSON.stringify(x) ?? String(x);
	} catch {
		r = String(x);
	}
	return r.length <= limit ? r : `${r.slice(0, limit)}... (${r.length} chars)`;
}

const kind = (x) => (x === null ? "null" : x instanceof Map ? "Map" : x instanceof Date ? "Date"
	: Array.isArray(x) ? "array" : typeof x);

// [key, value] pairs of a mapping as read, or null if it is none
function pairs(m) {
	if (m instanceof Map) return [...m.entries()];
	if (m !== null && typeof m === "object" && !Array.isArray(m) && !(m instanceof Date))
		return Object.entries(m);
	return null;
}

function checkValueDoc(d, s) {
	const p = pairs(d);
	if (!p || p.length !== 2 || p.map(([k]) => k).sort().join(",") !== "l,v")
		return `not a mapping with keys v and l: ${short(d)}`;
	const get = (k) => p.find(([key]) => key === k)[1];
	const v = get("v"), l = get("l");
	if (typeof v !== "string" || v !== s) return `v came back as ${kind(v)} ${short(v)}`;
	if (!Array.isArray(l) || l.length !== 1) return `l came back as ${short(l)}`;
	if (typeof l[0] !== "string" || l[0] !== s)
		return `the list item came back as ${kind(l[0])} ${short(l[0])}`;
	return null;
}

function checkKeyDoc(d, s) {
	const p = pairs(d);
	if (!p || p.length !== 1) return `not a mapping of one key: ${short(d)}`;
	const [k, inner] = p[0];
	if (typeof k !== "string" || k !== s) return `the key came back as ${kind(k)} ${short(k)}`;
	const q = pairs(inner);
	if (!q || q.length !== 1) return `the key's value came back as ${short(inner)}`;
	const [k2, zero] = q[0];
	if (typeof k2 !== "string" || k2 !== s)
		return `the nested key came back as ${kind(k2)} ${short(k2)}`;
	if (zero !== 0) return `the nested key's value came back as ${short(zero)}`;
	return null;
}

const oneLine = (e) => String(e && e.message !== undefined ? e.message : e)
	.split("\n").map((x) => x.trim()).filter(Boolean).join(" | ").slice(0, 300);

// Reader bugs that no YAML text can get around, each expected exactly: the
// reader (by name), the string, the document (0: value and list item, 1:
// keys) and what the reader does. A known bug that stops happening fails
// too, so that this list stays true.
const KNOWN = [
	{
		reader: /^yaml 1\.[0-9.]+ version 1\.1$/,
		s: "<<",
		doc: 1,
		what: /^cannot read it: Merge nodes can only have Alias nodes as values/,
		why: "yaml 1.x reading YAML 1.1 takes every key \"<<\" for a merge key, quoted or"
			+ " tagged (yaml 2 fixed it); no mutu record has that key, since every schema"
			+ " closes its mappings (additionalProperties: false)",
	},
];

const knownFor = (name, s, doc) => KNOWN.find((b) => b.reader.test(name) && b.s === s && b.doc === doc);

function report(name, section, n, failures, known = []) {
	const also = known.length ? `; ${known.length} known reader bug${known.length > 1 ? "s" : ""}` : "";
	if (failures.length) console.log(`not ok - ${name}: ${section} (${failures.length} of ${n} strings fail${also})`);
	else console.log(`ok - ${name}: ${section} (${n} strings${also})`);
	for (const f of failures.slice(0, MAX_SHOWN)) console.log(`#   ${f}`);
	if (failures.length > MAX_SHOWN) console.log(`#   ... and ${failures.length - MAX_SHOWN} more`);
	for (const k of known) console.log(`#   known: ${k}`);
}

async function main(argv) {
	if (argv.length !== 2) {
		process.stderr.write("usage: node check.mjs STREAM EXPECT\n");
		return 2;
	}
	let stream, entries;
	try {
		stream = readFileSync(argv[0], "utf8");
		const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
		entries = readFileSync(argv[1], "ascii").split("\n").filter((l) => l !== "").map((l) => {
			const [section, where, hex] = l.split("\t");
			return { section, where: Number(where), s: utf8.decode(Buffer.from(hex, "hex")) };
		});
	} catch (e) {
		process.stderr.write(`check.mjs: ${oneLine(e)}\n`);
		return 2;
	}
	// every document follows a "---" line, and no other line is "---"
	const docs = stream.split(/^---\n/m);
	if (docs[0] !== "" || docs.length - 1 !== 2 * entries.length) {
		process.stderr.write(`check.mjs: ${docs.length - 1} documents for ${entries.length} strings\n`);
		return 2;
	}
	docs.shift();

	let status = 0;
	for (const [name, loadAll] of await readers()) {
		let n = 0, failures = [], known = [];
		const skipped = new Set();  // strings whose known bug keeps them out of the whole stream
		entries.forEach(({ section, where, s }, i) => {
			for (const [k, check] of [[0, checkValueDoc], [1, checkKeyDoc]]) {
				const doc = docs[2 * i + k];
				const bug = knownFor(name, s, k);
				let what;
				try {
					const got = loadAll(doc);
					what = got.length !== 1 ? `${got.length} documents` : check(got[0], s);
				} catch (e) {
					what = `cannot read it: ${oneLine(e)}`;
				}
				if (bug && what && bug.what.test(what)) {
					known.push(`strings.txt:${where}: ${short(s, 80)}: ${what}: ${bug.why}`);
					skipped.add(i);
					continue;
				}
				if (bug) what = `known reader bug no longer happens as listed in KNOWN (check.mjs): ${what ?? "read back right"}`;
				if (what) {
					failures.push(`strings.txt:${where}: ${short(s, 80)}: ${what}; emitted ${short(doc, 200)}`);
					break;
				}
			}
			n++;
			if (i + 1 === entries.length || entries[i + 1].section !== section) {
				report(name, section, n, failures, known);
				if (failures.length) status = 1;
				n = 0;
				failures = [];
				known = [];
			}
		});
		// the whole stream at once: the markers separate documents, no more
		// (less the strings a known bug makes unreadable, said in the line)
		const kept = entries.map((e, i) => i).filter((i) => !skipped.has(i));
		try {
			const got = loadAll(kept.map((i) => `---\n${docs[2 * i]}---\n${docs[2 * i + 1]}`).join(""));
			if (got.length !== 2 * kept.length) {
				failures.push(`${got.length} documents, not ${2 * kept.length}`);
			} else {
				kept.forEach((i, j) => {
					const { where, s } = entries[i];
					const what = checkValueDoc(got[2 * j], s) ?? checkKeyDoc(got[2 * j + 1], s);
					if (what) failures.push(`strings.txt:${where}: ${what}`);
				});
			}
		} catch (e) {
			failures.push(`cannot read it: ${oneLine(e)}`);
		}
		report(name, "the whole stream, read as one", kept.length, failures,
			[...skipped].map((i) => `strings.txt:${entries[i].where}: left out (a known reader bug, above)`));
		if (failures.length) status = 1;
	}
	return status;
}

process.exitCode = await main(process.argv.slice(2));
