//! Property tests: any text, written by a target's escaping filter, reads back unchanged with
//! that language's parser — and any valid manifest renders to files whose strings read back
//! unchanged. The same round-trip the e2e run checks with the real consumers, without node
//! or go.

mod common;

use planton_gen::internal::escape::{
    go_string, hcl_string, json_string, toml_key, toml_string, yaml_string,
};
use planton_gen::internal::{self as render, Templates};
use planton_gen::Schema;
use proptest::prelude::*;

/// Text mixing the sequences escaping is about with arbitrary characters of every plane.
fn text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        "\"", "\\", "${", "%{", "$${", "%%{", "$", "%", "{", "\n", "\r\n", "\t", "*/", "`",
        "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{0}", "\u{7f}", "\u{85}", "\u{FFFE}", "😀",
    ]);
    let piece = prop_oneof![
        special.prop_map(str::to_owned),
        any::<char>().prop_map(|c| c.to_string()),
        "[a-z ]{1,4}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn hcl(text in text()) {
        let body: hcl::Body = hcl::from_str(&format!("k = {}\n", hcl_string(&text))).unwrap();
        let expr = body.attributes().next().unwrap().expr().clone();
        prop_assert_eq!(expr, hcl::Expression::String(text));
    }

    #[test]
    fn yaml(text in text()) {
        let line = yaml_string(&text);
        prop_assert!(!line.contains('\n'));
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&format!("k: {line}\n")).unwrap();
        prop_assert_eq!(value["k"].as_str(), Some(text.as_str()));
    }

    #[test]
    fn toml(text in text()) {
        let line = toml_string(&text);
        prop_assert!(!line.contains('\n'));
        let table: toml::Table = toml::from_str(&format!("k = {line}\n")).unwrap();
        prop_assert_eq!(table["k"].as_str(), Some(text.as_str()));
    }

    #[test]
    fn toml_keys(text in text()) {
        let key = toml_key(&text);
        let table: toml::Table = toml::from_str(&format!("[env.{key}]\nk = 1\n")).unwrap();
        let env = table["env"].as_table().unwrap();
        prop_assert_eq!(env.keys().map(String::as_str).collect::<Vec<_>>(), vec![text.as_str()]);
    }

    #[test]
    fn json(text in text()) {
        let back: String = serde_json::from_str(&json_string(&text)).unwrap();
        prop_assert_eq!(back, text);
    }

    #[test]
    fn go(text in text()) {
        let literal = go_string(&text);
        prop_assert!(!literal.contains('\n'));
        prop_assert_eq!(common::decode_go(&literal), text);
    }
}

/// A valid manifest holding `title` and `description`, its strings written as YAML
/// double-quoted scalars.
fn manifest(title: &str, description: &str) -> String {
    format!(
        "apiVersion: cloudflare.project-planton.org/v1\nkind: CloudflareKvNamespace\n\
         metadata:\n  name: prop\nspec:\n  namespace_name: {}\n  ttl_seconds: 60\n  description: {}\n",
        yaml_string(title),
        yaml_string(description)
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn rendered_titles_read_back(title in text().prop_filter("1..=64 characters", |t| {
        (1..=64).contains(&t.chars().count())
    }), description in text()) {
        prop_assume!(description.chars().count() <= 256);
        let schema = Schema::builtin().unwrap();
        let checked = common::check_text(&schema, &manifest(&title, &description));
        prop_assert!(checked.is_valid(), "{:?}", checked.violations);
        let options = serde_json::from_value(serde_json::json!({
            "account_id": "a", "account_ref": null, "scope": "cluster", "namespace": null,
            "provider_config": "default", "deletion_policy": "Delete", "format": "toml",
            "require_ids": false,
        })).unwrap();
        let templates = Templates::builtin();
        let render = |name: &str| {
            let target: planton_gen::Target = name.parse().unwrap();
            render::render(&templates, target, &checked.manifests, &options).unwrap().files
        };

        let terraform = render("terraform");
        let main = &terraform.iter().find(|f| f.path == "main.tf").unwrap().contents;
        let body: hcl::Body = hcl::from_str(main).unwrap();
        let resource = body.blocks().next().unwrap();
        let title_expr = resource.body().attributes().find(|a| a.key() == "title").unwrap().expr().clone();
        prop_assert_eq!(title_expr, hcl::Expression::String(title.clone()));

        let crossplane = render("crossplane");
        let object: serde_yaml_ng::Value = serde_yaml_ng::Deserializer::from_str(&crossplane[0].contents)
            .map(|d| serde::Deserialize::deserialize(d).unwrap())
            .find(|v: &serde_yaml_ng::Value| !v.is_null())
            .unwrap();
        prop_assert_eq!(object["spec"]["forProvider"]["title"].as_str(), Some(title.as_str()));

        let wrangler = render("wrangler");
        let table: toml::Table = toml::from_str(&wrangler[0].contents).unwrap();
        prop_assert_eq!(table.len(), 1);
    }
}
