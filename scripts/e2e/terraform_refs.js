// The checks `terraform validate` makes that need no provider, done on hcl2json's reading of
// a root module's .tf files (check_terraform.js calls `check`). `terraform validate` and
// `terraform init` need the Cloudflare provider, which cannot be downloaded here, so these are
// the gate for the structure of the configuration:
//   * every reference resolves to a declaration of the module: `TYPE.NAME` (a managed
//     resource, with or without an attribute after it: `cloudflare_zone.example_zone_prod.id`,
//     `depends_on = [cloudflare_zone.z]`, an import's `to`), `data.TYPE.NAME`, `var.NAME`,
//     `local.NAME`, `module.NAME`, and a `provider = NAME.ALIAS` meta-argument (a provider
//     block with that alias);
//   * every variable read is declared in some file, and one with no default is read somewhere
//     (else Terraform asks for a value nothing uses);
//   * resources, data sources, variables, locals, outputs, modules and provider aliases are
//     declared once across the module's files; block names are identifiers Terraform accepts;
//   * every resource's and data source's provider (the prefix of its type before `_`, or its
//     `provider` meta-argument) is in a required_providers block: else Terraform would look
//     for hashicorp/<name> (`terraform`, the built-in provider of terraform_data, needs none).
// What this cannot tell without the provider's schema: whether a resource type exists,
// whether an attribute (`.id`, `.name_servers`) is one the resource has, and argument types.
//
// How references are found: hcl2json writes every non-literal expression as a template
// (`"${cloudflare_zone.z.id}"`, `"x-${var.a}"`, `"${[for k, v in local.m : v.id]}"`), with a
// literal `${` as `$${` and `%{` as `%%{` (see check_terraform.js). Each `${...}` / `%{...}`
// is scanned as HCL expression source: quoted strings inside it are templates again, heredocs
// too; a traversal is an identifier (HCL identifiers may hold `-`) not preceded by `.`
// followed by `.name`, `.0`, `.*` or `[...]` steps; `name(` is a function call. Names bound
// by a `for` expression or directive, and a dynamic block's iterator (its label, or
// `iterator`), are not references within it; neither are count, each, self, path, terraform.
// Skipped as not being references: lifecycle `ignore_changes` (attribute paths of the
// resource itself), moved/removed `from` (what is no longer declared), a variable's `type`.
"use strict";

const RESERVED_ROOTS = new Set(["count", "each", "self", "path", "terraform"]);
const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "else", "endif", "endfor"]);
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const ID_START = /[A-Za-z_]/;
const ID_CONT = /[A-Za-z0-9_-]/;

// ---- scanning hcl2json values as HCL source --------------------------------------------------

// Index just past the string literal whose opening quote is at start - 1.
function skipString(s, i) {
  const n = s.length;
  while (i < n) {
    if (s[i] === "\\") i += 2;
    else if (s.startsWith("$${", i) || s.startsWith("%%{", i)) i += 3;
    else if (s.startsWith("${", i) || s.startsWith("%{", i)) i = exprEnd(s, i + 2) + 1;
    else if (s[i] === '"') return i + 1;
    else i += 1;
  }
  return n;
}

// Index of the `}` closing an interpolation/directive whose body starts at i.
function exprEnd(s, i) {
  const n = s.length;
  let depth = 0;
  while (i < n) {
    const c = s[i];
    if (c === '"') {
      i = skipString(s, i + 1);
      continue;
    }
    if (c === "{" || c === "(" || c === "[") depth += 1;
    else if (c === "}" || c === ")" || c === "]") {
      if (depth === 0 && c === "}") return i;
      depth -= 1;
    }
    i += 1;
  }
  return n;
}

