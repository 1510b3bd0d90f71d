#!/usr/bin/env node
// End-to-end check of the generated Terraform files by HashiCorp's own code:
//   * @cdktf/hcl2json — HashiCorp's HCL parser (hashicorp/hcl/v2 hclsyntax, via
//     tmccombs/hcl2json, compiled to wasm) must accept every .tf file;
//   * @cdktf/hcl-tools — `terraform fmt`'s formatter (hclwrite.Format) must leave every file
//     unchanged;
//   * the strings HCL reads back must be the strings the manifests supplied: the `title` of
//     every cloudflare_workers_kv_namespace resource is its manifest's spec.namespace_name, and
//     the `namespaces` output holds its description and ttl_seconds;
//   * the structure `terraform validate` checks without a provider (terraform_refs.js): every
//     reference (`cloudflare_zone.example_zone_prod.id`, `var.x`, `local.x`, `data.T.N`,
//     `module.x`, a `provider` alias) resolves to a declaration of the module, variables are
//     declared in variables.tf, names are declared once (outputs unique), every resource's
//     provider is in required_providers. `terraform init` cannot download the provider here,
//     so `terraform validate` itself cannot run;
//   * variables.tf: hcl2json reads `cloudflare_api_token`, when declared, as sensitive with
//     default null (the provider then reads CLOUDFLARE_API_TOKEN) and `cloudflare_account_id`,
//     when declared (a kind of the run takes the account from it), with a validation block;
//     Terraform itself (when installed) plans variables.tf alone — no provider needed — with
//     only an account id given, and stops at the validation for an id that is not
//     32 hexadecimal digits;
//   * Terraform itself, when installed (optional: the packages above are the contract):
//     `terraform fmt -check` leaves every file alone, and `terraform providers` loads the
//     configuration (block structure, duplicate declarations, meta-arguments) offline.
//
// Which files must exist is what the manifests say (DIR/case.json, expected.py --case): the
// folder iff a kind of the case has terraform templates (`planton-gen all` leaves the target
// out otherwise); the KV read-back below covers the CloudflareKvNamespace manifests (none: no
// cloudflare_workers_kv_namespace and no `namespaces` output).
//
// Usage: node check_terraform.js DIR   (DIR/expected.json, DIR/case.json, DIR/out/terraform/*.tf)
// Needs NODE_PATH to hold @cdktf/hcl2json and @cdktf/hcl-tools (scripts/e2e/run sets it).
// Prints `FAIL <path>: <consumer>: <reason>` for every problem and exits 1, or prints
// `ok terraform: N files, M titles`.
//
// How hcl2json returns a quoted string (found by experiment with @cdktf/hcl2json 0.21.0):
// every backslash escape is decoded (\" \\ \n \t \r \uNNNN \UNNNNNNNN: the JSON value holds
// the real characters, astral ones included, and control characters such as U+0000, U+0001,
// U+007F come through as themselves), but the result is a template in HCL's JSON syntax:
// a literal `${` is written `$${` and a literal `%{` is written `%%{`, while a real
// interpolation or directive stays `${...}` / `%{...}` with its source text inside. A `$` or
// `%` that is not followed by `{` is left alone, so `$$` stays `$$`. Observed pairs
// (HCL source -> hcl2json value -> the string Terraform sees):
//   "$${x}"   -> "$${x}"    -> ${x}          "%%{x}"  -> "%%{x}"  -> %{x}
//   "$$${x"   -> "$$${x"    -> $${x          "%%%{x"  -> "%%%{x" -> %%{x
//   "$$"      -> "$$"       -> $$            "$"      -> "$"      -> $
//   "${var.x}"-> "${var.x}" (an interpolation)  "a%{if true}b%{endif}" -> unchanged (directive)
//   "back\\slash \" q" -> back\slash " q      "\u00e9 \U0001F600" -> é 😀
// (`"$$${x"` parses at all only because HCL reads `$$${` as `$` + the escape `$${`.)
// So a value is decoded by one left-to-right scan: `$${` -> `${`, `%%{` -> `%{`, and any other
// character as is; a `${` or `%{` met by the scan is an interpolation/directive, which means
// user text was not escaped, and is reported.
//
// HCL also normalizes every quoted string to Unicode NFC, escapes included ("\U0002F81E" and
// its raw UTF-8 both read back as U+5203, "e\u0301" as U+00E9), so a manifest string that is
// not NFC can never reach Terraform unchanged. Such a value is accepted when it reads back as
// its NFC form, and a `note terraform:` line counts them. A description or ttl_seconds that
// expected.json gives as null is compared as "" or 0.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");

