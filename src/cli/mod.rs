//! The command line: flags as the design's contract states them, exit codes 0 (success),
//! 1 (invalid manifests) and 2 (usage, I/O or internal error).

use crate::error::Error;
use crate::generator::{Generated, Generator, Interface};
use crate::output;
use crate::render::Target;
use crate::TargetOptions;
use anstream::eprintln;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

mod progress;
mod report;
mod tools;
use report::{failure, plural, print_warnings, report, report_drift, style, warn_all};

#[derive(Parser, Debug)]
#[command(
    name = "planton-gen",
    version,
    about = "Validate Project Planton manifests and generate Terraform, Pulumi, Crossplane and wrangler configuration from them",
    after_help = "Examples:\n  \
                  planton-gen init CloudflareKvNamespace myapp-cache-dev > infra/kv/myapp-cache-dev.yaml\n  \
                  planton-gen validate infra/kv/\n  \
                  planton-gen all -o deploy/ infra/kv/\n\n\
                  Exit codes: 0 success, 1 invalid manifests (or drift with --check, or a refusal), \
                  2 usage, I/O or internal error.\n\
                  Guides: docs/guides/ in the repository; `planton-gen explain KIND` describes a kind."
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
    /// Use templates from DIR where it has a file of the same relative path (and any new
    /// kinds or files it adds).
    #[arg(long, value_name = "DIR", global = true)]
    templates: Option<PathBuf>,
    /// Read ids from FILE: `terraform output -json`, `pulumi stack output --json`, or
    /// manifests with status.outputs (repeatable).
    #[arg(long, value_name = "FILE", global = true)]
    outputs: Vec<PathBuf>,
    /// Leave files and folders matching GLOB (gitignore syntax, relative to each folder of
    /// manifests) out of the search (repeatable); .gitignore/.ignore files and hidden
    /// entries are left out already.
    #[arg(long, value_name = "GLOB", global = true)]
    exclude: Vec<String>,
    /// Override a field in every manifest, e.g. --set metadata.env=staging (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE", global = true)]
    set: Vec<String>,
    /// How violations are printed.
    #[arg(long, value_enum, default_value_t = ErrorFormat::Human, global = true)]
    error_format: ErrorFormat,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    color: ColorWhen,
    /// Print violations only: no summary, no warnings.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Raise (or lower) a budget of the run (repeatable): file-size, input-size, manifests,
    /// alias-bytes, violations, warnings; sizes take K, M, G suffixes.
    #[arg(long = "limit", value_name = "NAME=VALUE", global = true, value_parser = limit)]
    limit: Vec<String>,
}

impl Global {
    /// The run's budgets: the defaults with every --limit applied (each was checked when
    /// the arguments were parsed).
    fn limits(&self) -> crate::Limits {
        let mut limits = crate::Limits::default();
        for assignment in &self.limit {
            let _ = limits.set(assignment);
        }
        limits
    }
}

