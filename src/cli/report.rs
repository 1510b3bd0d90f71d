//! How the command line reports: violations (human with an excerpt, short, JSON lines,
//! GitHub workflow commands), summaries, warnings, refusals and drift.

use super::{exit_code, ErrorFormat, Global};
use crate::check::Checked;
use crate::diagnostics::excerpt::{self, Sources};
use crate::diagnostics::Violation;
use crate::error::Error;
use crate::generator::Generated;
use crate::output::Drift;
use anstream::{eprintln, println};
use std::process::ExitCode;

/// Exit code and report for a generation that did not happen.
pub(super) fn failure(global: &Global, error: Error) -> crate::Result<ExitCode> {
    match error {
        Error::Invalid {
            violations,
            sources,
            warnings,
        } => {
            print_warnings(global, warnings.iter().map(String::as_str));
            print_violations(global, &violations, &sources);
            if !global.quiet {
                eprintln!(
                    "{}error:{} {}; nothing generated",
                    style::ERROR.render(),
                    style::ERROR.render_reset(),
                    plural(violations.len(), "violation")
                );
            }
            Ok(exit_code(false))
        }
        Error::Refused { refusals, warnings } => {
            print_warnings(global, warnings.iter().map(String::as_str));
            // Refusals are located at their manifest, not at a key: no excerpt.
            for refusal in &refusals {
                match global.error_format {
                    ErrorFormat::Human | ErrorFormat::Short => eprintln!("{}", human(refusal)),
                    ErrorFormat::Json => println!("{}", refusal.json()),
                    ErrorFormat::Github => println!("{}", refusal.github()),
                }
            }
            if !global.quiet {
                eprintln!(
                    "{}error:{} {} from the templates; nothing generated",
                    style::ERROR.render(),
                    style::ERROR.render_reset(),
                    plural(refusals.len(), "refusal")
                );
            }
            Ok(exit_code(false))
        }
        error => Err(error),
    }
}

pub(super) fn warn_all(global: &Global, generated: &Generated) {
    print_warnings(global, generated.warnings());
    print_skipped(global, &generated.checked.skipped);
}

/// What walking folders found and left out, unless `-q`: said, so that a manifest that is
/// not read is never a surprise, but not a warning (a monorepo's folders hold CI workflows
/// and kustomizations by design).
fn print_skipped(global: &Global, skipped: &crate::manifest::Skipped) {
    if global.quiet || skipped.is_empty() {
        return;
    }
    if skipped.documents > 0 {
        eprintln!(
            "note: skipped {} found in folders that {} not manifests (no kind of the schema)",
            plural(skipped.documents, "YAML document"),
            if skipped.documents == 1 { "is" } else { "are" },
        );
    }
    for (kind, count) in &skipped.other_kinds {
        eprintln!(
            "note: skipped {} of kind {kind}, which the schema does not have (--proto-path \
             with its proto reads them)",
            plural(*count, "manifest")
        );
    }
}

/// Warnings, unless `-q`; the first `--limit warnings=N`, then how many more there were.
pub(super) fn print_warnings<'a>(global: &Global, warnings: impl Iterator<Item = &'a str>) {
    if global.quiet {
        return;
    }
    let shown = global.limits().warnings_shown;
    let mut more = 0usize;
    for (i, warning) in warnings.enumerate() {
        if i < shown {
            print_warning(warning);
        } else {
            more += 1;
        }
    }
    if more > 0 {
        eprintln!(
            "{}note:{} {more} more {} not shown (raise it with --limit warnings=N)",
            style::WARNING.render(),
            style::WARNING.render_reset(),
            if more == 1 { "warning" } else { "warnings" }
        );
    }
}

pub(super) fn print_warning(warning: &str) {
    eprintln!(
        "{}warning:{} {}",
        style::WARNING.render(),
        style::WARNING.render_reset(),
        crate::diagnostics::terminal_safe(warning)
    );
}

