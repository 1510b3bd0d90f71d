//! A spinner on stderr naming the stage a long run is in. It appears only on a terminal,
//! only without `-q`, and only once a run has taken a second: short runs (nearly all) and
//! piped or CI output never see it.

use super::report::plural;
use crate::generator::{Generator, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// How long a run goes before the spinner shows.
const DELAY: Duration = Duration::from_secs(1);

pub(super) struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A spinner told of `generator`'s stages when stderr is a terminal and not `quiet`.
    pub(super) fn attach(generator: &mut Generator, quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Self { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        let told = bar.clone();
        generator.on_stage(move |stage| told.set_message(describe(stage)));
        let shown = bar.clone();
        // The spinner is drawn by its own thread once the delay has passed; a run that is
        // over by then has finished the bar, and nothing is ever drawn.
        std::thread::spawn(move || {
            std::thread::sleep(DELAY);
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Self { bar: Some(bar) }
    }

    /// Removes the spinner before anything else is printed.
    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

fn describe(stage: &Stage) -> String {
    match stage {
        Stage::Checking { inputs } => {
            format!("reading and validating {}", plural(*inputs, "input"))
        }
        Stage::Rendering { manifests, targets } => format!(
            "rendering {} for {}",
            targets
                .iter()
                .map(|t| t.name())
                .collect::<Vec<_>>()
                .join(", "),
            plural(*manifests, "manifest")
        ),
        Stage::Writing { files } => format!("writing {}", plural(*files, "file")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_read_as_what_the_run_is_doing() {
        let rendering = Stage::Rendering {
            manifests: 10_000,
            targets: vec![crate::Target::Terraform, crate::Target::Wrangler],
        };
        assert_eq!(
            describe(&rendering),
            "rendering terraform, wrangler for 10000 manifests"
        );
        assert_eq!(describe(&Stage::Writing { files: 1 }), "writing 1 file");
        assert_eq!(
            describe(&Stage::Checking { inputs: 3 }),
            "reading and validating 3 inputs"
        );
    }
}
