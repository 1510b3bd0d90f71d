//! The command line: flags as the design's contract states them, exit codes 0 (success),
//! 1 (invalid manifests) and 2 (usage, I/O or internal error).

use crate::check::{check, Checked};
use crate::diagnostics::Violation;
use crate::schema::Schema;
use anstream::{eprintln, println};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "planton-gen",
    version,
    about = "Validate Project Planton manifests against the buf.validate rules of their .proto schema",
    after_help = "Exit codes: 0 success, 1 invalid manifests, 2 usage, I/O or internal error."
)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Debug)]
struct Global {
    /// Also compile every .proto file under DIR (repeatable); its files win over built-in
    /// ones of the same name.
    #[arg(long = "proto-path", value_name = "DIR", global = true)]
    proto_path: Vec<PathBuf>,
    /// Override a field in every manifest, e.g. --set spec.ttl_seconds=3600 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE", global = true)]
    set: Vec<String>,
    /// How violations are printed.
    #[arg(long, value_enum, default_value_t = ErrorFormat::Human, global = true)]
    error_format: ErrorFormat,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    color: ColorWhen,
    /// Print violations only, no summary.
    #[arg(short, long, global = true)]
    quiet: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check manifests against their schema; write nothing.
    #[command(after_help = "Example:\n  planton-gen validate infra/kv/\n  \
                            planton-gen validate --error-format github infra/kv/prod.yaml")]
    Validate {
        /// Manifest files, directories (searched for *.yaml and *.yml) or - for stdin.
        #[arg(value_name = "MANIFEST", required = true)]
        manifests: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ErrorFormat {
    /// `file:line:col: field.path: message [rule_id]` on stderr.
    Human,
    /// One JSON object per violation on stdout.
    Json,
    /// GitHub Actions `::error` workflow commands on stdout.
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Parses the arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let choice = match cli.global.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    match run(&cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!(
                "{}planton-gen: error:{} {error}",
                style::ERROR.render(),
                style::ERROR.render_reset()
            );
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> crate::Result<ExitCode> {
    let schema = Schema::with_proto_paths(&cli.global.proto_path)?;
    match &cli.command {
        Command::Validate { manifests } => {
            let checked = check(&schema, manifests, &cli.global.set)?;
            report(&cli.global, &checked);
            Ok(if checked.is_valid() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

fn report(global: &Global, checked: &Checked) {
    for violation in &checked.violations {
        match global.error_format {
            ErrorFormat::Human => eprintln!("{}", human(violation)),
            ErrorFormat::Json => println!("{}", violation.json()),
            ErrorFormat::Github => println!("{}", violation.github()),
        }
    }
    if global.quiet {
        return;
    }
    let manifests = plural(checked.manifests.len(), "manifest");
    let files = plural(checked.files, "file");
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
fn human(v: &Violation) -> String {
    let location = format!("{}:{}:{}", v.file, v.line, v.col);
    let field = if v.field.is_empty() {
        String::new()
    } else {
        format!("{}: ", v.field)
    };
    format!(
        "{}{location}{}: {field}{} {}[{}]{}",
        style::LOCATION.render(),
        style::LOCATION.render_reset(),
        v.message,
        style::RULE.render(),
        v.rule,
        style::RULE.render_reset()
    )
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

mod style {
    use anstyle::{AnsiColor, Style};
    pub const ERROR: Style = AnsiColor::Red.on_default().bold();
    pub const LOCATION: Style = Style::new().bold();
    pub const RULE: Style = Style::new().dimmed();
}
