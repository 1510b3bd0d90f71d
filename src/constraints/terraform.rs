//! Terraform: the model as `variable "<field>"` blocks, one per message field of the kind's
//! root (the Project Planton OpenTofu convention: `metadata` and `spec`, proto field names),
//! with `object({...})` types whose `optional()` defaults are the proto zero values, and one
//! `validation` block per translated rule of every field the variable reaches. A rule Terraform
//! cannot be given is named in a `# not translated:` comment of the variable.
//!
//! The text is written as `terraform fmt` writes it (two-space indent, `=` aligned in runs of
//! single-line attributes), so the formatter leaves it unchanged.

use super::{
    Element, EnumShape, Expr, FieldShape, Literal, MessageShape, Model, Pred, Printed, Type,
    Untranslated, REQUIRED, REQUIRED_MESSAGE,
};
use crate::error::{Error, Result};
use crate::render::escape::hcl_string;
use crate::render::MARKER;
use std::collections::BTreeSet;

/// The root field holding observed state: written back after deployment, an output of the
/// module and never one of its inputs, so it gets no variable.
const STATUS_FIELD: &str = "status";

const INDENT: &str = "  ";

/// The module's `variables.tf`.
pub fn variables_tf(model: &Model) -> Result<String> {
    let root = model
        .root()
        .ok_or_else(|| Error::Render(format!("the model of {} has no root", model.root)))?;
    let mut lines = vec![format!("# {MARKER}")];
    let inputs: Vec<&FieldShape> = root
        .fields
        .iter()
        .filter(|f| f.name != STATUS_FIELD && matches!(f.ty, Type::Message(_)))
        .collect();
    if inputs.is_empty() {
        return Err(Error::Render(format!(
            "{} has no message fields to make module variables of",
            model.root
        )));
    }
    let mut envelope = Vec::new();
    for check in &root.rules.printed_rules() {
        envelope.push(Untranslated {
            rule: check.rule.clone(),
            reason: "a rule of the whole resource relates several variables, which a \
                     validation block (before Terraform 1.9) cannot"
                .into(),
        });
    }
    envelope.extend(root.rules.untranslated().iter().cloned());
    if !envelope.is_empty() {
        lines.push(String::new());
        for u in &envelope {
            lines.push(not_translated(&u.rule, &model.root, &u.reason));
        }
    }
    for field in inputs {
        lines.push(String::new());
        Variable::new(model, field).write(&mut lines);
    }
    let mut lines: Vec<String> = lines.join("\n").split('\n').map(str::to_owned).collect();
    align(&mut lines);
    let mut text = lines.join("\n");
    text.push('\n');
    Ok(text)
}

/// One `validation` block.
struct Validation {
    notes: BTreeSet<&'static str>,
    condition: String,
    error_message: String,
}

/// What surrounds a value a check is made on: a nullable value checked only when present, or
/// the items of a list or entries of a map.
#[derive(Clone)]
enum Scope {
    Present(String),
    Items {
        item: String,
        list: String,
    },
    Entries {
        key: String,
        value: String,
        map: String,
    },
}

struct Variable<'a> {
    model: &'a Model,
    field: &'a FieldShape,
    validations: Vec<Validation>,
    untranslated: Vec<String>,
}

impl<'a> Variable<'a> {
    fn new(model: &'a Model, field: &'a FieldShape) -> Self {
        Self {
            model,
            field,
            validations: Vec::new(),
            untranslated: Vec::new(),
        }
    }

    fn write(mut self, lines: &mut Vec<String>) {
        let field = self.field;
        let mut stack = Vec::new();
        let ty = hcl_type(self.model, &field.ty, 1, &mut stack);
        let value = format!("var.{}", field.name);
        // A variable the kind does not require defaults to null and is checked when given
        // (`field_checks` guards it like any field with presence).
        self.field_checks(field, &value, &field.name, &[], 0, &mut Vec::new(), true);

        lines.push(format!("variable {} {{", hcl_string(&field.name)));
        if let Some(comment) = &field.comment {
            lines.push(format!("{INDENT}description = {}", hcl_string(comment)));
        }
        lines.push(format!("{INDENT}type = {ty}"));
        if field.must_be_present {
            lines.push(format!("{INDENT}nullable = false"));
        } else {
            lines.push(format!("{INDENT}default = null"));
        }
        if !self.untranslated.is_empty() {
            lines.push(String::new());
            lines.extend(self.untranslated.iter().map(|l| format!("{INDENT}{l}")));
        }
        for v in &self.validations {
            lines.push(String::new());
            lines.push(format!("{INDENT}validation {{"));
            for note in &v.notes {
                lines.push(format!("{INDENT}{INDENT}# {note}"));
            }
            lines.push(format!("{INDENT}{INDENT}condition = {}", v.condition));
            lines.push(format!(
                "{INDENT}{INDENT}error_message = {}",
                hcl_string(&v.error_message)
            ));
            lines.push(format!("{INDENT}}}"));
        }
        lines.push("}".into());
    }