const RESOURCE_TYPE = "cloudflare_workers_kv_namespace";

const failures = [];
function fail(file, msg) {
  failures.push(`FAIL ${file}: ${msg}`);
  console.log(`FAIL ${file}: ${msg}`);
}

// JSON.stringify shows quotes, backslashes and control characters; also make the invisible
// line/paragraph separators and other non-printing characters visible.
function show(s) {
  if (typeof s !== "string") return JSON.stringify(s);
  return JSON.stringify(s).replace(
    /[\u0080-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

// Decode an hcl2json string value (see the header). Returns {value, error}; error is set when
// the value holds an interpolation or directive.
function decodeTemplate(s) {
  let error;
  let out = "";
  let i = 0;
  while (i < s.length) {
    if (s.startsWith("$${", i)) {
      out += "${";
      i += 3;
    } else if (s.startsWith("%%{", i)) {
      out += "%{";
      i += 3;
    } else if (s.startsWith("${", i) || s.startsWith("%{", i)) {
      // Report it; the value read on as if it were escaped still lets the caller match it.
      error = error || `unescaped ${show(s.slice(i, i + 2))} at offset ${i} of ${brief(s)}`;
      out += s.slice(i, i + 2);
      i += 2;
    } else {
      out += s[i];
      i += 1;
    }
  }
  return { value: out, error };
}

function readUtf8(file) {
  const bytes = fs.readFileSync(file);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (e) {
    return null;
  }
}

// The first lines where `actual` and `wanted` differ, as a short unified-style excerpt.
function firstDiff(actual, wanted, max = 6) {
  const a = actual.split("\n");
  const w = wanted.split("\n");
  let i = 0;
  while (i < a.length && i < w.length && a[i] === w[i]) i++;
  const lines = [`  first difference at line ${i + 1} (- file, + terraform fmt):`];
  for (let k = i; k < Math.min(i + max, Math.max(a.length, w.length)); k++) {
    if (a[k] === w[k]) continue;
    if (k < a.length) lines.push(`  -${String(k + 1).padStart(4)}: ${show(a[k])}`);
    if (k < w.length) lines.push(`  +${String(k + 1).padStart(4)}: ${show(w[k])}`);
  }
  return lines.join("\n");
}

// Match `got` against `wanted` (lists of values, compared as multisets by `key`). A wanted value
// that is not found as is may still match by its NFC form (`nfcKey`): HCL normalizes every
// string literal to Unicode NFC (hclsyntax does so even after decoding \u and \U escapes, found
// by experiment: "\U0002F81E" reads back as U+5203, "e\u0301" as U+00E9), so no HCL file can
// hold a string that is not NFC. Such a match is counted in `nfc` and reported as a note, not as
// a failure of the generated file.
function matchMultisets(wanted, got, key, nfcKey) {
  const pool = new Map();
  const put = (k, v) => (pool.has(k) ? pool.get(k).push(v) : pool.set(k, [v]));
  const take = (k) => {
    const list = pool.get(k);
    if (!list || list.length === 0) return undefined;
    return list.pop();
  };
  for (const g of got) put(key(g), g);
  const left = [];
  for (const w of wanted) if (take(key(w)) === undefined) left.push(w);
  let nfc = 0;
  const missing = [];
  for (const w of left) {
    if (nfcKey(w) !== key(w) && take(nfcKey(w)) !== undefined) nfc++;
    else missing.push(w);
  }
  const extra = [];
  for (const list of pool.values()) extra.push(...list);
  return { nfc, missing, extra };
}

// Where two strings first differ, in code points, with a little context on both sides.
function whereDiffer(want, got) {
  const w = [...want];
  const g = [...got];
  let i = 0;
  while (i < w.length && i < g.length && w[i] === g[i]) i++;
  const from = Math.max(0, i - 8);
  const ctx = (a) => (from > 0 ? "…" : "") + show(a.slice(from, i + 8).join("")) + (i + 8 < a.length ? "…" : "");
  const cp = (a) => (i < a.length ? "U+" + a[i].codePointAt(0).toString(16).toUpperCase().padStart(4, "0") : "end");
  return `first difference at code point ${i} (${w.length} wanted, ${g.length} read): wanted ${cp(w)} in ${ctx(w)}, read ${cp(g)} in ${ctx(g)}`;
}

// The unmatched read-back value closest to `want` (longest common prefix), to explain a miss.
function closest(want, candidates) {
  let best;
  let bestLen = -1;
  for (const c of candidates) {
    let i = 0;
    while (i < want.length && i < c.length && want[i] === c[i]) i++;
    if (i > bestLen) {
      bestLen = i;
      best = c;
    }
  }
  return best;
}

// Long values are shown in full only up to this many code points.
function brief(s, max = 120) {
  const cps = [...s];
  return cps.length <= max ? show(s) : `${show(cps.slice(0, max).join(""))}… (${cps.length} code points)`;
}

function normDescription(d) {
  return d === null || d === undefined ? "" : d;
}
function normTtl(t) {
  return t === null || t === undefined ? 0 : t;
}

async function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: check_terraform.js DIR");
    process.exit(2);
  }
  const tfDir = path.join(dir, "out", "terraform");
  const expectedPath = path.join(dir, "expected.json");
  let expected;
  try {
    expected = JSON.parse(fs.readFileSync(expectedPath, "utf8"));
    if (!Array.isArray(expected)) throw new Error("not a JSON list");
  } catch (e) {
    fail(expectedPath, `cannot read expected values: ${e.message}`);
    process.exit(1);
  }

  // What the manifests say: kinds of the case with terraform templates (all of them, without
  // a case.json: a case folder made before it existed).
  let kinds = null;
  const casePath = path.join(dir, "case.json");
  if (fs.existsSync(casePath)) {
    try {
      kinds = JSON.parse(fs.readFileSync(casePath, "utf8")).targets.terraform;
      if (!Array.isArray(kinds)) throw new Error("targets.terraform is not a list");
    } catch (e) {
      fail(casePath, `cannot read the case: ${e.message}`);
      process.exit(1);
    }
  }
  if (kinds && kinds.length === 0) {
    if (fs.existsSync(tfDir)) {
      fail(tfDir, "planton-gen all wrote it, but no kind of the case has terraform templates (the target should be left out)");
      process.exit(1);
    }
    console.log("ok terraform: no kind of the case has terraform templates, and no out/terraform (as planton-gen all leaves it out)");
    process.exit(0);
  }

  let files = [];
  try {
    files = fs.readdirSync(tfDir).filter((f) => f.endsWith(".tf")).sort();
  } catch (e) {
    fail(tfDir, `cannot list: ${e.message}${kinds ? ` (the case's ${kinds.join(", ")} have terraform templates)` : ""}`);
    process.exit(1);
  }
  if (files.length === 0 && failures.length === 0) fail(tfDir, "no .tf files");

  // Load each wasm module only when the other one is done with: both install a Go runtime
  // through the same global, so they are not started concurrently.
  const texts = new Map();
  const parsed = new Map();
  const { parse } = require("@cdktf/hcl2json");
  for (const f of files) {
    const file = path.join(tfDir, f);
    const text = readUtf8(file);
    if (text === null) {
      fail(file, "read: not valid UTF-8 (Terraform reads configuration as UTF-8)");
      continue;
    }
    texts.set(file, text);
    try {
      parsed.set(file, await parse(f, text));
    } catch (e) {
      fail(file, `hcl2json: ${e && e.message ? e.message : e}`);
    }
  }
  const { format } = require("@cdktf/hcl-tools");
  for (const [file, text] of texts) {
    let formatted;
    try {
      formatted = await format(text);
    } catch (e) {
      fail(file, `hcl-tools format (terraform fmt): ${e && e.message ? e.message : e}`);
      continue;
    }
    if (formatted !== text) {
      fail(
        file,
        "hcl-tools format (terraform fmt): file is not canonically formatted\n" +
          firstDiff(text, formatted),
      );
    }
  }

  // ---- strings read back ------------------------------------------------------------------
  // resources: label -> {file, title (decoded)}; namespaces output: label -> {file, entry}
  const resources = new Map();
  const nsOutputs = [];
  for (const [file, json] of parsed) {
    const byLabel = (json.resource || {})[RESOURCE_TYPE] || {};
    for (const [label, blocks] of Object.entries(byLabel)) {
      if (resources.has(label) || blocks.length !== 1) {
        fail(file, `hcl2json: resource ${RESOURCE_TYPE}.${label} is declared more than once`);
        continue;
      }
      const raw = blocks[0].title;
      if (typeof raw !== "string") {
        fail(file, `hcl2json: title of ${label} is not a string: ${show(raw)}`);
        continue;
      }
      const d = decodeTemplate(raw);
      if (d.error) {
        fail(file, `hcl2json: title of ${label} is a template, not a literal (${d.error})`);
      }
      resources.set(label, { file, title: d.value });
    }
    const outs = (json.output || {}).namespaces;
    if (outs) for (const o of outs) nsOutputs.push({ file, value: o.value });
  }

  // A file that did not parse has been reported; the checks over the whole set would only
  // repeat that, so they run when every file parsed.
  if (parsed.size !== files.length) process.exit(1);

  // ---- structure: references, declarations, providers (terraform validate without a provider)
  const structure = require("./terraform_refs.js").check(parsed, tfDir, fail);

  const titlesFile = path.join(tfDir, "main.tf");
  if (resources.size !== expected.length) {
    fail(
      titlesFile,
      `hcl2json: ${resources.size} ${RESOURCE_TYPE} resources for ${expected.length} manifests`,
    );
  }
  const readTitles = [...resources.entries()].map(([label, r]) => ({ label, title: r.title }));
  const titleMatch = matchMultisets(
    expected.map((e) => e.namespace_name),
    readTitles,
    (x) => (typeof x === "string" ? x : x.title),
    (x) => x.normalize("NFC"),
  );
  for (const t of titleMatch.missing) {
    const near = closest(t, titleMatch.extra.map((x) => x.title));
    fail(
      titlesFile,
      `hcl2json: no ${RESOURCE_TYPE} has the title ${brief(t)} (spec.namespace_name)` +
        (near === undefined ? "" : `; closest is ${brief(near)}: ${whereDiffer(t, near)}`),
    );
  }
  for (const x of titleMatch.extra) {
    fail(titlesFile, `hcl2json: title of ${x.label} reads back as ${brief(x.title)}, which no manifest has`);
  }

  // The `namespaces` output: one entry per resource, its title a reference to that resource,
  // and (title, description, ttl_seconds) equal to a manifest's, as multisets.
  const outputsFile = nsOutputs.length ? nsOutputs[0].file : path.join(tfDir, "outputs.tf");
  let tupleMatch = { nfc: 0 };
  if (expected.length === 0 && nsOutputs.length === 0) {
    // No KV namespace in the case: no `namespaces` output either.
  } else if (nsOutputs.length !== 1 || typeof nsOutputs[0].value !== "object" || !nsOutputs[0].value) {
    fail(outputsFile, `hcl2json: expected one output "namespaces" holding an object, found ${nsOutputs.length}`);
  } else {
    const value = nsOutputs[0].value;
    const got = [];
    for (const [label, entry] of Object.entries(value)) {
      if (!resources.has(label)) {
        fail(outputsFile, `hcl2json: output namespaces has ${show(label)}, which is no ${RESOURCE_TYPE}`);
        continue;
      }
      const ref = `\${${RESOURCE_TYPE}.${label}.title}`;
      if (entry.title !== ref) {
        fail(outputsFile, `hcl2json: namespaces.${label}.title is ${show(entry.title)}, not ${show(ref)}`);
      }
      if (typeof entry.description !== "string") {
        fail(outputsFile, `hcl2json: namespaces.${label}.description is not a string: ${show(entry.description)}`);
        continue;
      }
      const d = decodeTemplate(entry.description);
      if (d.error) {
        fail(outputsFile, `hcl2json: description of ${label} is a template, not a literal (${d.error})`);
      }
      if (typeof entry.ttl_seconds !== "number") {
        fail(outputsFile, `hcl2json: namespaces.${label}.ttl_seconds is not a number: ${show(entry.ttl_seconds)}`);
        continue;
      }
      got.push({ label, title: resources.get(label).title, description: d.value, ttl: entry.ttl_seconds });
    }
    for (const label of resources.keys()) {
      if (!(label in value)) fail(outputsFile, `hcl2json: output namespaces has no entry for ${label}`);
    }
    const want = expected.map((e) => ({
      title: e.namespace_name,
      description: normDescription(e.description),
      ttl: normTtl(e.ttl_seconds),
    }));
    tupleMatch = matchMultisets(
      want,
      got,
      (x) => JSON.stringify([x.title, x.description, x.ttl]),
      (x) => JSON.stringify([x.title.normalize("NFC"), x.description.normalize("NFC"), x.ttl]),
    );
    // Explain each miss against the read-back entry with the same title, if there is one.
    for (const w of tupleMatch.missing) {
      const same = tupleMatch.extra.find((g) => g.title === w.title || g.title === w.title.normalize("NFC"));
      let why = "";
      if (same && same.ttl !== w.ttl) why = `; namespaces.${same.label}.ttl_seconds is ${same.ttl}, wanted ${w.ttl}`;
      else if (same) {
        why = `; namespaces.${same.label}.description: ${whereDiffer(w.description, same.description)}`;
      }
      fail(
        outputsFile,
        `hcl2json: output namespaces has no entry with title ${brief(w.title)}, description ` +
          `${brief(w.description)}, ttl_seconds ${w.ttl}${why}`,
      );
    }
    for (const g of tupleMatch.extra) {
      if (tupleMatch.missing.some((w) => w.title === g.title || w.title.normalize("NFC") === g.title)) continue;
      fail(outputsFile, `hcl2json: namespaces.${g.label} reads back {title ${brief(g.title)}, ` +
        `description ${brief(g.description)}, ttl_seconds ${g.ttl}}, which no manifest has`);
    }
  }

  // variables.tf: the token may be left to the environment, the account id is validated.
  // (Whether they are declared where they are read is the structure check's.)
  const variablesFile = path.join(tfDir, "variables.tf");
  const variables = (parsed.get(variablesFile) || {}).variable || {};
  const token = (variables.cloudflare_api_token || [])[0];
  if (token) {
    if (!("default" in token) || token.default !== null) {
      fail(variablesFile, `hcl2json: cloudflare_api_token has no default null (CLOUDFLARE_API_TOKEN alone would not do): ${show(token.default)}`);
    }
    if (token.sensitive !== true) fail(variablesFile, "hcl2json: cloudflare_api_token is not sensitive");
  }
  const account = (variables.cloudflare_account_id || [])[0];
  if (account && !(account.validation || []).some((v) => /var\.cloudflare_account_id/.test(v.condition))) {
    fail(variablesFile, "hcl2json: cloudflare_account_id has no validation block reading it");
  }
  const which = spawnSync("sh", ["-c", "command -v terraform || command -v tofu"], { encoding: "utf8" });
  const terraform = which.status === 0 ? which.stdout.trim().split("\n")[0] : "";
  const tfEnv = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  // No CLI configuration (a TF_CLI_CONFIG_FILE naming a missing file would add a warning to
  // every output).
  if (!tfEnv.TF_CLI_CONFIG_FILE || !fs.existsSync(tfEnv.TF_CLI_CONFIG_FILE)) tfEnv.TF_CLI_CONFIG_FILE = "/dev/null";
  const tfErrors = (r) => (r.stderr || r.stdout).trim().split(/\n\s*\n/).map((b) => b.replace(/\s+/g, " ").trim()).filter(Boolean).join(" | ").slice(0, 1500);
  let planned = "";
  // Terraform itself on the whole folder, offline: fmt -check, and the configuration loaded
  // (`terraform providers` reads every file as `validate` does before it needs the provider).
  if (terraform) {
    const tool = path.basename(terraform);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "planton-tf-load-"));
    try {
      for (const f of files) fs.copyFileSync(path.join(tfDir, f), path.join(work, f));
      const run = (args) => spawnSync(terraform, args, { cwd: work, env: tfEnv, encoding: "utf8" });
      const fmt = run(["fmt", "-check", "-diff", "-no-color"]);
      if (fmt.status !== 0) {
        fail(tfDir, `${tool} fmt -check: not canonically formatted:\n${(fmt.stdout + fmt.stderr).trim().slice(0, 2000)}`);
      }
      const load = run(["providers", "-no-color"]);
      if (load.status !== 0) {
        fail(tfDir, `${tool} providers (configuration load): ${tfErrors(load)}`);
      }
      if (fmt.status === 0 && load.status === 0) planned += `, ${tool} fmt -check and configuration load ok`;
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  // The plan of variables.tf alone gives only the account id: it runs when that is the one
  // variable without a default.
  const required = Object.entries(variables).filter(([, v]) => !("default" in ((v || [])[0] || {})));
  const plannable = account && required.length === 1 && required[0][0] === "cloudflare_account_id";
  if (terraform && fs.existsSync(variablesFile) && plannable) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "planton-tf-vars-"));
    try {
      fs.copyFileSync(variablesFile, path.join(work, "variables.tf"));
      const env = { ...tfEnv };
      delete env.TF_VAR_cloudflare_api_token;
      delete env.TF_VAR_cloudflare_account_id;
      const run = (args) => spawnSync(terraform, args, { cwd: work, env, encoding: "utf8" });
      const tool = path.basename(terraform);
      const init = run(["init", "-backend=false", "-input=false", "-no-color"]);
      if (init.status !== 0) {
        fail(variablesFile, `${tool} init: ${(init.stderr || init.stdout).trim()}`);
      } else {
        const good = run(["plan", "-input=false", "-no-color", "-var", "cloudflare_account_id=0123456789abcdef0123456789abcdef"]);
        if (good.status !== 0) {
          fail(variablesFile, `${tool} plan without cloudflare_api_token: ${(good.stderr || good.stdout).trim()}`);
        }
        const bad = run(["plan", "-input=false", "-no-color", "-var", "cloudflare_account_id=not-an-account"]);
        if (bad.status === 0 || !/must be 32 hexadecimal digits/.test(bad.stderr + bad.stdout)) {
          fail(variablesFile, `${tool} plan accepted cloudflare_account_id=not-an-account: ${(bad.stderr || bad.stdout).trim()}`);
        }
        if (good.status === 0 && bad.status !== 0) planned += `, ${tool} plan: token optional, account id validated`;
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }

  if (failures.length) process.exit(1);
  if (titleMatch.nfc || tupleMatch.nfc) {
    console.log(
      `note terraform: ${titleMatch.nfc} titles and ${tupleMatch.nfc} namespaces entries are not in ` +
        "Unicode NFC in the manifests; HCL reads every string literal NFC-normalized, so Terraform " +
        "sees their NFC form (compared as such)",
    );
  }
  console.log(
    `ok terraform: ${files.length} files, ${structure.resources} resources, ${structure.references} references ` +
      `resolved (${structure.resourceRefs} to resources), ${structure.outputs} outputs unique, ${resources.size} KV titles${planned}`,
  );
  process.exit(0);
}

main().catch((e) => {
  console.log(`FAIL ${process.argv[2]}: check_terraform.js: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