// The interpolations and directives of a template (an hcl2json string, or the inside of a
// quoted string or heredoc in expression source): [{text, directive}].
function templateParts(s) {
  const parts = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
      i += 3;
    } else if (s.startsWith("${", i) || s.startsWith("%{", i)) {
      const end = exprEnd(s, i + 2);
      let text = s.slice(i + 2, end);
      text = text.replace(/^~/, "").replace(/~$/, "");
      parts.push({ text, directive: s[i] === "%" });
      i = end + 1;
    } else {
      i += 1;
    }
  }
  return parts;
}

// The traversals of HCL expression source `e`: [{root, steps: [name...]}] (steps are the
// attribute names right after the root, up to two; an index or splat ends them). Names bound
// by `for` are added to `bound` as they are met.
function traversals(e, bound, out) {
  const n = e.length;
  let i = 0;
  let prev = ""; // last non-space character before i
  while (i < n) {
    const c = e[i];
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '"') {
      const end = skipString(e, i + 1);
      for (const p of templateParts(e.slice(i + 1, end - 1))) scanPart(p, bound, out);
      i = end;
      prev = '"';
      continue;
    }
    if (c === "#" || e.startsWith("//", i)) {
      const nl = e.indexOf("\n", i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (e.startsWith("/*", i)) {
      const close = e.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    const heredoc = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(e.slice(i, i + 200));
    if (heredoc) {
      const body = i + heredoc[0].length;
      const close = new RegExp(`\\n[ \\t]*${heredoc[1]}[ \\t]*(\\r?\\n|$)`, "g");
      close.lastIndex = body - 1;
      const m = close.exec(e);
      const endBody = m ? m.index : n;
      for (const p of templateParts(e.slice(body, endBody))) scanPart(p, bound, out);
      i = m ? m.index + m[0].length : n;
      prev = "x";
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(e.slice(i));
      i += m[0].length;
      prev = "0";
      continue;
    }
    if (ID_START.test(c)) {
      let j = i + 1;
      while (j < n && ID_CONT.test(e[j])) j += 1;
      const root = e.slice(i, j);
      const afterDot = prev === ".";
      i = j;
      prev = "x";
      if (afterDot) continue; // an attribute of something before it
      if (e.startsWith("::", i)) {
        // provider::NAME::FUNCTION(...)
        while (e.startsWith("::", i)) {
          i += 2;
          while (i < n && ID_CONT.test(e[i])) i += 1;
        }
        continue;
      }
      let k = i;
      while (k < n && /[ \t]/.test(e[k])) k += 1;
      if (e[k] === "(") continue; // a function call
      if (root === "for") {
        const m = /^\s+([A-Za-z_][A-Za-z0-9_-]*)(?:\s*,\s*([A-Za-z_][A-Za-z0-9_-]*))?\s+in\b/.exec(e.slice(i));
        if (m) {
          bound.add(m[1]);
          if (m[2]) bound.add(m[2]);
          i += m[0].length;
        }
        continue;
      }
      if (KEYWORDS.has(root)) continue;
      // The steps: .name / .0 / .* / [..]
      const steps = [];
      let ended = false;
      while (i < n) {
        if (e[i] === "." && i + 1 < n && ID_START.test(e[i + 1])) {
          let m = i + 2;
          while (m < n && ID_CONT.test(e[m])) m += 1;
          if (!ended) steps.push(e.slice(i + 1, m));
          i = m;
        } else if (e[i] === "." && i + 1 < n && /[0-9*]/.test(e[i + 1])) {
          i += 2;
          while (i < n && /[0-9]/.test(e[i])) i += 1;
          ended = true;
        } else if (e[i] === "[") {
          const close = exprEnd(e, i + 1); // the index may hold references itself
          traversals(e.slice(i + 1, close), bound, out);
          i = close + 1;
          ended = true;
        } else {
          break;
        }
        if (steps.length >= 2) ended = true;
      }
      out.push({ root, steps });
      continue;
    }
    prev = c;
    i += 1;
  }
}

function scanPart(part, bound, out) {
  if (part.directive) {
    const m = /^\s*for\s+([A-Za-z_][A-Za-z0-9_-]*)(?:\s*,\s*([A-Za-z_][A-Za-z0-9_-]*))?\s+in\b([\s\S]*)$/.exec(part.text);
    if (m) {
      bound.add(m[1]);
      if (m[2]) bound.add(m[2]);
      traversals(m[3], bound, out);
      return;
    }
    traversals(part.text.replace(/^\s*(if|else|endif|endfor)\b/, ""), bound, out);
    return;
  }
  traversals(part.text, bound, out);
}

// Every traversal in an hcl2json value (strings are templates; objects and arrays are walked).
function refsOf(value, bound, out) {
  if (typeof value === "string") {
    for (const p of templateParts(value)) scanPart(p, bound, out);
  } else if (Array.isArray(value)) {
    for (const v of value) refsOf(v, bound, out);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) refsOf(v, bound, out);
  }
}

// The bare name an hcl2json value `"${name}"` holds (a dynamic block's iterator).
function bareName(value) {
  const m = typeof value === "string" ? /^\$\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}$/.exec(value) : null;
  return m ? m[1] : null;
}

