//! Scalars: how a YAML scalar reads by the YAML 1.2 core schema, and how that reading becomes
//! a protobuf value of a field's kind under the proto3 JSON mapping (numbers also as text,
//! `NaN`/`Infinity`, bytes as base64, enums by name or number, map keys from their text).

use crate::yaml::{self, Node, NodeValue, Scalar};
use prost_reflect::{Kind as FieldKind, MapKey, Value};

/// A scalar as a YAML reader without a schema reads it (as yaml-rust2 resolves plain
/// scalars, with core-schema tags deciding the type whatever the style).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Core<'a> {
    Null,
    Bool(bool),
    /// An integer that fits `i64` or `u64`; larger ones read as floats, as YAML readers do.
    Int(i128),
    Float(f64),
    Text(&'a str),
}

impl<'a> Core<'a> {
    pub fn of(scalar: &'a Scalar) -> Self {
        let text = scalar.text.as_str();
        // The YAML layer checked that a core-schema tag fits its text: `!!int "5"` is a
        // number, `!!str 5` text.
        match scalar.tag.as_deref() {
            Some("null") => return Core::Null,
            Some("bool") => return Core::Bool(text.eq_ignore_ascii_case("true")),
            Some("int") | Some("float") => return tagged_number(text),
            _ => {}
        }
        if !scalar.plain || scalar.tag.is_some() {
            return Core::Text(text);
        }
        plain(text)
    }

    /// What kind of value this is, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Core::Null => "null",
            Core::Bool(_) => "a boolean",
            Core::Int(_) | Core::Float(_) => "a number",
            Core::Text(_) => "a string",
        }
    }
}

/// A plain scalar, resolved in yaml-rust2's order (`Yaml::from_str`) but without building
/// its value: unsigned first, then hex, octal and `+` integers, null and booleans, signed
/// integers, floats (with a digit, or `.inf`/`.nan`), and the other core-schema nulls.
fn plain(text: &str) -> Core<'_> {
    if let Ok(unsigned) = text.parse::<u64>() {
        return Core::Int(unsigned.into());
    }
    let prefixed = if let Some(hex) = text.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(octal) = text.strip_prefix("0o") {
        i64::from_str_radix(octal, 8).ok()
    } else if let Some(positive) = text.strip_prefix('+') {
        positive.parse::<i64>().ok()
    } else {
        None
    };
    if let Some(int) = prefixed {
        return Core::Int(int.into());
    }
    match text {
        "" | "~" | "null" => Core::Null,
        "true" | "True" | "TRUE" => Core::Bool(true),
        "false" | "False" | "FALSE" => Core::Bool(false),
        _ => {
            if let Ok(int) = text.parse::<i64>() {
                Core::Int(int.into())
            } else if let Some(float) = yaml_float(text) {
                Core::Float(float)
            } else if yaml::is_null(text) {
                Core::Null
            } else {
                Core::Text(text)
            }
        }
    }
}

/// yaml-rust2's float reading: the `.inf`/`.nan` spellings, or Rust's parse of text holding
/// a digit (so `inf` and `nan` stay text).
fn yaml_float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        _ if text.bytes().any(|b| b.is_ascii_digit()) => text.parse().ok(),
        _ => None,
    }
}

/// A number tagged `!!int` or `!!float`.
fn tagged_number(text: &str) -> Core<'_> {
    if let Some(int) = yaml::core_int(text) {
        if i64::try_from(int).is_ok() || u64::try_from(int).is_ok() {
            return Core::Int(int);
        }
    }
    yaml::core_float(text).map_or(Core::Text(text), Core::Float)
}

/// A node without a descriptor to guide it, as JSON: for the well-known types, whose JSON
/// forms prost-reflect reads (a Timestamp is a string, a Struct any mapping). Keys are text.
pub fn plain_json(node: &Node) -> serde_json::Value {
    use serde_json::Value as Json;
    match &node.value {
        NodeValue::Scalar(scalar) => match Core::of(scalar) {
            Core::Null => Json::Null,
            Core::Bool(b) => Json::Bool(b),
            Core::Int(int) => match i64::try_from(int) {
                Ok(signed) => Json::from(signed),
                Err(_) => u64::try_from(int).map_or(Json::Null, Json::from),
            },
            // JSON numbers have no NaN or infinities; proto3 JSON spells them as strings.
            Core::Float(float) => serde_json::Number::from_f64(float).map_or_else(
                || Json::String(float_spelling(float).to_owned()),
                Json::Number,
            ),
            Core::Text(text) => Json::String(text.to_owned()),
        },
        NodeValue::Seq(items) => Json::Array(items.iter().map(plain_json).collect()),
        NodeValue::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = k.as_scalar().map_or_else(String::new, |s| s.text.clone());
                    (key, plain_json(v))
                })
                .collect(),
        ),
    }
}

