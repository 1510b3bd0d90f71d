//! `Generator`: the whole pipeline behind one builder, in the style of `prost_build::Config`,
//! for the command line and for build scripts alike.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
//!     planton_gen::Generator::new()
//!         .manifest("infra/kv")
//!         .target(planton_gen::Target::Terraform)
//!         .out_dir(out.join("terraform"))
//!         .for_build_script() // cargo:rerun-if-changed for every input, cargo:warning= for warnings
//!         .generate()?;
//!     Ok(())
//! }
//! ```
//!
//! A manifest that breaks a rule fails the build with the command line's lines
//! (`kv/dev.yaml:8:3: spec.ttl_seconds: … [ttl_seconds.min_expiration]`).

use crate::check::{check_with, Checked, TargetChecks};
use crate::error::Error;
use crate::options::{CrossplaneOptions, PulumiOptions, TargetOptions, WranglerOptions};
use crate::output::{self, Drift, Planned, Written};

use crate::render::{self, Rendered, Target, Templates};
use crate::schema::Schema;
use crate::setting::Spelling;
use rayon::prelude::*;
use std::fmt;
use std::path::{Path, PathBuf};

/// What a run produced: its checked manifests, warnings and, from
/// [`Generator::render`] and [`Generator::check`], every file's text (from
/// [`Generator::generate`], which writes files as they render, each target's `files` is
/// empty).
#[derive(Debug)]
pub struct Generated {
    pub checked: Checked,
    /// Warnings about the templates themselves (a `--templates` file that interpolates a
    /// value without escaping it).
    pub template_warnings: Vec<String>,
    pub targets: Vec<(Target, Rendered)>,
}

impl Generated {
    /// Warnings about the schema, the templates, from outputs files and from templates, in
    /// that order.
    pub fn warnings(&self) -> impl Iterator<Item = &str> {
        let inputs = (self.checked.warnings.iter())
            .chain(&self.template_warnings)
            .chain(&self.checked.applied.warnings);
        inputs.map(String::as_str).chain(
            self.targets
                .iter()
                .flat_map(|(_, rendered)| rendered.warnings.iter().map(String::as_str)),
        )
    }
}

/// What a kind's proto alone generates, without manifests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interface {
    /// A reusable Terraform module whose variables carry the kind's rules.
    TerraformModule,
    /// A Crossplane CompositeResourceDefinition and a Composition for the kind.
    CrossplaneXrd,
}

impl Interface {
    fn describe(self) -> &'static str {
        match self {
            Interface::TerraformModule => "the Terraform module",
            Interface::CrossplaneXrd => "the Crossplane XRD",
        }
    }
}

/// A stage of a run, as told to [`Generator::on_stage`] when it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading and validating the manifests named.
    Checking { inputs: usize },
    /// Rendering the targets for the valid manifests.
    Rendering {
        manifests: usize,
        targets: Vec<Target>,
    },
    /// Writing (or, with `check`, comparing) the generated files.
    Writing { files: usize },
}

/// Who is told when a stage starts (the command line's progress display).
#[derive(Clone)]
struct Observer(std::sync::Arc<dyn Fn(&Stage) + Send + Sync>);

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer")
    }
}

/// The pipeline's inputs and settings.
#[derive(Clone, Debug, Default)]
pub struct Generator {
    manifests: Vec<PathBuf>,
    proto_paths: Vec<PathBuf>,
    templates: Option<PathBuf>,
    targets: Vec<Target>,
    out_dir: Option<PathBuf>,
    options: TargetOptions,
    overrides: Vec<String>,
    outputs: Vec<PathBuf>,
    /// Gitignore-style globs a folder walk leaves out.
    exclude: Vec<String>,
    rerun_if_changed: bool,
    cargo_warnings: bool,
    /// See [`Generator::keep_manifests`].
    drop_manifests: bool,
    limits: crate::limits::Limits,
    spelling: Spelling,
    observer: Option<Observer>,
}

impl Generator {
    pub fn new() -> Self {
        Self::default()
    }

    /// A manifest file, a directory of them, or `-` for stdin.
    pub fn manifest(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.manifests.push(path.into());
        self
    }

    pub fn manifests<P: Into<PathBuf>>(&mut self, paths: impl IntoIterator<Item = P>) -> &mut Self {
        self.manifests.extend(paths.into_iter().map(Into::into));
        self
    }