// ---- the module ----------------------------------------------------------------------------

function check(parsed, tfDir, fail) {
  const path = require("path");
  const where = (file) => path.join(tfDir, path.basename(file));
  const decl = {
    resource: new Map(), // "TYPE.NAME" -> file
    data: new Map(),
    variable: new Map(),
    local: new Map(),
    module: new Map(),
    output: new Map(),
    provider: new Map(), // "NAME" and "NAME.ALIAS" -> file
  };
  const requiredProviders = new Map(); // local name -> file
  const uses = []; // {file, where, ref: {root, steps}, bound: Set}
  const providerMeta = []; // {file, where, value}
  const typed = []; // {file, where, type, provider}
  const variableDefaults = new Map(); // name -> has default

  function declare(kind, key, file, what) {
    if (!IDENT.test(key.split(".").pop())) {
      fail(where(file), `hcl2json: ${what}: the name ${JSON.stringify(key.split(".").pop())} is not an identifier Terraform accepts (a letter or _, then letters, digits, _ and -)`);
    }
    const map = decl[kind];
    if (map.has(key)) {
      const first = map.get(key);
      fail(where(file), `hcl2json: ${what} is declared more than once (also in ${path.basename(first)}); Terraform: Duplicate ${kind === "output" ? "output" : kind} definition`);
    } else {
      map.set(key, file);
    }
  }

  // Walk a block body: references of every attribute, with dynamic iterators and lifecycle
  // handled; `skip` names attributes that hold no references.
  function walkBody(body, file, at, bound, skip) {
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      const own = new Set(bound);
      refsOf(body, own, collect(file, at, own));
      return;
    }
    for (const [key, value] of Object.entries(body)) {
      if (skip && skip.has(key)) continue;
      if (key === "dynamic" && value && typeof value === "object" && !Array.isArray(value)) {
        for (const [label, blocks] of Object.entries(value)) {
          for (const block of [].concat(blocks)) {
            if (!block || typeof block !== "object") continue;
            const iterator = block.iterator !== undefined ? bareName(block.iterator) : label;
            if (block.iterator !== undefined && !iterator) {
              fail(where(file), `hcl2json: ${at}: dynamic "${label}": iterator is not a name: ${JSON.stringify(block.iterator)}`);
            }
            const inner = new Set(bound);
            if (iterator) inner.add(iterator);
            walkBody({ for_each: block.for_each, labels: block.labels }, file, `${at} dynamic "${label}"`, bound);
            for (const content of [].concat(block.content || [])) {
              walkBody(content, file, `${at} dynamic "${label}"`, inner);
            }
          }
        }
      } else if (key === "lifecycle" && Array.isArray(value)) {
        for (const block of value) walkBody(block, file, `${at} lifecycle`, bound, new Set(["ignore_changes"]));
      } else if (Array.isArray(value) && value.length && value.every((v) => v && typeof v === "object" && !Array.isArray(v))) {
        // A nested block (or a list of objects): its attributes, each scanned
        for (const block of value) walkBody(block, file, `${at} ${key}`, bound);
      } else {
        const own = new Set(bound); // with the names its `for` expressions bind
        refsOf(value, own, collect(file, `${at} ${key}`, own));
      }
    }
  }

  function collect(file, at, bound) {
    // An array-like sink that records each traversal with its place
    return {
      push(ref) {
        uses.push({ file, where: at, ref, bound });
      },
    };
  }

  // ---- declarations and uses, file by file ----
  for (const [file, json] of parsed) {
    for (const [type, byName] of Object.entries(json.resource || {})) {
      for (const [name, blocks] of Object.entries(byName)) {
        for (const block of blocks) {
          declare("resource", `${type}.${name}`, file, `resource "${type}" "${name}"`);
          const at = `resource "${type}" "${name}"`;
          if ("provider" in block) providerMeta.push({ file, where: at, value: block.provider });
          typed.push({ file, where: at, type, provider: "provider" in block ? bareRoot(block.provider) : null });
          walkBody(block, file, at, new Set(), new Set(["provider"]));
        }
      }
    }
    for (const [type, byName] of Object.entries(json.data || {})) {
      for (const [name, blocks] of Object.entries(byName)) {
        for (const block of blocks) {
          declare("data", `${type}.${name}`, file, `data "${type}" "${name}"`);
          const at = `data "${type}" "${name}"`;
          if ("provider" in block) providerMeta.push({ file, where: at, value: block.provider });
          typed.push({ file, where: at, type, provider: "provider" in block ? bareRoot(block.provider) : null });
          walkBody(block, file, at, new Set(), new Set(["provider"]));
        }
      }
    }
    for (const [name, blocks] of Object.entries(json.variable || {})) {
      for (const block of blocks) {
        // Terraform reads variables from any file of the module (a Worker's own bundle path
        // sits beside its script); declared twice is still caught by declare().
        declare("variable", name, file, `variable "${name}"`);
        variableDefaults.set(name, block && "default" in block);
        walkBody(block, file, `variable "${name}"`, new Set(), new Set(["type", "default"]));
      }
    }
    for (const block of json.locals || []) {
      for (const [name, value] of Object.entries(block)) {
        declare("local", name, file, `local "${name}"`);
        const own = new Set();
        refsOf(value, own, collect(file, `locals ${name}`, own));
      }
    }
    for (const [name, blocks] of Object.entries(json.module || {})) {
      for (const block of blocks) {
        declare("module", name, file, `module "${name}"`);
        walkBody(block, file, `module "${name}"`, new Set(), new Set(["source", "version", "providers"]));
      }
    }
    for (const [name, blocks] of Object.entries(json.output || {})) {
      for (const block of blocks) {
        declare("output", name, file, `output "${name}"`);
        walkBody(block, file, `output "${name}"`, new Set());
      }
    }
    for (const [name, blocks] of Object.entries(json.provider || {})) {
      for (const block of blocks) {
        const alias = block && typeof block.alias === "string" ? block.alias : null;
        declare("provider", alias ? `${name}.${alias}` : name, file, `provider "${name}"${alias ? ` (alias ${alias})` : ""}`);
        walkBody(block, file, `provider "${name}"`, new Set(), new Set(["alias"]));
        typed.push({ file, where: `provider "${name}"`, type: null, provider: name });
      }
    }
    for (const block of json.import || []) walkBody(block, file, "import", new Set());
    for (const block of json.moved || []) walkBody(block, file, "moved", new Set(), new Set(["from"]));
    for (const [name, blocks] of Object.entries(json.check || {})) {
      for (const block of blocks) walkBody(block, file, `check "${name}"`, new Set());
    }
    for (const block of json.terraform || []) {
      for (const rp of [].concat(block.required_providers || [])) {
        for (const local of Object.keys(rp || {})) {
          if (requiredProviders.has(local)) {
            fail(where(file), `hcl2json: required_providers: ${local} is required twice (also in ${path.basename(requiredProviders.get(local))})`);
          } else {
            requiredProviders.set(local, file);
          }
        }
      }
    }
  }

  function bareRoot(value) {
    const refs = [];
    refsOf(value, new Set(), refs);
    return refs.length === 1 ? refs[0].root : null;
  }

  // ---- every reference resolves ----
  const used = { variable: new Set() };
  let checked = 0;
  const crossRefs = new Set();
  for (const { file, where: at, ref, bound } of uses) {
    const { root, steps } = ref;
    if (bound.has(root) || RESERVED_ROOTS.has(root)) continue;
    let kind;
    let key;
    let shown;
    if (root === "var") {
      if (!steps[0]) continue;
      kind = "variable";
      key = steps[0];
      shown = `var.${key}`;
      used.variable.add(key);
    } else if (root === "local") {
      if (!steps[0]) continue;
      kind = "local";
      key = steps[0];
      shown = `local.${key}`;
    } else if (root === "module") {
      if (!steps[0]) continue;
      kind = "module";
      key = steps[0];
      shown = `module.${key}`;
    } else if (root === "data") {
      if (steps.length < 2) continue;
      kind = "data";
      key = `${steps[0]}.${steps[1]}`;
      shown = `data.${key}`;
    } else {
      if (!steps[0]) continue; // a bare name: not a reference to anything declared
      kind = "resource";
      key = `${root}.${steps[0]}`;
      shown = [root, ...steps].join(".");
      crossRefs.add(key);
    }
    checked += 1;
    if (!decl[kind].has(key)) {
      const what = { variable: "variable", local: "local value", module: "module", data: "data source", resource: "managed resource" }[kind];
      const extra = kind === "variable" ? " (variables.tf)" : "";
      fail(where(file), `references: ${at} refers to ${shown}, but no ${what} ${JSON.stringify(key)} is declared in the configuration${extra}; terraform validate: Reference to undeclared ${kind === "resource" ? "resource" : what}`);
    }
  }
  for (const { file, where: at, value } of providerMeta) {
    const refs = [];
    refsOf(value, new Set(), refs);
    if (refs.length !== 1) {
      fail(where(file), `hcl2json: ${at}: provider = ${JSON.stringify(value)} is not a provider reference`);
      continue;
    }
    const key = refs[0].steps[0] ? `${refs[0].root}.${refs[0].steps[0]}` : refs[0].root;
    if (refs[0].steps[0] && !decl.provider.has(key)) {
      fail(where(file), `references: ${at}: provider = ${key}, but no provider "${refs[0].root}" block has alias = "${refs[0].steps[0]}"`);
    }
  }
  for (const { file, where: at, type, provider } of typed) {
    const local = provider || (type ? type.split("_")[0] : null);
    // `terraform` is Terraform's built-in provider (terraform_data, terraform_remote_state).
    if (local && local !== "terraform" && !requiredProviders.has(local)) {
      fail(where(file), `required_providers: ${at} uses provider "${local}", which no required_providers block names; terraform init would look for hashicorp/${local}`);
    }
  }
  for (const [name, file] of decl.variable) {
    if (!used.variable.has(name) && variableDefaults.get(name) === false) {
      fail(where(file), `references: variable "${name}" has no default and nothing reads var.${name}; Terraform would ask for a value no resource uses`);
    }
  }
  return {
    references: checked,
    resources: decl.resource.size,
    outputs: decl.output.size,
    variables: decl.variable.size,
    resourceRefs: crossRefs.size,
  };
}

module.exports = { check, templateParts, traversals };