    /// The checks of `field`, whose value is `value`, and of everything inside it.
    #[allow(clippy::too_many_arguments)]
    fn field_checks(
        &mut self,
        field: &FieldShape,
        value: &str,
        path: &str,
        scopes: &[Scope],
        depth: usize,
        stack: &mut Vec<String>,
        top: bool,
    ) {
        // A nested message (or optional scalar) a manifest must have: `optional()` is not used,
        // but Terraform still lets an attribute be null.
        if field.explicit_presence && field.must_be_present && !top {
            let required = Printed {
                rule: REQUIRED.into(),
                message: REQUIRED_MESSAGE.into(),
                expr: Expr::this(Pred::Present),
            };
            self.check(&required, &field.ty, value, path, scopes, "");
        }
        let mut inner = scopes.to_vec();
        if field.explicit_presence && !(top && field.must_be_present) {
            inner.push(Scope::Present(value.to_owned()));
        }
        for check in &field.rules.printed_rules() {
            self.check(check, &field.ty, value, path, &inner, "");
        }
        self.untranslated_rules(&field.rules.untranslated(), path);
        self.contents(&field.ty, value, path, &inner, depth, stack);
    }

    /// The checks inside a value of `ty`: a message's fields, a list's items, a map's entries.
    fn contents(
        &mut self,
        ty: &Type,
        value: &str,
        path: &str,
        scopes: &[Scope],
        depth: usize,
        stack: &mut Vec<String>,
    ) {
        match ty {
            Type::Message(name) => self.message(name, value, path, scopes, depth, stack),
            Type::List(item) => {
                let var = numbered("item", depth);
                let mut inner = scopes.to_vec();
                inner.push(Scope::Items {
                    item: var.clone(),
                    list: value.to_owned(),
                });
                self.element(
                    item,
                    &var,
                    &format!("{path}[*]"),
                    &inner,
                    depth + 1,
                    stack,
                    "",
                );
            }
            Type::Map(key, entry) => {
                let (k, v) = (numbered("key", depth), numbered("value", depth));
                let mut inner = scopes.to_vec();
                inner.push(Scope::Entries {
                    key: k.clone(),
                    value: v.clone(),
                    map: value.to_owned(),
                });
                let entry_path = format!("{path}[*]");
                self.element(key, &k, &entry_path, &inner, depth + 1, stack, "key ");
                self.element(entry, &v, &entry_path, &inner, depth + 1, stack, "");
            }
            _ => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn element(
        &mut self,
        element: &Element,
        value: &str,
        path: &str,
        scopes: &[Scope],
        depth: usize,
        stack: &mut Vec<String>,
        what: &str,
    ) {
        for check in &element.rules.printed_rules() {
            self.check(check, &element.ty, value, path, scopes, what);
        }
        let at = format!("{path}{}", if what.is_empty() { "" } else { " (keys)" });
        self.untranslated_rules(&element.rules.untranslated(), &at);
        self.contents(&element.ty, value, path, scopes, depth, stack);
    }

    fn message(
        &mut self,
        name: &str,
        value: &str,
        path: &str,
        scopes: &[Scope],
        depth: usize,
        stack: &mut Vec<String>,
    ) {
        if stack.iter().any(|n| n == name) {
            self.untranslated.push(not_translated(
                &format!("{name} rules"),
                path,
                "a recursive message is typed `any`; its rules are checked down to here only",
            ));
            return;
        }
        let Some(message) = self.model.message(name) else {
            self.untranslated.push(not_translated(
                &format!("{name} rules"),
                path,
                "the message is missing from the model",
            ));
            return;
        };
        stack.push(name.to_owned());
        let ty = Type::Message(name.to_owned());
        for check in &message.rules.printed_rules() {
            self.check(check, &ty, value, path, scopes, "");
        }
        self.untranslated_rules(&message.rules.untranslated(), path);
        for field in &message.fields {
            let field_value = format!("{value}.{}", field.name);
            let field_path = format!("{path}.{}", field.name);
            self.field_checks(
                field,
                &field_value,
                &field_path,
                scopes,
                depth,
                stack,
                false,
            );
        }
        stack.pop();
    }

    fn untranslated_rules(&mut self, rules: &[Untranslated], path: &str) {
        for u in rules {
            self.untranslated
                .push(not_translated(&u.rule, path, &u.reason));
        }
    }

    /// A validation block for `check` of the value `value` of type `ty`, or a comment naming
    /// it when Terraform cannot say it.
    fn check(
        &mut self,
        check: &Printed,
        ty: &Type,
        value: &str,
        path: &str,
        scopes: &[Scope],
        what: &str,
    ) {
        let mut notes = BTreeSet::new();
        let translator = Translator {
            model: self.model,
            notes: &mut notes,
        };
        match translator.expr(&check.expr, value, ty) {
            Ok(condition) => {
                let condition = scopes
                    .iter()
                    .rev()
                    .fold(condition, |inner, scope| wrap(scope, &inner));
                self.validations.push(Validation {
                    notes,
                    condition,
                    error_message: format!("{path}: {what}{} [{}]", check.message, check.rule),
                });
            }
            Err(reason) => self
                .untranslated
                .push(not_translated(&check.rule, path, &reason)),
        }
    }
}

/// `name` at nesting depth 0, then `name1`, `name2`, ...
fn numbered(name: &str, depth: usize) -> String {
    if depth == 0 {
        name.to_owned()
    } else {
        format!("{name}{depth}")
    }
}

/// `condition` within `scope`. HCL evaluates both branches of a conditional but reports the
/// errors of the chosen one only, so `null.x` in the other branch is harmless.
fn wrap(scope: &Scope, condition: &str) -> String {
    match scope {
        Scope::Present(value) => format!("{value} == null ? true : ({condition})"),
        Scope::Items { item, list } => format!("alltrue([for {item} in {list} : {condition}])"),
        Scope::Entries { key, value, map } => {
            format!("alltrue([for {key}, {value} in {map} : {condition}])")
        }
    }
}

/// A `# not translated:` comment line.
fn not_translated(rule: &str, path: &str, reason: &str) -> String {
    comment_text(&format!("# not translated: {rule} ({path}): {reason}"))
}

/// Text safe on one `#` comment line: line breaks and other control characters become spaces,
/// runs of white space one space.
fn comment_text(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The type constraint of a value of `ty`, its later lines indented for nesting `level`.
/// Object attributes carry their proto comments.
fn hcl_type(model: &Model, ty: &Type, level: usize, stack: &mut Vec<String>) -> String {
    match ty {
        Type::Bool => "bool".into(),
        Type::String | Type::Bytes | Type::Enum(_) => "string".into(),
        Type::Int { .. } | Type::Float => "number".into(),
        Type::List(item) => format!("list({})", hcl_type(model, &item.ty, level, stack)),
        Type::Map(_, value) => {
            format!("map({})", hcl_type(model, &value.ty, level, stack))
        }
        Type::Message(name) => {
            let Some(message) = model.message(name).filter(|_| !stack.contains(name)) else {
                return "any".into();
            };
            stack.push(name.clone());
            let text = object_type(model, message, level, stack);
            stack.pop();
            text
        }
    }
}

fn object_type(
    model: &Model,
    message: &MessageShape,
    level: usize,
    stack: &mut Vec<String>,
) -> String {
    let indent = INDENT.repeat(level + 1);
    let mut lines = vec!["object({".to_owned()];
    for field in &message.fields {
        if let Some(comment) = &field.comment {
            lines.push(format!("{indent}{}", comment_text(&format!("# {comment}"))));
        }
        let recursive = match &field.ty {
            Type::Message(name) => stack.contains(name),
            Type::List(e) | Type::Map(_, e) => {
                matches!(&e.ty, Type::Message(name) if stack.contains(name))
            }
            _ => false,
        };
        if recursive {
            lines.push(format!(
                "{indent}# recursive: typed `any`, its rules below this depth are not checked"
            ));
        }
        let inner = hcl_type(model, &field.ty, level + 1, stack);
        let attribute = if field.must_be_present {
            inner
        } else {
            match (&field.ty, field.explicit_presence) {
                (_, true) => format!("optional({inner})"),
                (ty, false) => format!("optional({inner}, {})", zero(ty)),
            }
        };
        lines.push(format!("{indent}{} = {attribute}", field.name));
    }
    lines.push(format!("{}}})", INDENT.repeat(level)));
    lines.join("\n")
}

/// The proto zero value of a field without presence of type `ty`, as an HCL literal.
fn zero(ty: &Type) -> String {
    match ty {
        Type::Bool => "false".into(),
        Type::String | Type::Bytes => "\"\"".into(),
        Type::Int { .. } | Type::Float => "0".into(),
        Type::Enum(shape) => enum_literal(shape, 0),
        Type::List(_) => "[]".into(),
        Type::Map(..) => "{}".into(),
        Type::Message(_) => "null".into(),
    }
}

fn enum_literal(shape: &EnumShape, number: i32) -> String {
    match shape.literal(number).name {
        Some(name) => hcl_string(&name),
        None => hcl_string(&number.to_string()),
    }
}

const LEN_NOTE: &str = "Length in Unicode code points, as buf.validate counts: length() would count grapheme clusters.";
const BYTES_NOTE: &str =
    "Length in UTF-8 bytes: one per code point, one more past U+007F, U+07FF and U+FFFF each.";
const BASE64_NOTE: &str =
    "Bytes travel base64-encoded: the decoded length is 3/4 of the characters before padding.";

/// From the model's conditions to HCL expressions.
struct Translator<'a, 'n> {
    model: &'a Model,
    notes: &'n mut BTreeSet<&'static str>,
}

impl Translator<'_, '_> {
    /// `e` of the value `this` of type `ty`, or why Terraform cannot say it.
    fn expr(mut self, e: &Expr, this: &str, ty: &Type) -> Result<String, String> {
        self.condition(e, this, ty)
    }

    fn condition(&mut self, e: &Expr, this: &str, ty: &Type) -> Result<String, String> {
        match e {
            Expr::Pred(path, pred) => self.at(path, pred, this, ty, false),
            Expr::And(items) if items.is_empty() => Ok("true".into()),
            Expr::Or(items) if items.is_empty() => Ok("false".into()),
            Expr::And(items) => self.joined(items, " && ", this, ty),
            Expr::Or(items) => self.joined(items, " || ", this, ty),
            Expr::Not(inner) => match inner.as_ref() {
                Expr::Pred(path, pred) => self.at(path, pred, this, ty, true),
                other => Ok(format!("!({})", self.condition(other, this, ty)?)),
            },
        }
    }

    fn joined(
        &mut self,
        items: &[Expr],
        op: &str,
        this: &str,
        ty: &Type,
    ) -> Result<String, String> {
        let mut parts = Vec::new();
        for item in items {
            let text = self.condition(item, this, ty)?;
            parts.push(match item {
                Expr::And(i) | Expr::Or(i) if i.len() > 1 => format!("({text})"),
                _ => text,
            });
        }
        Ok(parts.join(op))
    }

    /// `pred` (negated when `not`) of the value at `path` below `this`.
    fn at(
        &mut self,
        path: &[String],
        pred: &Pred,
        this: &str,
        ty: &Type,
        not: bool,
    ) -> Result<String, String> {
        let Some((first, rest)) = path.split_first() else {
            return self.pred(pred, this, ty, not);
        };
        let Type::Message(name) = ty else {
            return Err(format!("`{first}` is a field of a value that has none"));
        };
        let field = self
            .model
            .message(name)
            .and_then(|m| m.fields.iter().find(|f| &f.name == first))
            .ok_or_else(|| format!("{name} has no field `{first}`"))?;
        let value = format!("{this}.{first}");
        if rest.is_empty() {
            return self.leaf(field, pred, &value, not);
        }
        let inner = self.at(rest, pred, &value, &field.ty, not)?;
        if field.explicit_presence {
            // Below an unset message every field reads as its zero value (as CEL reads it):
            // decided on a zero-valued stand-in.
            let absent = self.absent(rest, pred, &field.ty, not)?;
            Ok(format!("{value} == null ? {absent} : ({inner})"))
        } else {
            Ok(inner)
        }
    }

    /// `pred` of a field at the end of a path: presence as CEL's `has()` sees it, anything else
    /// on the value as CEL reads it (the zero value when unset).
    fn leaf(
        &mut self,
        field: &FieldShape,
        pred: &Pred,
        value: &str,
        not: bool,
    ) -> Result<String, String> {
        if let Pred::Present = pred {
            let set = if field.explicit_presence {
                format!("{value} != null")
            } else {
                match &field.ty {
                    Type::List(_) | Type::Map(..) => format!("length({value}) > 0"),
                    ty => format!("{value} != {}", zero(ty)),
                }
            };
            return Ok(if not { format!("!({set})") } else { set });
        }
        let inner = self.pred(pred, value, &field.ty, not)?;
        match (field.explicit_presence, field.ty.zero()) {
            (true, Some(zero)) => {
                let absent = holds(pred, &zero, not)?;
                Ok(format!("{value} == null ? {absent} : ({inner})"))
            }
            (true, None) => Err("a condition on a message value".into()),
            (false, _) => Ok(inner),
        }
    }

    /// Whether `pred` (negated when `not`) holds at `path` below an unset message of type `ty`.
    fn absent(&self, path: &[String], pred: &Pred, ty: &Type, not: bool) -> Result<bool, String> {
        let mut ty = ty.clone();
        let mut last = None;
        for name in path {
            let Type::Message(message) = &ty else {
                return Err(format!("`{name}` is a field of a value that has none"));
            };
            let field = self
                .model
                .message(message)
                .and_then(|m| m.fields.iter().find(|f| &f.name == name))
                .ok_or_else(|| format!("{message} has no field `{name}`"))?;
            ty = field.ty.clone();
            last = Some(field);
        }
        if let Pred::Present = pred {
            return Ok(not);
        }
        match (last, ty.zero()) {
            (Some(_), Some(zero)) => holds(pred, &zero, not),
            _ => Err("a condition on a message value".into()),
        }
    }

    /// `pred` (negated when `not`) of the value `v` of type `ty`.
    fn pred(&mut self, pred: &Pred, v: &str, ty: &Type, not: bool) -> Result<String, String> {
        let negate = |text: String| if not { format!("!({text})") } else { text };
        Ok(match pred {
            Pred::Len(cmp, n) => {
                self.notes.insert(LEN_NOTE);
                negate(format!("{} {} {n}", code_points(v), cmp.symbol()))
            }
            Pred::Bytes(cmp, n) => {
                let size = match ty {
                    Type::Bytes => {
                        self.notes.insert(BASE64_NOTE);
                        format!("floor((length({v}) - length(regexall(\"=\", {v}))) * 3 / 4)")
                    }
                    _ => {
                        self.notes.insert(BYTES_NOTE);
                        utf8_bytes(v)
                    }
                };
                negate(format!("{size} {} {n}", cmp.symbol()))
            }
            Pred::Matches(pattern) => {
                let count = format!("length(regexall({}, {v}))", hcl_string(pattern.as_str()));
                if not {
                    format!("{count} == 0")
                } else {
                    format!("{count} > 0")
                }
            }
            Pred::Eq(literal) => {
                let op = if not { "!=" } else { "==" };
                format!("{v} {op} {}", self.literal(literal)?)
            }
            Pred::In(literals) => {
                let items = literals
                    .iter()
                    .map(|l| self.literal(l))
                    .collect::<Result<Vec<_>, _>>()?;
                let bang = if not { "!" } else { "" };
                format!("{bang}contains([{}], {v})", items.join(", "))
            }
            Pred::Compare(cmp, literal) => {
                if !matches!(literal, Literal::Int(_) | Literal::Float(_))
                    || matches!(ty, Type::Enum(_))
                {
                    return Err(format!(
                        "an ordering of {literal}, which is no number in Terraform"
                    ));
                }
                negate(format!("{v} {} {}", cmp.symbol(), self.literal(literal)?))
            }
            Pred::Count(cmp, n) => negate(format!("length({v}) {} {n}", cmp.symbol())),
            Pred::Unique => negate(format!("length(distinct({v})) == length({v})")),
            Pred::Present => {
                let op = if not { "==" } else { "!=" };
                format!("{v} {op} null")
            }
        })
    }

    fn literal(&self, literal: &Literal) -> Result<String, String> {
        Ok(match literal {
            Literal::Bool(b) => b.to_string(),
            Literal::Int(i) => i.to_string(),
            Literal::Float(f) if f.is_finite() => f.to_string(),
            Literal::Float(f) => return Err(format!("{f} is no Terraform number")),
            Literal::Str(s) => hcl_string(s),
            Literal::Enum(e) => hcl_string(&e.name.clone().unwrap_or_else(|| e.number.to_string())),
        })
    }
}

/// Whether `pred` (negated when `not`) holds for the zero value `zero`.
fn holds(pred: &Pred, zero: &Literal, not: bool) -> Result<bool, String> {
    pred.holds_for_zero(zero)
        .map(|h| h != not)
        .ok_or_else(|| "a condition whose value on an unset field cannot be told".into())
}

/// The number of Unicode code points of the string `v`.
fn code_points(v: &str) -> String {
    format!("length(regexall({}, {v}))", hcl_string("(?s)."))
}

/// The number of UTF-8 bytes of the string `v`.
fn utf8_bytes(v: &str) -> String {
    let count = |class: &str| format!("length(regexall({}, {v}))", hcl_string(class));
    format!(
        "{} + {} + 2 * {} + 3 * {}",
        code_points(v),
        count(r"[\x{80}-\x{7FF}]"),
        count(r"[\x{800}-\x{FFFF}]"),
        count(r"[\x{10000}-\x{10FFFF}]"),
    )
}

/// Aligns the `=` of runs of consecutive single-line attributes as `terraform fmt` does
/// (hclwrite's `formatCells`): a line takes part when its first `=` (not part of `==`, `<=`,
/// ...) comes after its first token and the brackets after it balance; any other line,
/// blank or comment lines included, ends the run.
fn align(lines: &mut [String]) {
    let mut run: Vec<(usize, usize)> = Vec::new();
    let flush = |run: &mut Vec<(usize, usize)>, lines: &mut [String]| {
        let width = run.iter().map(|(_, w)| *w).max().unwrap_or(0);
        for (index, lead) in run.drain(..) {
            let line = &lines[index];
            if let Some(at) = assignment(line) {
                let key = line[..at].trim_end().to_owned();
                let rest = line[at..].to_owned();
                lines[index] = format!("{key}{}{rest}", " ".repeat(width - lead + 1));
            }
        }
    };
    for index in 0..lines.len() {
        match assignment(&lines[index]) {
            Some(at) => {
                let lead = lines[index][..at].trim_end().chars().count();
                run.push((index, lead));
            }
            None => flush(&mut run, lines),
        }
    }
    flush(&mut run, lines);
}

/// The byte offset of the `=` that makes `line` a single-line attribute, if it is one.
fn assignment(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    let bytes = line.as_bytes();
    let start = line.len() - trimmed.len();
    let mut in_string = false;
    let mut at = None;
    let mut depth = 0i32;
    let mut i = start;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                b'"' => in_string = true,
                b'#' => break,
                b'(' | b'[' | b'{' if at.is_some() => depth += 1,
                b')' | b']' | b'}' if at.is_some() => depth -= 1,
                b'=' if at.is_none() => {
                    let before = if i > 0 { bytes[i - 1] } else { b' ' };
                    let after = bytes.get(i + 1).copied().unwrap_or(b' ');
                    let operator =
                        matches!(before, b'=' | b'!' | b'<' | b'>') || matches!(after, b'=' | b'>');
                    if !operator {
                        if i == start {
                            return None;
                        }
                        at = Some(i);
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    at.filter(|_| depth == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_runs_of_single_line_attributes() {
        let mut lines: Vec<String> = [
            "  a = 1",
            "  long_name = \"x = y\"",
            "  t = object({",
            "    k = string",
            "  })",
            "  c = a == b",
            "",
            "  dd = [for x in y : x]",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        align(&mut lines);
        assert_eq!(lines[0], "  a         = 1");
        assert_eq!(lines[1], "  long_name = \"x = y\"");
        assert_eq!(lines[2], "  t = object({");
        assert_eq!(lines[5], "  c = a == b");
        assert_eq!(lines[7], "  dd = [for x in y : x]");
    }

    #[test]
    fn counts_utf8_bytes_with_escaped_classes() {
        assert_eq!(
            utf8_bytes("v"),
            r#"length(regexall("(?s).", v)) + length(regexall("[\\x{80}-\\x{7FF}]", v)) + 2 * length(regexall("[\\x{800}-\\x{FFFF}]", v)) + 3 * length(regexall("[\\x{10000}-\\x{10FFFF}]", v))"#
        );
    }
}