/// `--check`: exit 0 when in sync, 1 listing what differs.
pub(super) fn report_drift(global: &Global, dir: &std::path::Path, drift: &Drift) -> ExitCode {
    if drift.in_sync() {
        if !global.quiet {
            eprintln!("{} is up to date", dir.display());
        }
        return ExitCode::SUCCESS;
    }
    for path in &drift.missing {
        eprintln!("missing: {} (would be generated)", path.display());
    }
    for path in &drift.foreign {
        eprintln!(
            "not generated: {} is in the way and has no \"{}\" line; planton-gen never \
             overwrites it: move it away or choose another -o",
            path.display(),
            crate::render::MARKER
        );
    }
    for (path, diff) in &drift.stale {
        eprintln!(
            "stale: {} differs from what would be generated:",
            path.display()
        );
        eprint!("{diff}");
    }
    for path in &drift.extra {
        eprintln!(
            "extra: {} (generated earlier, no longer produced)",
            path.display()
        );
    }
    if let Some(journal) = &drift.interrupted {
        eprintln!(
            "interrupted: {} (a run was stopped while replacing files; the next run without \
             --check completes it)",
            journal.display()
        );
    }
    if global.error_format == ErrorFormat::Github {
        annotate_drift(dir, drift);
    }
    let advice = if !drift.foreign.is_empty() {
        "is out of date and holds files planton-gen did not generate where it would write; \
         move them away, then run the same command without --check"
    } else {
        "out of date; run the same command without --check to update it"
    };
    eprintln!(
        "{}error:{} {} {advice}",
        style::ERROR.render(),
        style::ERROR.render_reset(),
        dir.display()
    );
    ExitCode::from(1)
}

/// `--check --error-format github`: an annotation on every file that differs, on stdout
/// like the violations, so a pull request shows the drift at the generated files; the diff
/// stays in the log (stderr).
fn annotate_drift(dir: &std::path::Path, drift: &Drift) {
    let title = "planton-gen --check";
    let rerun = format!(
        "run the same command without --check and commit {}",
        dir.display()
    );
    let annotate = |path: &std::path::Path, what: &str| {
        let file = path.display().to_string();
        println!(
            "{}",
            crate::diagnostics::github_file_error(&file, title, &format!("{what}; {rerun}"))
        );
    };
    for path in &drift.missing {
        annotate(path, "missing: would be generated");
    }
    for path in &drift.foreign {
        annotate(
            path,
            "not generated: in the way, and planton-gen never overwrites it",
        );
    }
    for (path, _) in &drift.stale {
        annotate(
            path,
            "stale: differs from what the manifests generate (diff in the log)",
        );
    }
    for path in &drift.extra {
        annotate(path, "extra: generated earlier, no longer produced");
    }
}

pub(super) fn print_violations(
    global: &Global,
    violations: &[Violation],
    texts: &std::collections::BTreeMap<String, String>,
) {
    let mut sources = Sources::new();
    for (name, text) in texts {
        sources.insert(name, text.clone());
    }
    let shown = global.limits().violations_shown;
    for violation in violations.iter().take(shown) {
        match global.error_format {
            ErrorFormat::Human => {
                eprintln!("{}", human(violation));
                // Styled always; anstream drops the colours unless they are wanted.
                if let Some(excerpt) = excerpt::render(violation, &mut sources, true) {
                    eprintln!("{excerpt}");
                }
            }
            ErrorFormat::Short => eprintln!("{}", human(violation)),
            ErrorFormat::Json => println!("{}", violation.json()),
            ErrorFormat::Github => println!("{}", violation.github()),
        }
    }
    if violations.len() > shown {
        let more = violations.len() - shown;
        eprintln!(
            "{}note:{} {more} more {} not shown (raise it with --limit violations=N)",
            style::ERROR.render(),
            style::ERROR.render_reset(),
            if more == 1 { "violation" } else { "violations" }
        );
    }
}

pub(super) fn report(global: &Global, checked: &Checked) {
    print_warnings(global, checked.warnings.iter().map(String::as_str));
    print_violations(global, &checked.violations, &checked.sources);
    print_skipped(global, &checked.skipped);
    if global.quiet {
        return;
    }
    // Documents, not decoded manifests: a manifest with a value of the wrong type is still
    // one the user wrote.
    let manifests = plural(checked.documents, "manifest");
    // Files whose every document was skipped are not counted as read.
    let files = plural(checked.files - checked.skipped.files, "file");
    if checked.is_valid() {
        eprintln!("{manifests} in {files}: valid");
    } else {
        let violations = plural(checked.violations.len(), "violation");
        eprintln!(
            "{}error:{} {violations} ({manifests} read from {files})",
            style::ERROR.render(),
            style::ERROR.render_reset()
        );
    }
}

/// The human format, with the location in bold and the rule id dimmed on a terminal.
pub(super) fn human(v: &Violation) -> String {
    let styled =
        |style: anstyle::Style| [style.render().to_string(), style.render_reset().to_string()];
    let [location, rule] = [styled(style::LOCATION), styled(style::RULE)];
    v.human_with([&location[0], &location[1]], [&rule[0], &rule[1]])
}

pub(super) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

pub(super) mod style {
    use anstyle::{AnsiColor, Style};
    pub const ERROR: Style = AnsiColor::Red.on_default().bold();
    pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
    pub const LOCATION: Style = Style::new().bold();
    pub const RULE: Style = Style::new().dimmed();
}