    /// A .proto tree compiled next to the built-in schema (`--proto-path`).
    /// Leaves files and folders matching `glob` (gitignore syntax, relative to the folder
    /// walked, e.g. `legacy/**` or `*.draft.yaml`) out of every folder of manifests. Ignore
    /// files (`.gitignore`, `.ignore`) and hidden entries are left out already.
    pub fn exclude(&mut self, glob: impl Into<String>) -> &mut Self {
        self.exclude.push(glob.into());
        self
    }

    pub fn proto_path(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.proto_paths.push(dir.into());
        self
    }

    /// Templates overriding the built-in ones by relative path (`--templates`).
    pub fn templates(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.templates = Some(dir.into());
        self
    }

    /// A target to render. With more than one, each is written into
    /// `<out_dir>/<target name>/`.
    pub fn target(&mut self, target: Target) -> &mut Self {
        self.targets.push(target);
        self
    }

    /// Where `generate` writes and `check` compares.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// How Crossplane objects are written (scope, account, provider config, deletion).
    pub fn crossplane(&mut self, options: CrossplaneOptions) -> &mut Self {
        self.options.crossplane = options;
        self
    }

    /// How wrangler configuration is written (format, ids required, default environment).
    pub fn wrangler(&mut self, options: WranglerOptions) -> &mut Self {
        self.options.wrangler = options;
        self
    }

    /// How the Pulumi project is written (its name).
    pub fn pulumi(&mut self, options: PulumiOptions) -> &mut Self {
        self.options.pulumi = options;
        self
    }

    /// A `PATH=VALUE` override applied to every manifest (`--set`).
    pub fn set(&mut self, assignment: impl Into<String>) -> &mut Self {
        self.overrides.push(assignment.into());
        self
    }

    /// Values a deployment produced (`terraform output -json`, `pulumi stack output --json`,
    /// or manifests with `status.outputs`), set into the manifests before rendering
    /// (`--outputs`).
    pub fn outputs(&mut self, file: impl Into<PathBuf>) -> &mut Self {
        self.outputs.push(file.into());
        self
    }

    /// Print `cargo:rerun-if-changed` for every manifest, proto and template input, so a
    /// build script runs again when one of them changes.
    pub fn emit_rerun_if_changed(&mut self, yes: bool) -> &mut Self {
        self.rerun_if_changed = yes;
        self
    }

    /// Budgets for what the run may read and hold (file size, total input, manifests, alias
    /// expansion); see [`crate::limits::Limits`] for the defaults.
    pub fn limits(&mut self, limits: crate::limits::Limits) -> &mut Self {
        self.limits = limits;
        self
    }

    /// Print every warning of a run (an id a wrangler binding lacks, an unescaped
    /// interpolation in a `--templates` file, ...) as `cargo:warning=...`, so `cargo build`
    /// shows it; a build script's own stderr is hidden unless the build fails.
    pub fn emit_cargo_warnings(&mut self, yes: bool) -> &mut Self {
        self.cargo_warnings = yes;
        self
    }

    /// Whether [`Generated`] keeps the run's manifests (`checked.manifests`; the default).
    /// With `false` each manifest is freed as soon as its render context is built, which
    /// makes a large run's peak memory about a third smaller; `checked` still holds the
    /// counts and violations.
    pub fn keep_manifests(&mut self, yes: bool) -> &mut Self {
        self.drop_manifests = !yes;
        self
    }

    /// Messages name the run's settings as the command line's flags (`--set x=1`) instead
    /// of this builder's methods (`set("x=1")`).
    #[doc(hidden)]
    pub fn spell_settings_as_flags(&mut self) -> &mut Self {
        self.spelling = Spelling::Flags;
        self
    }

    /// Everything a build script wants: [`Self::emit_rerun_if_changed`] and
    /// [`Self::emit_cargo_warnings`].
    pub fn for_build_script(&mut self) -> &mut Self {
        self.emit_rerun_if_changed(true).emit_cargo_warnings(true)
    }

