//! Every interpolation in every template must end in an escaping filter (or be one of the few
//! proven-safe forms), so no value a user wrote can reach a generated file unescaped.

use planton_gen::internal::unescaped;
use planton_gen::internal::Templates;

#[test]
fn every_template_escapes_every_interpolation() {
    let mut problems = Vec::new();
    let templates = Templates::builtin();
    let mut count = 0;
    for (name, text) in templates.iter() {
        count += 1;
        for problem in unescaped(text) {
            problems.push(format!(
                "templates/{name}:{}: {{{{ {} }}}}: {}",
                problem.line, problem.expression, problem.why
            ));
        }
    }
    assert!(count >= 4, "templates are missing: {count}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What a target refuses is declared in its checks file (`_checks.tera`), which `validate`
/// runs too; a `fail` anywhere else would be a refusal `validate` cannot see.
#[test]
fn only_checks_files_refuse() {
    let templates = Templates::builtin();
    let mut checks = 0;
    let fail = regex::Regex::new(r"\bfail\s*\(").unwrap();
    for (name, text) in templates.iter() {
        let refuses = fail.is_match(&planton_gen::internal::without_comments(text));
        if name.ends_with("/_checks.tera") {
            checks += 1;
            assert!(refuses, "templates/{name} refuses nothing");
        } else {
            assert!(
                !refuses,
                "templates/{name} calls fail(): move the check into _checks.tera"
            );
        }
    }
    assert!(
        checks >= 2,
        "the wrangler and crossplane checks are missing"
    );
}