fn limit(assignment: &str) -> Result<String, String> {
    crate::Limits::default()
        .set(assignment)
        .map(|()| assignment.to_owned())
        .map_err(|e| format!("--limit {e}"))
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check manifests against their schema; write nothing.
    #[command(after_help = "Examples:\n  planton-gen validate infra/kv/\n  \
                            planton-gen validate --error-format github infra/kv/prod.yaml")]
    Validate {
        /// Manifest files, directories (searched for *.yaml and *.yml, honouring .gitignore and
        /// .ignore, skipping hidden entries and YAML that is no manifest) or - for stdin.
        #[arg(value_name = "MANIFEST", required = true)]
        manifests: Vec<PathBuf>,
    },
    /// Generate a Terraform root module (one combined document on stdout without -o), or with
    /// --module a reusable module whose variables carry the kind's validation rules.
    #[command(
        after_help = "Examples:\n  planton-gen terraform infra/kv/ > kv.tf\n  \
                            planton-gen terraform -o deploy/terraform infra/kv/\n  \
                            planton-gen terraform --module -o modules/kv --kind CloudflareKvNamespace"
    )]
    Terraform {
        #[command(flatten)]
        generate: Generate,
        /// Generate a reusable module (variables metadata and spec, typed and validated from
        /// the proto) instead of a root module from manifests; takes no manifests.
        #[arg(long)]
        module: bool,
        /// The kind of the module (needed when the schema has several kinds).
        #[arg(long, value_name = "KIND", requires = "module")]
        kind: Option<String>,
    },
    /// Generate a Pulumi Go program (main.go on stdout without -o).
    #[command(
        after_help = "Examples:\n  planton-gen pulumi -o deploy/pulumi infra/kv/\n  \
                            planton-gen pulumi --pulumi-project billing-kv -o deploy/pulumi infra/kv/"
    )]
    Pulumi {
        #[command(flatten)]
        generate: Generate,
        #[command(flatten)]
        options: PulumiArgs,
    },
    /// Generate Crossplane managed resources as a YAML stream, or with --xrd a
    /// CompositeResourceDefinition and Composition for the kind.
    #[command(
        after_help = "Examples:\n  planton-gen crossplane --account-id 0123456789abcdef0123456789abcdef infra/kv/ | kubectl apply -f -\n  \
                            planton-gen crossplane --xrd --account-ref my-account -o platform/kv"
    )]
    Crossplane {
        #[command(flatten)]
        generate: Generate,
        #[command(flatten)]
        options: CrossplaneArgs,
        /// Generate the kind's CompositeResourceDefinition (schema and rules from the proto)
        /// and a Composition that creates a WorkersKVNamespace; takes no manifests.
        #[arg(long)]
        xrd: bool,
        /// The kind of the XRD (needed when the schema has several kinds).
        #[arg(long, value_name = "KIND", requires = "xrd")]
        kind: Option<String>,
    },
    /// Print a JSON Schema (2020-12) of manifests, for editors
    /// (`# yaml-language-server: $schema=...`).
    #[command(
        after_help = "Example:\n  planton-gen schema --kind CloudflareKvNamespace > kv.schema.json"
    )]
    Schema {
        /// Only this kind (default: every kind, told apart by `kind`).
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
    },
    /// Describe a kind or one of its fields: type, spellings, rules and documentation.
    #[command(
        after_help = "Examples:\n  planton-gen explain CloudflareKvNamespace\n  \
                            planton-gen explain CloudflareKvNamespace.spec.ttl_seconds"
    )]
    Explain {
        /// KIND, or KIND.field.path with proto or JSON field names.
        #[arg(value_name = "KIND[.FIELD.PATH]")]
        target: String,
    },
    /// Generate wrangler bindings (TOML, or JSONC with --format jsonc).
    #[command(after_help = "Example:\n  planton-gen wrangler infra/kv/ > wrangler.kv.toml")]
    Wrangler {
        #[command(flatten)]
        generate: Generate,
        #[command(flatten)]
        options: WranglerArgs,
    },
    /// Print a commented example manifest of a kind that validates as it is (fields from the
    /// proto, with their documentation; optional ones commented out).
    #[command(
        after_help = "Examples:\n  planton-gen init CloudflareKvNamespace myapp-cache-prod > infra/kv/myapp-cache-prod.yaml\n  \
                            planton-gen init -o infra/kv/dev.yaml CloudflareKvNamespace myapp-cache-dev"
    )]
    Init {
        /// The kind (default: the only kind the schema has).
        #[arg(value_name = "KIND")]
        kind: Option<String>,
        /// metadata.name, and the value of any other text field that must be set
        /// (default: my-<kind>).
        #[arg(value_name = "NAME")]
        name: Option<String>,
        /// Write the manifest to FILE (never over an existing file) instead of printing it.
        #[arg(short, long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// List the templates each target renders and where they are read from, or export the
    /// built-in ones as a starting point for --templates.
    #[command(
        subcommand,
        after_help = "Examples:\n  planton-gen templates list\n  \
                      planton-gen templates export my-templates/ && planton-gen --templates my-templates/ terraform infra/kv/"
    )]
    Templates(TemplatesCommand),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  planton-gen completions bash > ~/.local/share/bash-completion/completions/planton-gen\n  \
                            planton-gen completions zsh > \"${fpath[1]}/_planton-gen\"\n  \
                            planton-gen completions fish > ~/.config/fish/completions/planton-gen.fish\n  \
                            planton-gen completions powershell >> $PROFILE"
    )]
    Completions {
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into a folder.
    #[command(after_help = "Examples:\n  planton-gen man | man -l -\n  \
                            planton-gen man --out-dir ~/.local/share/man/man1")]
    Man {
        /// Write planton-gen.1 and planton-gen-<command>.1 into DIR instead of printing.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// Generate every target into DIR/<target>/.
    #[command(after_help = "Example:\n  planton-gen all -o deploy/ infra/kv/")]
    All {
        #[command(flatten)]
        generate: Generate,
        #[command(flatten)]
        crossplane: CrossplaneArgs,
        #[command(flatten)]
        wrangler: WranglerArgs,
        #[command(flatten)]
        pulumi: PulumiArgs,
    },
}

#[derive(Subcommand, Debug)]
enum TemplatesCommand {
    /// For every template: the target, the kind, the file it renders and where it is read from
    /// (built in, or the --templates folder).
    #[command(after_help = "Example:\n  planton-gen --templates my-templates/ templates list")]
    List,
    /// Copy every built-in template into DIR at its relative path, to edit and pass as
    /// --templates DIR. Refuses a folder that already holds any of them.
    #[command(after_help = "Example:\n  planton-gen templates export my-templates/")]
    Export {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

#[derive(Args, Debug)]
struct Generate {
    /// Manifest files, directories (searched for *.yaml and *.yml, honouring .gitignore and
    /// .ignore, skipping hidden entries and YAML that is no manifest) or - for stdin.
    #[arg(value_name = "MANIFEST")]
    manifests: Vec<PathBuf>,
    /// Write the target's files under PATH instead of printing.
    #[arg(short, long = "out", value_name = "PATH")]
    out: Option<PathBuf>,
    /// Compare what would be generated with the files at -o; write nothing. Exit 1 listing
    /// missing, stale (with a diff) and extra files.
    #[arg(long, requires = "out")]
    check: bool,
}

#[derive(Args, Debug)]
struct CrossplaneArgs {
    /// Cluster-scoped (workers.cloudflare.crossplane.io) or namespaced
    /// (workers.cloudflare.m.cloudflare.com) managed resources.
    #[arg(long, value_enum, default_value_t = Scope::Cluster)]
    scope: Scope,
    /// metadata.namespace of namespaced objects.
    #[arg(long, value_name = "NAMESPACE")]
    namespace: Option<String>,
    /// Cloudflare account id (32 hexadecimal digits) written into spec.forProvider.accountId.
    #[arg(long, value_name = "ID", conflicts_with = "account_ref", value_parser = account_id)]
    account_id: Option<String>,
    /// Name of the Crossplane Account object to reference (spec.forProvider.accountIdRef).
    #[arg(long, value_name = "NAME")]
    account_ref: Option<String>,
    /// spec.providerConfigRef.name.
    #[arg(long, value_name = "NAME", default_value = "default")]
    provider_config: String,
    /// spec.deletionPolicy: Delete removes the namespace with the object, Orphan keeps it.
    #[arg(long, value_enum, ignore_case = true, default_value_t = DeletionPolicy::Delete)]
    deletion_policy: DeletionPolicy,
}

fn account_id(id: &str) -> Result<String, String> {
    crate::Account::check_id(id).map(|()| id.to_owned())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Scope {
    Cluster,
    Namespaced,
}

/// Spelled as Crossplane spells it (`Delete`, `Orphan`); any case is accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DeletionPolicy {
    #[value(name = "Delete")]
    Delete,
    #[value(name = "Orphan")]
    Orphan,
}

#[derive(Args, Debug)]
struct PulumiArgs {
    /// The Pulumi project's name (Pulumi.yaml `name`), which keeps its stacks apart from other
    /// projects' in one backend. Default: derived from the manifests by the kind's Pulumi.yaml
    /// template (for KV namespaces, the name segment they share, `myapp-cloudflare-kv`).
    #[arg(long, value_name = "NAME", value_parser = pulumi_project_name)]
    pulumi_project: Option<String>,
}

/// A name Pulumi accepts for a project: 1 to 100 ASCII letters, digits, `_`, `.` and `-`,
/// not `Pulumi` itself nor starting with `Pulumi.` (names Pulumi reserves).
fn pulumi_project_name(name: &str) -> Result<String, String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    if name.is_empty() || name.len() > 100 || !name.chars().all(allowed) {
        return Err("a Pulumi project name is 1 to 100 letters, digits, `_`, `.` and `-`".into());
    }
    if name == "Pulumi" || name.starts_with("Pulumi.") {
        return Err("Pulumi reserves `Pulumi` and names starting with `Pulumi.`".into());
    }
    Ok(name.to_owned())
}

#[derive(Args, Debug)]
struct WranglerArgs {
    /// wrangler.toml syntax or wrangler.jsonc syntax.
    #[arg(long, value_enum, default_value_t = WranglerFormat::Toml)]
    format: WranglerFormat,
    /// Fail when a manifest has no status.outputs.namespace_id, instead of warning.
    #[arg(long)]
    require_ids: bool,
    /// The environment (metadata.env) written at the top level; every other one goes under
    /// [env.<name>]. Manifests without an env belong to it.
    #[arg(long, value_name = "ENV", default_value = "prod")]
    default_env: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum WranglerFormat {
    Toml,
    Jsonc,
}

// The flags, mapped onto the library's typed options: the one place the command line's
// spelling of a target option meets the library's.

impl CrossplaneArgs {
    fn typed(&self) -> crate::CrossplaneOptions {
        let account = match (&self.account_id, &self.account_ref) {
            (Some(id), _) => Some(crate::Account::Id(id.clone())),
            (None, Some(name)) => Some(crate::Account::Ref(name.clone())),
            (None, None) => None,
        };
        crate::CrossplaneOptions {
            scope: match self.scope {
                Scope::Cluster => crate::Scope::Cluster,
                Scope::Namespaced => crate::Scope::Namespaced,
            },
            namespace: self.namespace.clone(),
            account,
            provider_config: self.provider_config.clone(),
            deletion_policy: match self.deletion_policy {
                DeletionPolicy::Delete => crate::DeletionPolicy::Delete,
                DeletionPolicy::Orphan => crate::DeletionPolicy::Orphan,
            },
        }
    }
}

impl WranglerArgs {
    fn typed(&self) -> crate::WranglerOptions {
        crate::WranglerOptions {
            format: match self.format {
                WranglerFormat::Toml => crate::WranglerFormat::Toml,
                WranglerFormat::Jsonc => crate::WranglerFormat::Jsonc,
            },
            require_ids: self.require_ids,
            default_env: self.default_env.clone(),
        }
    }
}

impl PulumiArgs {
    fn typed(&self) -> crate::PulumiOptions {
        crate::PulumiOptions {
            project: self.pulumi_project.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ErrorFormat {
    /// `file:line:col: field.path: message [rule_id]` on stderr, then the source line with a
    /// caret under the key or value and a hint.
    Human,
    /// The `file:line:col: field.path: message [rule_id]` line alone (for editors and grep).
    Short,
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
    let mut generator = base_generator(&cli.global);
    if let Some(request) = generation(&cli.command)? {
        return generate(cli, &mut generator, request);
    }
    match &cli.command {
        Command::Validate { manifests } => {
            generator.manifests(manifests);
            validate(cli, &mut generator)
        }
        Command::Terraform { generate, kind, .. } => interface(
            cli,
            &mut generator,
            generate,
            Interface::TerraformModule,
            kind,
        ),
        Command::Crossplane {
            generate,
            options,
            kind,
            ..
        } => {
            generator.crossplane(options.typed());
            interface(
                cli,
                &mut generator,
                generate,
                Interface::CrossplaneXrd,
                kind,
            )
        }
        Command::Schema { kind } => {
            write_stdout(&generator.json_schema(kind.as_deref())?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { target } => {
            let schema = crate::schema::Schema::load(
                &cli.global.proto_path,
                crate::setting::Spelling::Flags,
            )?;
            write_stdout(&crate::explain::explain(&schema, target)?)?;
            Ok(ExitCode::SUCCESS)
        }
        other => tool(cli, other).map(|()| ExitCode::SUCCESS),
    }
}

/// The settings every command shares, from the global flags.
fn base_generator(global: &Global) -> Generator {
    let mut generator = Generator::new();
    generator
        .spell_settings_as_flags()
        .keep_manifests(false)
        .limits(global.limits());
    for assignment in &global.set {
        generator.set(assignment);
    }
    for dir in &global.proto_path {
        generator.proto_path(dir);
    }
    for file in &global.outputs {
        generator.outputs(file);
    }
    for glob in &global.exclude {
        generator.exclude(glob);
    }
    if let Some(dir) = &global.templates {
        generator.templates(dir);
    }
    generator
}

/// The set-up commands, which neither read manifests nor generate from them.
fn tool(cli: &Cli, command: &Command) -> crate::Result<()> {
    match command {
        Command::Init { kind, name, out } => {
            tools::init(cli, kind.as_deref(), name.as_deref(), out.as_deref())
        }
        Command::Templates(TemplatesCommand::List) => tools::list_templates(cli),
        Command::Templates(TemplatesCommand::Export { dir }) => tools::export_templates(cli, dir),
        Command::Completions { shell } => tools::completions(*shell),
        Command::Man { out_dir } => tools::man(out_dir.as_deref()),
        // `run` dispatches every other command before it gets here.
        other => Err(Error::Usage(format!(
            "internal error: {other:?} reached the set-up commands"
        ))),
    }
}

fn validate(cli: &Cli, generator: &mut Generator) -> crate::Result<ExitCode> {
    let progress = progress::Progress::attach(generator, cli.global.quiet);
    let validated = generator.validate();
    progress.finish();
    match validated {
        Ok(checked) => {
            report(&cli.global, &checked);
            Ok(exit_code(checked.is_valid()))
        }
        Err(error) => failure(&cli.global, error),
    }
}

/// What a generating command asks for: its manifests and output flags, its targets and
/// their options (the flags mapped onto the library's types here, and nowhere else).
struct Request<'a> {
    generate: &'a Generate,
    targets: Vec<Target>,
    options: TargetOptions,
}

/// The request of a command that generates from manifests; `None` for any other command
/// (`--module` and `--xrd` generate from the proto alone).
fn generation(command: &Command) -> crate::Result<Option<Request<'_>>> {
    let only = |generate, target, options| Request {
        generate,
        targets: vec![target],
        options,
    };
    let request = match command {
        Command::Terraform {
            generate,
            module: false,
            ..
        } => only(generate, Target::Terraform, TargetOptions::default()),
        Command::Pulumi { generate, options } => {
            let options = TargetOptions {
                pulumi: options.typed(),
                ..TargetOptions::default()
            };
            only(generate, Target::Pulumi, options)
        }
        Command::Crossplane {
            generate,
            options,
            xrd: false,
            ..
        } => {
            let options = TargetOptions {
                crossplane: options.typed(),
                ..TargetOptions::default()
            };
            only(generate, Target::Crossplane, options)
        }
        Command::Wrangler { generate, options } => {
            let options = TargetOptions {
                wrangler: options.typed(),
                ..TargetOptions::default()
            };
            only(generate, Target::Wrangler, options)
        }
        Command::All {
            generate,
            crossplane,
            wrangler,
            pulumi,
        } => {
            if generate.out.is_none() {
                return Err(Error::Usage(
                    "`all` writes one folder per target and needs -o DIR".into(),
                ));
            }
            Request {
                generate,
                targets: Target::ALL.to_vec(),
                options: TargetOptions {
                    crossplane: crossplane.typed(),
                    wrangler: wrangler.typed(),
                    pulumi: pulumi.typed(),
                },
            }
        }
        _ => return Ok(None),
    };
    Ok(Some(request))
}

/// Generates the request's targets: printed, written under -o, or compared (--check).
fn generate(cli: &Cli, generator: &mut Generator, request: Request) -> crate::Result<ExitCode> {
    let Request {
        generate,
        targets,
        options,
    } = request;
    if generate.manifests.is_empty() {
        return Err(Error::Usage(
            "no MANIFEST given: name files, directories or - for stdin".into(),
        ));
    }
    generator
        .manifests(&generate.manifests)
        .crossplane(options.crossplane)
        .wrangler(options.wrangler)
        .pulumi(options.pulumi);
    if let Some(dir) = &generate.out {
        generator.out_dir(dir);
    }
    for target in targets {
        generator.target(target);
    }
    let progress = progress::Progress::attach(generator, cli.global.quiet);
    let outcome = match (&generate.out, generate.check) {
        (None, _) => generator.render().map(|generated| {
            progress.finish();
            warn_all(&cli.global, &generated);
            print_stdout(&cli.global, &generated)
        }),
        (Some(dir), false) => generator.generate().map(|(generated, written)| {
            progress.finish();
            warn_all(&cli.global, &generated);
            report_written(&cli.global, dir, &written);
            Ok(ExitCode::SUCCESS)
        }),
        (Some(dir), true) => generator.check().map(|(generated, drift)| {
            progress.finish();
            warn_all(&cli.global, &generated);
            Ok(report_drift(&cli.global, dir, &drift))
        }),
    };
    progress.finish();
    match outcome {
        Ok(result) => result,
        Err(error) => failure(&cli.global, error),
    }
}

/// `wrote N files under DIR[, deleted M no longer generated]`, unless -q.
fn report_written(global: &Global, dir: &std::path::Path, written: &crate::Written) {
    if global.quiet {
        return;
    }
    let deleted = if written.deleted.is_empty() {
        String::new()
    } else {
        format!(
            ", deleted {} no longer generated",
            plural(written.deleted.len(), "file")
        )
    };
    eprintln!(
        "wrote {} under {}{deleted}",
        plural(written.written.len(), "file"),
        dir.display()
    );
}

/// `terraform --module` and `crossplane --xrd`: a kind's interface, printed, written under
/// -o, or compared with it (--check).
fn interface(
    cli: &Cli,
    generator: &mut Generator,
    generate: &Generate,
    which: Interface,
    kind: &Option<String>,
) -> crate::Result<ExitCode> {
    if !generate.manifests.is_empty() {
        let flag = match which {
            Interface::TerraformModule => "--module",
            Interface::CrossplaneXrd => "--xrd",
        };
        return Err(Error::Usage(format!(
            "{flag} takes no MANIFEST: it is generated from the kind's proto alone"
        )));
    }
    if let Some(dir) = &generate.out {
        generator.out_dir(dir);
    }
    let kind = kind.as_deref();
    let outcome = match (&generate.out, generate.check) {
        (None, _) => generator
            .render_interface(which, kind)
            .and_then(|rendered| {
                print_warnings(&cli.global, rendered.warnings.iter().map(String::as_str));
                write_stdout(&output::stdout_text(
                    &rendered.files,
                    crate::render::Stdout::All,
                ))?;
                Ok(ExitCode::SUCCESS)
            }),
        (Some(dir), false) => {
            generator
                .generate_interface(which, kind)
                .map(|(rendered, written)| {
                    print_warnings(&cli.global, rendered.warnings.iter().map(String::as_str));
                    if !cli.global.quiet {
                        eprintln!(
                            "wrote {} under {}",
                            plural(written.written.len(), "file"),
                            dir.display()
                        );
                    }
                    ExitCode::SUCCESS
                })
        }
        (Some(dir), true) => generator
            .check_interface(which, kind)
            .map(|(rendered, drift)| {
                print_warnings(&cli.global, rendered.warnings.iter().map(String::as_str));
                report_drift(&cli.global, dir, &drift)
            }),
    };
    match outcome {
        Ok(code) => Ok(code),
        Err(error) => failure(&cli.global, error),
    }
}

fn print_stdout(global: &Global, generated: &Generated) -> crate::Result<ExitCode> {
    for (target, rendered) in &generated.targets {
        let left_out = output::not_printed(&rendered.files, target.stdout());
        if !left_out.is_empty() && !global.quiet {
            eprintln!(
                "note: {target}: {} in a folder of its own, written only with -o DIR: {}",
                plural(left_out.len(), "file"),
                left_out.join(", ")
            );
        }
        write_stdout(&output::stdout_text(&rendered.files, target.stdout()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Generated text goes to stdout untouched: anstream would strip control characters from it
/// when stdout is not a terminal.
fn write_stdout(text: &str) -> crate::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|source| Error::Io {
            path: PathBuf::from("<stdout>"),
            source,
        })
}

fn exit_code(valid: bool) -> ExitCode {
    if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