fn float_spelling(float: f64) -> &'static str {
    if float.is_nan() {
        "NaN"
    } else if float > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// A map key from its text, as proto3 JSON writes every key.
pub fn map_key(kind: &FieldKind, text: &str) -> Result<MapKey, String> {
    let bad = |what: &str| format!("map key `{text}` is not {what}");
    match kind {
        FieldKind::String => Ok(MapKey::String(text.to_owned())),
        FieldKind::Bool => match text {
            "true" => Ok(MapKey::Bool(true)),
            "false" => Ok(MapKey::Bool(false)),
            _ => Err(bad("true or false")),
        },
        FieldKind::Int32 | FieldKind::Sint32 | FieldKind::Sfixed32 => {
            text.parse().map(MapKey::I32).map_err(|_| bad("an int32"))
        }
        FieldKind::Int64 | FieldKind::Sint64 | FieldKind::Sfixed64 => {
            text.parse().map(MapKey::I64).map_err(|_| bad("an int64"))
        }
        FieldKind::Uint32 | FieldKind::Fixed32 => {
            text.parse().map(MapKey::U32).map_err(|_| bad("a uint32"))
        }
        FieldKind::Uint64 | FieldKind::Fixed64 => {
            text.parse().map(MapKey::U64).map_err(|_| bad("a uint64"))
        }
        other => Err(format!("{} cannot key a map", kind_name(other))),
    }
}

/// `value` (a number or numeric text, already checked by [`is_number_text`] and
/// [`out_of_range`]) as a value of the numeric `kind`.
pub fn number(kind: &FieldKind, value: Core<'_>, written: &str) -> Result<Value, String> {
    match kind {
        FieldKind::Double => float(value, written).map(Value::F64),
        FieldKind::Float => single(value, written).map(Value::F32),
        FieldKind::Int32 | FieldKind::Sint32 | FieldKind::Sfixed32 => {
            integer(kind, value).map(Value::I32)
        }
        FieldKind::Int64 | FieldKind::Sint64 | FieldKind::Sfixed64 => {
            integer(kind, value).map(Value::I64)
        }
        FieldKind::Uint32 | FieldKind::Fixed32 => integer(kind, value).map(Value::U32),
        FieldKind::Uint64 | FieldKind::Fixed64 => integer(kind, value).map(Value::U64),
        other => Err(format!(
            "expected {}, found `{written}`",
            describe_kind(other)
        )),
    }
}

