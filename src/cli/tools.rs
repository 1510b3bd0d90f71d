//! Commands that help people set planton-gen up rather than run it: `init` (an example
//! manifest), `templates list|export`, `completions` and `man`.

use super::{write_stdout, Cli};
use crate::error::{Error, Result};
use crate::render::Templates;
use clap::CommandFactory;
use std::path::{Path, PathBuf};

/// `planton-gen init [KIND] [NAME] [-o FILE]`.
pub(super) fn init(
    cli: &Cli,
    kind: Option<&str>,
    name: Option<&str>,
    out: Option<&Path>,
) -> Result<()> {
    let schema =
        crate::schema::Schema::load(&cli.global.proto_path, crate::setting::Spelling::Flags)?;
    if kind.is_none() && schema.kinds().len() > 1 {
        return Err(Error::Usage(format!(
            "init needs a KIND: the schema has several kinds ({}); for example `planton-gen \
             init {} my-name-dev`",
            crate::schema::Kind::list(schema.kinds()),
            schema.kinds().first().map_or("KIND", |k| k.name.as_str()),
        )));
    }
    let kind = crate::interface::find_kind(&schema, kind, crate::setting::Spelling::Flags)?;
    let default_name = format!(
        "my-{}",
        heck::ToKebabCase::to_kebab_case(kind.name.as_str())
    );
    let name = name.unwrap_or(&default_name);
    let text = crate::init::example(&schema, &kind.name, name)?;
    let Some(path) = out else {
        return write_stdout(&text);
    };
    // Never over somebody's file: create_new fails if anything is there.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
    written.map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !cli.global.quiet {
        anstream::eprintln!(
            "wrote {}; check it with `planton-gen validate {}`",
            path.display(),
            path.display()
        );
    }
    Ok(())
}

fn templates(cli: &Cli) -> Result<Templates> {
    match &cli.global.templates {
        Some(dir) => Templates::with_overrides(dir, crate::setting::Spelling::Flags),
        None => Ok(Templates::builtin()),
    }
}

/// `planton-gen templates list`: for every template, the target (or interface), the kind,
/// the file it renders (or `(checks)`, `(partial)`), and where it is read from.
pub(super) fn list_templates(cli: &Cli) -> Result<()> {
    let templates = templates(cli)?;
    let mut rows = vec![[
        "TARGET".to_owned(),
        "KIND".to_owned(),
        "RENDERS".to_owned(),
        "FROM".to_owned(),
    ]];
    for (name, _) in templates.iter() {
        let parts: Vec<&str> = name.split('/').collect();
        // A file directly in a target's folder renders once per run, for every kind.
        // A file in a `[FORM]` folder renders once per group of resources, into a folder
        // named after them.
        let grouped;
        let (target, kind, file) = match parts[..] {
            [target, kind, file] => (target, kind, file),
            [target, file] => (target, "(every kind)", file),
            [target, kind, group, file] => {
                grouped = format!("{group}/{file}");
                (target, kind, grouped.as_str())
            }
            _ => continue,
        };
        let renders = match file.strip_suffix(".tera") {
            _ if file == crate::render::checks::CHECKS_FILE => "(checks)".to_owned(),
            Some(partial) if partial.starts_with('_') => "(partial)".to_owned(),
            Some(output) => output.to_owned(),
            None => file.to_owned(),
        };
        let from = match templates.origin(name) {
            Some(path) => path.display().to_string(),
            None => format!("built-in templates/{name}"),
        };
        rows.push([target.to_owned(), kind.to_owned(), renders, from]);
    }
    let widths: Vec<usize> = (0..3)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut text = String::new();
    for row in &rows {
        for (cell, width) in row.iter().zip(&widths) {
            text.push_str(&format!("{cell:<width$}  "));
        }
        text.push_str(&row[3]);
        text.push('\n');
    }
    write_stdout(&text)
}

/// `planton-gen templates export DIR`: every built-in template under DIR at its relative
/// path, a starting point for `--templates DIR`. Nothing is written if any file is already
/// there.
pub(super) fn export_templates(cli: &Cli, dir: &Path) -> Result<()> {
    let builtin = Templates::builtin();
    let planned: Vec<(PathBuf, &str)> = builtin
        .iter()
        .map(|(name, text)| (dir.join(name), text))
        .collect();
    let existing: Vec<String> = planned
        .iter()
        .filter(|(path, _)| path.exists())
        .map(|(path, _)| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(Error::Output {
            path: dir.to_path_buf(),
            message: format!(
                "already holds {} of the templates ({}); export into an empty folder",
                existing.len(),
                existing.join(", ")
            ),
        });
    }
    for (path, text) in &planned {
        let failed = |source| Error::Io {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        std::fs::write(path, text).map_err(failed)?;
    }
    if !cli.global.quiet {
        anstream::eprintln!(
            "exported {} templates under {}; edit them and pass --templates {}",
            planned.len(),
            dir.display(),
            dir.display()
        );
    }
    Ok(())
}

/// `planton-gen completions SHELL`: the completion script on stdout.
pub(super) fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "planton-gen", &mut script);
    write_stdout(&String::from_utf8_lossy(&script))
}

/// `planton-gen man [--out-dir DIR]`: the man page on stdout, or one page per command in DIR.
pub(super) fn man(out_dir: Option<&Path>) -> Result<()> {
    let command = Cli::command();
    match out_dir {
        Some(dir) => {
            let failed = |source| Error::Io {
                path: dir.to_path_buf(),
                source,
            };
            std::fs::create_dir_all(dir).map_err(failed)?;
            clap_mangen::generate_to(command, dir).map_err(failed)
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut page)
                .map_err(|source| Error::Io {
                    path: PathBuf::from("<stdout>"),
                    source,
                })?;
            write_stdout(&String::from_utf8_lossy(&page))
        }
    }
}
