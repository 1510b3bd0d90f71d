//! Interfaces generated from a kind's proto alone, without manifests: a reusable Terraform
//! module, a Crossplane XRD with its Composition, and a JSON Schema for editors. Each is the
//! constraint model of the kind (`crate::constraints`) formatted for one platform, plus the
//! kind-specific templates of `templates/terraform-module/<Kind>/` and
//! `templates/crossplane-xrd/<Kind>/`.

use crate::constraints::{self, json_schema, kubernetes, terraform};
use crate::error::{Error, Result};
use crate::options::TargetOptions;
use crate::render::{self, OutputFile, Rendered, Templates};
use crate::schema::{Kind, Schema};
use crate::setting::Spelling;

/// The template folder of the reusable Terraform module (`terraform --module`).
pub const TERRAFORM_MODULE: &str = "terraform-module";
/// The template folder of the Crossplane XRD's Composition (`crossplane --xrd`).
pub const CROSSPLANE_XRD: &str = "crossplane-xrd";

/// The kind named `name`, or the only kind of the schema when no name is given.
/// Without a name, a schema of several kinds is an error naming the setting in `spelling`.
pub fn find_kind<'a>(
    schema: &'a Schema,
    name: Option<&str>,
    spelling: Spelling,
) -> Result<&'a Kind> {
    find_kind_among(schema, name, spelling, None)
}

/// [`find_kind`] for an interface (`terraform-module`, `crossplane-xrd`): without a name,
/// the only kind that has templates for it, so that adding kinds without one to the schema
/// does not make its users name the kind they always had.
pub fn find_interface_kind<'a>(
    schema: &'a Schema,
    name: Option<&str>,
    spelling: Spelling,
    templates: &Templates,
    area: &str,
) -> Result<&'a Kind> {
    find_kind_among(schema, name, spelling, Some((templates, area)))
}

fn find_kind_among<'a>(
    schema: &'a Schema,
    name: Option<&str>,
    spelling: Spelling,
    area: Option<(&Templates, &str)>,
) -> Result<&'a Kind> {
    let kinds = schema.kinds();
    let listed = |kinds: &mut dyn Iterator<Item = &Kind>| Kind::list(kinds);
    if let Some(name) = name {
        return kinds.iter().find(|k| k.name == name).ok_or_else(|| {
            let hint = crate::manifest::nearest(name, kinds.iter().map(|k| k.name.as_str()))
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            Error::Usage(format!(
                "unknown kind `{name}`; {hint}known kinds: {}",
                listed(&mut kinds.iter())
            ))
        });
    }
    let Some((templates, area)) = area else {
        return match kinds {
            [only] => Ok(only),
            _ => Err(Error::Usage(format!(
                "{} is needed: the schema has several kinds ({})",
                spelling.kind(),
                listed(&mut kinds.iter())
            ))),
        };
    };
    let has_templates = |kind: &&Kind| {
        let folder = format!("{area}/{}/", kind.name);
        templates.iter().any(|(name, _)| name.starts_with(&folder))
    };
    let eligible: Vec<&Kind> = kinds.iter().filter(has_templates).collect();
    match eligible[..] {
        [only] => Ok(only),
        [] => match kinds {
            [only] => Ok(only),
            _ => Err(Error::Usage(format!(
                "{} is needed: no kind has templates/{area}/<Kind>/ templates (kinds: {})",
                spelling.kind(),
                listed(&mut kinds.iter())
            ))),
        },
        _ => Err(Error::Usage(format!(
            "{} is needed: several kinds have templates/{area}/<Kind>/ templates ({})",
            spelling.kind(),
            listed(&mut eligible.into_iter())
        ))),
    }
}

/// `variables.tf` from the kind's messages and rules, with `main.tf`, `outputs.tf` and
/// `versions.tf` from the kind's module templates.
pub fn terraform_module(
    kind: &Kind,
    templates: &Templates,
    options: &TargetOptions,
) -> Result<Rendered> {
    let model = constraints::build(&kind.message)?;
    let mut context = tera::Context::new();
    context.insert("options", &options.template_map());
    context.insert("api_version", &kind.api_version);
    let mut rendered = render::render_kind(templates, TERRAFORM_MODULE, &kind.name, context)?;
    rendered.files.push(OutputFile {
        path: "variables.tf".into(),
        contents: terraform::variables_tf(&model)?,
    });
    rendered.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(rendered)
}

/// `xrd.yaml` (a CompositeResourceDefinition whose schema is the kind's) and the kind's
/// Composition templates.
pub fn crossplane_xrd(
    kind: &Kind,
    templates: &Templates,
    options: &TargetOptions,
) -> Result<Rendered> {
    let model = constraints::build(&kind.message)?;
    let xrd = kubernetes::Xrd::new(&model, kind, options.crossplane.scope)?;
    let mut context = tera::Context::new();
    context.insert("options", &options.template_map());
    context.insert("xrd", &xrd.summary());
    let mut rendered = render::render_kind(templates, CROSSPLANE_XRD, &kind.name, context)?;
    rendered.files.push(OutputFile {
        path: "xrd.yaml".into(),
        contents: xrd.to_yaml()?,
    });
    rendered.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(rendered)
}

/// A JSON Schema (2020-12) for manifests of `kind`, or of every kind of the schema.
pub fn json_schema(schema: &Schema, kind: Option<&str>) -> Result<String> {
    let kinds: Vec<&Kind> = match kind {
        Some(_) => vec![find_kind(schema, kind, Spelling::default())?],
        None => schema.kinds().iter().collect(),
    };
    let mut models = Vec::new();
    for kind in kinds {
        models.push((kind, constraints::build(&kind.message)?));
    }
    let document = json_schema::document(&models);
    let mut text = serde_json::to_string_pretty(&document)
        .map_err(|e| Error::Render(format!("JSON Schema: {e}")))?;
    text.push('\n');
    Ok(text)
}