/// An integer of the field's width. Numbers were range-checked before, so only text (proto3
/// JSON's quoted integers, `"300"`) can still fail here.
fn integer<T>(kind: &FieldKind, value: Core<'_>) -> Result<T, String>
where
    T: TryFrom<i128> + std::str::FromStr,
{
    let name = kind_name(kind);
    match value {
        Core::Int(int) => T::try_from(int).map_err(|_| format!("{int} is out of range for {name}")),
        // Integral and in range (see `out_of_range`); the cast cannot lose anything but the
        // rounding the float already carries.
        Core::Float(float) => {
            T::try_from(float as i128).map_err(|_| format!("{float} is out of range for {name}"))
        }
        Core::Text(text) => match text.parse::<T>() {
            Ok(int) => Ok(int),
            Err(_) => match text.parse::<i128>() {
                Ok(_) => Err(format!("\"{text}\" is out of range for {name}")),
                Err(_) => Err(format!(
                    "expected an integer ({name}), found \"{text}\"; quoted numbers must be \
                     decimal integers"
                )),
            },
        },
        Core::Null | Core::Bool(_) => Err(format!("expected a number ({name})")),
    }
}

/// A double: numbers as they are, text as proto3 JSON spells floats.
fn float(value: Core<'_>, written: &str) -> Result<f64, String> {
    match value {
        Core::Int(int) => Ok(int as f64),
        Core::Float(float) => Ok(float),
        Core::Text(text) => match text {
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            "NaN" => Ok(f64::NAN),
            _ => text
                .parse()
                .map_err(|_| format!("expected a number (double), found \"{text}\"")),
        },
        Core::Null | Core::Bool(_) => Err(format!("expected a number (double), found `{written}`")),
    }
}

/// A float: like a double, but a finite number beyond its range is refused rather than
/// read as an infinity.
fn single(value: Core<'_>, written: &str) -> Result<f32, String> {
    match value {
        Core::Int(int) => Ok(int as f32),
        Core::Float(float) => {
            let limit = f64::from(f32::MAX);
            if float.is_finite() && !(-limit..=limit).contains(&float) {
                return Err(format!("{written} is out of range for float"));
            }
            Ok(float as f32)
        }
        Core::Text(text) => match text {
            "Infinity" => Ok(f32::INFINITY),
            "-Infinity" => Ok(f32::NEG_INFINITY),
            "NaN" => Ok(f32::NAN),
            _ => text
                .parse()
                .map_err(|_| format!("expected a number (float), found \"{text}\"")),
        },
        Core::Null | Core::Bool(_) => Err(format!("expected a number (float), found `{written}`")),
    }
}

/// Bytes from base64 text, standard or URL-safe alphabet, padding optional (proto3 JSON).
pub fn bytes(text: &str) -> Result<Vec<u8>, String> {
    use base64::alphabet;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::{DecodeError, Engine};
    const CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent);
    const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, CONFIG);
    const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, CONFIG);
    let refused = |error: DecodeError| format!("expected base64 text, found \"{text}\" ({error})");
    match STANDARD.decode(text) {
        Ok(decoded) => Ok(decoded),
        Err(DecodeError::InvalidByte(_, b'-' | b'_')) => URL_SAFE.decode(text).map_err(refused),
        Err(error) => Err(refused(error)),
    }
}

/// Text that proto3 JSON reads as a number: digits, a float, or NaN/Infinity.
pub fn is_number_text(text: &str) -> bool {
    matches!(text, "NaN" | "Infinity" | "-Infinity") || text.trim().parse::<f64>().is_ok()
}

pub fn describe_kind(kind: &FieldKind) -> String {
    match kind {
        FieldKind::Enum(e) => format!("a value of {}", e.name()),
        FieldKind::Message(m) => format!("a mapping ({})", m.name()),
        FieldKind::Bool => "a boolean".into(),
        FieldKind::String => "a string".into(),
        FieldKind::Bytes => "base64 text".into(),
        other => format!("a number ({})", kind_name(other)),
    }
}

pub fn kind_name(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::Double => "double",
        FieldKind::Float => "float",
        FieldKind::Int32 => "int32",
        FieldKind::Int64 => "int64",
        FieldKind::Uint32 => "uint32",
        FieldKind::Uint64 => "uint64",
        FieldKind::Sint32 => "sint32",
        FieldKind::Sint64 => "sint64",
        FieldKind::Fixed32 => "fixed32",
        FieldKind::Fixed64 => "fixed64",
        FieldKind::Sfixed32 => "sfixed32",
        FieldKind::Sfixed64 => "sfixed64",
        FieldKind::Bool => "bool",
        FieldKind::String => "string",
        FieldKind::Bytes => "bytes",
        FieldKind::Message(_) => "message",
        FieldKind::Enum(_) => "enum",
    }
}