    /// Tells cargo the run's warnings (one line each: cargo reads a directive per line).
    fn warn_cargo<'a>(&self, warnings: impl IntoIterator<Item = &'a str>) {
        if !self.cargo_warnings {
            return;
        }
        for warning in warnings {
            println!("cargo:warning={}", warning.replace(['\r', '\n'], " "));
        }
    }

    /// Calls `observer` as each stage of a run starts (to show progress).
    pub fn on_stage(&mut self, observer: impl Fn(&Stage) + Send + Sync + 'static) -> &mut Self {
        self.observer = Some(Observer(std::sync::Arc::new(observer)));
        self
    }

    fn tell(&self, stage: Stage) {
        if let Some(Observer(observer)) = &self.observer {
            observer(&stage);
        }
    }

    /// Reads and validates the manifests, with every target's checks (what generating it
    /// would refuse; its warnings are left to the run that generates it) over the
    /// manifests and the `outputs` files' ids; renders nothing.
    pub fn validate(&self) -> Result<Checked, Error> {
        let templates = self.load_templates()?;
        let checks = TargetChecks {
            templates,
            targets: Target::ALL.to_vec(),
            options: self.options.template_map(),
            warnings: false,
        };
        Ok(self.load(checks)?.1)
    }

    /// Refuses options no target can write (an account id of the wrong form).
    fn check_options(&self) -> Result<(), Error> {
        if let Some(crate::options::Account::Id(id)) = &self.options.crossplane.account {
            crate::options::Account::check_id(id).map_err(Error::Usage)?;
        }
        Ok(())
    }

    /// Reads and validates the manifests, with the `checks` of the targets.
    fn load(&self, checks: TargetChecks) -> Result<(Schema, Checked), Error> {
        self.check_options()?;
        self.announce_inputs();
        self.tell(Stage::Checking {
            inputs: self.manifests.len(),
        });
        let schema = Schema::load(&self.proto_paths, self.spelling)?;
        // The output folder is never read as input, even when it lies inside an input
        // folder: its Crossplane YAML would otherwise come back as manifests.
        let options = crate::check::Options {
            limits: self.limits.clone(),
            exclude: crate::manifest::source::Exclude {
                folders: self.out_dir.iter().cloned().collect(),
                globs: self.exclude.clone(),
            },
            spelling: self.spelling,
            outputs: self.outputs.clone(),
            checks: Some(checks),
        };
        let checked = check_with(&schema, &self.manifests, &self.overrides, &options)?;
        Ok((schema, checked))
    }

    /// Validates and renders every target in memory.
    pub fn render(&self) -> Result<Generated, Error> {
        let (mut generated, templates, contexts) = self.prepare()?;
        self.render_targets(&mut generated, &templates, contexts, |_| render::InMemory)?;
        Ok(generated)
    }

    /// Validates the manifests, applies `--outputs` files and builds the render contexts:
    /// everything before the first template renders.
    fn prepare(&self) -> Result<(Generated, Templates, render::Contexts), Error> {
        let templates = self.load_templates()?;
        let checks = TargetChecks {
            templates: templates.clone(),
            targets: self.targets.clone(),
            options: self.options.template_map(),
            warnings: true,
        };
        let (_, mut checked) = self.load(checks)?;
        if !checked.is_valid() {
            let warnings = checked.warnings.into_iter();
            return Err(Error::Invalid {
                violations: checked.violations,
                sources: checked.sources,
                warnings: warnings.chain(checked.applied.warnings).collect(),
            });
        }
        for manifest in &mut checked.manifests {
            manifest.positions.forget_fields();
        }
        self.tell(Stage::Rendering {
            manifests: checked.manifests.len(),
            targets: self.targets.clone(),
        });
        let mut generated = Generated {
            checked,
            template_warnings: templates.unescaped_overrides(),
            targets: Vec::new(),
        };
        // Contexts are built once for every target.
        let options = self.options.template_map();
        let contexts = if !self.drop_manifests {
            render::contexts(&generated.checked.manifests, &options)?
        } else {
            let manifests = std::mem::take(&mut generated.checked.manifests);
            render::contexts_consuming(manifests, &options)?
        };
        Ok((generated, templates, contexts))
    }

    /// Renders every target into `generated`, each into the destination `destination`
    /// gives it; the targets render in parallel, each with its own templates, and are kept
    /// in the order asked for.
    fn render_targets<D: render::Destination>(
        &self,
        generated: &mut Generated,
        templates: &Templates,
        contexts: render::Contexts,
        destination: impl Fn(Target) -> D + Sync,
    ) -> Result<(), Error> {
        let rendered: Vec<Result<Rendered, Error>> = self
            .targets
            .par_iter()
            .map(|target| {
                render::render_contexts_to(templates, *target, &contexts, &destination(*target))
            })
            .collect();
        // Freeing every resource's context takes as long as a target's render (small maps by
        // the hundred thousand); it happens beside the writing instead of before it.
        // (A thread that cannot start drops them here instead: `spawn` would panic.)
        let _ = std::thread::Builder::new().spawn(move || drop(contexts));
        let unexpressed = rendered
            .iter()
            .filter(|r| matches!(r, Err(Error::NoTemplates(_))))
            .count();
        if unexpressed == self.targets.len() {
            // Not one target can express the run's kinds: that is no generation at all.
            if let Some(Err(error)) = rendered.into_iter().next() {
                return Err(error);
            }
            return Err(Error::NoTemplates(
                "no templates for the run's kinds".into(),
            ));
        }
        for (target, rendered) in self.targets.iter().zip(rendered) {
            match rendered {
                Ok(rendered) => generated.targets.push((*target, rendered)),
                // `all` over kinds one target cannot express: the others still render.
                Err(Error::NoTemplates(why)) if self.targets.len() > 1 => {
                    generated.targets.push((
                        *target,
                        Rendered {
                            files: Vec::new(),
                            warnings: vec![format!("{}: skipped: {why}", target.name())],
                        },
                    ));
                }
                Err(Error::Refused { refusals, warnings }) => {
                    self.warn_cargo(
                        generated
                            .warnings()
                            .chain(warnings.iter().map(String::as_str)),
                    );
                    return Err(Error::Refused { refusals, warnings });
                }
                Err(other) => return Err(other),
            }
        }
        self.warn_cargo(generated.warnings());
        Ok(())
    }

    /// Renders what a kind's proto alone generates (no manifests): `which` for `kind`, or
    /// for the schema's only kind when `kind` is `None`.
    pub fn render_interface(
        &self,
        which: Interface,
        kind: Option<&str>,
    ) -> Result<Rendered, Error> {
        if !self.manifests.is_empty() {
            return Err(Error::Usage(format!(
                "{} is generated from the kind's proto alone and takes no manifests",
                which.describe()
            )));
        }
        self.check_options()?;
        let schema = Schema::load(&self.proto_paths, self.spelling)?;
        let templates = self.load_templates()?;
        let area = match which {
            Interface::TerraformModule => crate::interface::TERRAFORM_MODULE,
            Interface::CrossplaneXrd => crate::interface::CROSSPLANE_XRD,
        };
        let kind =
            crate::interface::find_interface_kind(&schema, kind, self.spelling, &templates, area)?;
        let rendered = match which {
            Interface::TerraformModule => {
                crate::interface::terraform_module(kind, &templates, &self.options)
            }
            Interface::CrossplaneXrd => {
                crate::interface::crossplane_xrd(kind, &templates, &self.options)
            }
        }?;
        self.warn_cargo(rendered.warnings.iter().map(String::as_str));
        Ok(rendered)
    }

    /// [`Self::render_interface`], written under the output folder.
    pub fn generate_interface(
        &self,
        which: Interface,
        kind: Option<&str>,
    ) -> Result<(Rendered, Written), Error> {
        self.interface_to_out_dir(which, kind, output::sync)
    }

    /// [`Self::render_interface`], compared with the output folder; writes nothing.
    pub fn check_interface(
        &self,
        which: Interface,
        kind: Option<&str>,
    ) -> Result<(Rendered, Drift), Error> {
        self.interface_to_out_dir(which, kind, output::compare)
    }

    /// Renders an interface and hands its files to `act` (write or compare) for the output
    /// folder.
    fn interface_to_out_dir<T>(
        &self,
        which: Interface,
        kind: Option<&str>,
        act: impl FnOnce(&Path, &[Planned], &[PathBuf]) -> Result<T, Error>,
    ) -> Result<(Rendered, T), Error> {
        let out_dir = self.require_out_dir()?;
        let rendered = self.render_interface(which, kind)?;
        let planned: Vec<Planned> = rendered.files.iter().map(Planned::from).collect();
        let done = act(out_dir, &planned, &[out_dir.to_path_buf()])?;
        Ok((rendered, done))
    }

    /// The JSON Schema (2020-12) of manifests of `kind`, or of every kind.
    pub fn json_schema(&self, kind: Option<&str>) -> Result<String, Error> {
        let schema = Schema::load(&self.proto_paths, self.spelling)?;
        crate::interface::json_schema(&schema, kind)
    }

    fn load_templates(&self) -> Result<Templates, Error> {
        match &self.templates {
            Some(dir) => Templates::with_overrides(dir, self.spelling),
            None => Ok(Templates::builtin()),
        }
    }

    /// Validates, then renders every file straight into the output folder (staged beside
    /// its target, so no file is ever whole in memory) and, once all are written, puts them
    /// in place and deletes generated files an earlier run wrote that this run no longer
    /// produces. The texts are not kept: the [`Rendered`] of each target lists no files
    /// ([`Written`] names them), only warnings.
    pub fn generate(&self) -> Result<(Generated, Written), Error> {
        let out_dir = self.require_out_dir()?;
        let (mut generated, templates, contexts) = self.prepare()?;
        let folder = |target: Target| target_folder(self.targets.len(), target);
        let mut paths = Vec::new();
        let mut dirs = Vec::new();
        for target in &self.targets {
            let prefix = folder(*target);
            dirs.push(out_dir.join(&prefix));
            let planned = render::planned_files(&templates, *target, &contexts);
            paths.extend(planned.into_iter().map(|path| format!("{prefix}{path}")));
            let grouped = render::grouped_file_names(&templates, *target);
            dirs.extend(group_dirs(&out_dir.join(&prefix), &grouped));
        }
        self.tell(Stage::Writing { files: paths.len() });
        // Dropped without a commit (an error below), the staging deletes what it wrote.
        let staging = output::Staging::open(out_dir, &paths, &dirs)?;
        self.render_targets(&mut generated, &templates, contexts, |target| {
            output::Staged::new(&staging, folder(target))
        })?;
        let written = staging.commit()?;
        Ok((generated, written))
    }

    /// Renders and compares with the output folder; writes nothing.
    pub fn check(&self) -> Result<(Generated, Drift), Error> {
        let out_dir = self.require_out_dir()?;
        let generated = self.render()?;
        let (paths, mut dirs) = Self::layout(&generated, out_dir);
        let templates = self.load_templates()?;
        for (target, _) in &generated.targets {
            let prefix = target_folder(generated.targets.len(), *target);
            let grouped = render::grouped_file_names(&templates, *target);
            dirs.extend(group_dirs(&out_dir.join(&prefix), &grouped));
        }
        self.tell(Stage::Writing { files: paths.len() });
        let drift = output::compare(out_dir, &Self::planned(&generated, &paths), &dirs)?;
        Ok((generated, drift))
    }

    fn require_out_dir(&self) -> Result<&Path, Error> {
        self.out_dir
            .as_deref()
            .ok_or_else(|| Error::Usage("no output folder given (out_dir)".into()))
    }

    /// One target writes into the output folder itself; several each into a subfolder.
    /// Returns the paths under `out_dir` (the texts stay where rendering put them) and the
    /// folders the targets own.
    fn layout(generated: &Generated, out_dir: &Path) -> (Vec<String>, Vec<PathBuf>) {
        let mut paths = Vec::new();
        let mut dirs = Vec::new();
        for (target, rendered) in &generated.targets {
            let prefix = target_folder(generated.targets.len(), *target);
            dirs.push(out_dir.join(&prefix));
            paths.extend(rendered.files.iter().map(|f| format!("{prefix}{}", f.path)));
        }
        (paths, dirs)
    }

    /// The files of `generated` under the paths [`Self::layout`] gave them, borrowed.
    fn planned<'a>(generated: &'a Generated, paths: &'a [String]) -> Vec<Planned<'a>> {
        let texts = generated
            .targets
            .iter()
            .flat_map(|(_, rendered)| &rendered.files);
        paths
            .iter()
            .zip(texts)
            .map(|(path, file)| Planned {
                path,
                contents: &file.contents,
            })
            .collect()
    }

    fn announce_inputs(&self) {
        if !self.rerun_if_changed {
            return;
        }
        let inputs = self
            .manifests
            .iter()
            .chain(&self.proto_paths)
            .chain(&self.templates)
            .chain(&self.outputs);
        for path in inputs {
            // A directory covers every file below it: cargo scans it for changes.
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}

/// Where a target's files go under the output folder: the folder itself when the run has
/// one target, `<target>/` when it has several.
fn target_folder(targets: usize, target: Target) -> String {
    if targets == 1 {
        String::new()
    } else {
        format!("{}/", target.name())
    }
}

/// The folders under a target's folder that hold a file a `[FORM]` template writes
/// (`<worker>/wrangler.toml`) carrying the marker: where a run looks for files it no longer
/// produces (a Worker taken out of the run), besides the target's folder itself. Only
/// those, so another target's output in a subfolder is never taken for this one's.
fn group_dirs(dir: &Path, names: &[String]) -> Vec<PathBuf> {
    if names.is_empty() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .map(|entry| entry.path())
        .filter(|sub| {
            names
                .iter()
                .any(|name| output::carries_marker(&sub.join(name)))
        })
        .collect();
    found.sort();
    found
}
