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