/// Why a number (written as `written`) does not fit an integer field of `kind`, if it does
/// not. Integers are compared exactly (beyond 64 bits too, where YAML readers fall back to a
/// float that rounds into range); the message shows the number as written.
pub fn out_of_range(kind: &FieldKind, number: Core<'_>, written: &str) -> Option<String> {
    let (min, max): (i128, i128) = match kind {
        FieldKind::Int32 | FieldKind::Sint32 | FieldKind::Sfixed32 => {
            (i32::MIN.into(), i32::MAX.into())
        }
        FieldKind::Int64 | FieldKind::Sint64 | FieldKind::Sfixed64 => {
            (i64::MIN.into(), i64::MAX.into())
        }
        FieldKind::Uint32 | FieldKind::Fixed32 => (0, u32::MAX.into()),
        FieldKind::Uint64 | FieldKind::Fixed64 => (0, u64::MAX.into()),
        _ => return None,
    };
    let value: i128 = match (yaml::core_int(written.trim()), number) {
        (Some(exact), _) => exact,
        (None, Core::Int(int)) => int,
        (None, Core::Float(f)) => {
            if f.fract() != 0.0 || !f.is_finite() {
                return Some(format!("{written} is not an integer ({})", kind_name(kind)));
            }
            if f < min as f64 || f > max as f64 {
                return Some(format!(
                    "{written} is out of range for {} ({min} to {max})",
                    kind_name(kind)
                ));
            }
            f as i128
        }
        (None, _) => return None,
    };
    if value < min || value > max {
        return Some(format!(
            "{value} is out of range for {} ({min} to {max})",
            kind_name(kind)
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(text: &str) -> Scalar {
        Scalar {
            text: text.to_owned(),
            plain: true,
            tag: None,
        }
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let docs =
            yaml::parse_stream("[1, -2, 3.5, true, ~, abc, '7', 18446744073709551615]").unwrap();
        let value = plain_json(docs[0].root.as_ref().unwrap());
        let expected =
            serde_json::json!([1, -2, 3.5, true, null, "abc", "7", 18446744073709551615_u64]);
        assert_eq!(value, expected);
        for (text, core) in [
            ("0x1f", Core::Int(31)),
            ("+5", Core::Int(5)),
            ("1e3", Core::Float(1000.0)),
            ("NULL", Core::Null),
            ("inf", Core::Text("inf")),
            ("-.inf", Core::Float(f64::NEG_INFINITY)),
        ] {
            let s = scalar(text);
            assert_eq!(Core::of(&s), core, "{text}");
        }
    }

    #[test]
    fn range_checks_by_field_type() {
        let big = Core::Int(2_147_483_648);
        assert!(out_of_range(&FieldKind::Int32, big, "2147483648")
            .unwrap()
            .contains("out of range for int32"));
        assert_eq!(out_of_range(&FieldKind::Int64, big, "2147483648"), None);
        assert!(out_of_range(&FieldKind::Uint32, Core::Int(-1), "-1").is_some());
        // Beyond 64 bits a YAML reader rounds to a float that lands on i64::MIN; the text
        // written decides.
        let rounded = Core::Float(-9.223372036854776e18);
        assert_eq!(
            out_of_range(&FieldKind::Int64, rounded, "-9223372036854775809").unwrap(),
            "-9223372036854775809 is out of range for int64 \
             (-9223372036854775808 to 9223372036854775807)"
        );
        assert!(out_of_range(&FieldKind::Int32, Core::Float(1e100), "1e100")
            .unwrap()
            .starts_with("1e100 is out of range"));
    }

    #[test]
    fn numbers_from_numbers_and_text() {
        assert_eq!(
            number(&FieldKind::Int32, Core::Float(1000.0), "1e3"),
            Ok(Value::I32(1000))
        );
        assert_eq!(
            number(&FieldKind::Int64, Core::Text("300"), "300"),
            Ok(Value::I64(300))
        );
        assert!(number(&FieldKind::Int32, Core::Text("1.5"), "1.5")
            .unwrap_err()
            .contains("expected an integer (int32)"));
        assert!(
            number(&FieldKind::Int32, Core::Text("99999999999"), "99999999999")
                .unwrap_err()
                .contains("out of range for int32")
        );
        assert_eq!(
            number(&FieldKind::Double, Core::Text("-Infinity"), "-Infinity"),
            Ok(Value::F64(f64::NEG_INFINITY))
        );
        assert!(number(&FieldKind::Float, Core::Float(1e300), "1e300").is_err());
    }

    #[test]
    fn bytes_and_map_keys() {
        assert_eq!(bytes("aGk="), Ok(b"hi".to_vec()));
        assert_eq!(bytes("aGk"), Ok(b"hi".to_vec()));
        assert_eq!(bytes("-_8"), Ok(vec![0xfb, 0xff]));
        assert!(bytes("not base64!").is_err());
        assert_eq!(map_key(&FieldKind::Int32, "-3"), Ok(MapKey::I32(-3)));
        assert_eq!(map_key(&FieldKind::Bool, "true"), Ok(MapKey::Bool(true)));
        assert!(map_key(&FieldKind::Uint64, "-1").is_err());
    }
}
