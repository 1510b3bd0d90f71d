//! The CEL that can be carried to every platform: boolean combinations (`&&`, `||`, `!`) of
//! comparisons of `this`, `this.<field>` or `size(...)` with literals, `in [...]`, `matches`,
//! `startsWith`/`endsWith`/`contains`, `has(this.<field>)`, and protovalidate's
//! `cond ? '' : 'message'` form. Anything else stays a CEL rule that only `validate` enforces.

use super::{Cmp, Expr, Literal, Pred, Type};
use cel::common::ast::{operators, CallExpr, Expr as Ast, IdedExpr, LiteralValue};

/// `expression` as a condition on a value of type `ty`, or why it cannot be translated.
pub fn translate(expression: &str, ty: &Type) -> Result<Expr, String> {
    let ast = cel::parser::Parser::new()
        .parse(expression)
        .map_err(|e| format!("does not parse: {e}"))?;
    Translator { ty }.condition(&ast)
}

struct Translator<'a> {
    ty: &'a Type,
}

/// What a comparison compares: the value at a path below `this`, or its size.
enum Term {
    Value(Vec<String>),
    Size(Vec<String>),
}

type Outcome<T> = Result<T, String>;

fn outside(what: &str) -> String {
    format!("uses {what}, outside the subset planton-gen translates")
}

impl Translator<'_> {
    fn condition(&self, ast: &IdedExpr) -> Outcome<Expr> {
        match &ast.expr {
            Ast::Literal(LiteralValue::Boolean(b)) => Ok(if **b {
                Expr::And(Vec::new())
            } else {
                Expr::Or(Vec::new())
            }),
            Ast::Select(select) if select.test => {
                let path = self.path(&select.operand)?;
                let mut path = path;
                path.push(select.field.clone());
                Ok(Expr::Pred(path, Pred::Present))
            }
            Ast::Call(call) => self.call(call),
            _ => Err(outside("an expression that is not a condition")),
        }
    }

    fn call(&self, call: &CallExpr) -> Outcome<Expr> {
        let args = &call.args;
        match (call.func_name.as_str(), &call.target, args.len()) {
            (operators::LOGICAL_AND, None, _) => Ok(Expr::And(self.all(args)?)),
            (operators::LOGICAL_OR, None, _) => Ok(Expr::Or(self.all(args)?)),
            (operators::LOGICAL_NOT, None, 1) => Ok(Expr::negate(self.condition(&args[0])?)),
            // protovalidate's `cond ? '' : 'message'`: an empty string passes.
            (operators::CONDITIONAL, None, 3) => {
                let pass = |e: &IdedExpr| match &e.expr {
                    Ast::Literal(LiteralValue::String(s)) => Ok(s.inner().is_empty()),
                    _ => Err(outside(
                        "a conditional whose branches are not string literals",
                    )),
                };
                let condition = self.condition(&args[0])?;
                match (pass(&args[1])?, pass(&args[2])?) {
                    (true, false) => Ok(condition),
                    (false, true) => Ok(Expr::negate(condition)),
                    _ => Err(outside("a conditional that always passes or always fails")),
                }
            }
            (operators::IN, None, 2) => {
                let Term::Value(path) = self.term(&args[0])? else {
                    return Err(outside("`size(...) in`"));
                };
                let Ast::List(list) = &args[1].expr else {
                    return Err(outside("`in` with something other than a list literal"));
                };
                let literals = list
                    .elements
                    .iter()
                    .map(|e| self.literal(e, &path))
                    .collect::<Outcome<Vec<_>>>()?;
                Ok(Expr::Pred(path, Pred::In(literals)))
            }
            ("matches" | "startsWith" | "endsWith" | "contains", target, n) => {
                let (subject, argument) = match (target, n) {
                    (Some(target), 1) => (target.as_ref(), &args[0]),
                    (None, 2) => (&args[0], &args[1]),
                    _ => {
                        return Err(outside(&format!(
                            "`{}` with these arguments",
                            call.func_name
                        )))
                    }
                };
                let Term::Value(path) = self.term(subject)? else {
                    return Err(outside(&format!("`{}` on a size", call.func_name)));
                };
                let Ast::Literal(LiteralValue::String(text)) = &argument.expr else {
                    return Err(outside(&format!(
                        "`{}` with a computed argument",
                        call.func_name
                    )));
                };
                let text = text.inner();
                let pattern = match call.func_name.as_str() {
                    "matches" => text.to_owned(),
                    "startsWith" => format!("^{}", regex::escape(text)),
                    "endsWith" => format!("{}$", regex::escape(text)),
                    _ => regex::escape(text),
                };
                let pattern = super::Pattern::new(&pattern)
                    .map_err(|e| format!("pattern `{pattern}` does not compile: {e}"))?;
                Ok(Expr::Pred(path, Pred::Matches(pattern)))
            }
            (op, None, 2) => {
                let Some(cmp) = comparison(op) else {
                    return Err(outside(&format!("`{op}`")));
                };
                let (term, literal_side, cmp) = match self.term(&args[0]) {
                    Ok(term) => (term, &args[1], cmp),
                    Err(_) => (self.term(&args[1])?, &args[0], cmp.map(flip)),
                };
                self.compare(term, cmp, literal_side)
            }
            (name, _, _) => Err(outside(&format!("`{name}`"))),
        }
    }

    fn all(&self, args: &[IdedExpr]) -> Outcome<Vec<Expr>> {
        args.iter().map(|a| self.condition(a)).collect()
    }

    /// `this` or `this.a.b` as a path below `this`.
    fn path(&self, ast: &IdedExpr) -> Outcome<Vec<String>> {
        match &ast.expr {
            Ast::Ident(name) if name == "this" => Ok(Vec::new()),
            Ast::Select(select) if !select.test => {
                let mut path = self.path(&select.operand)?;
                path.push(select.field.clone());
                Ok(path)
            }
            _ => Err(outside("a value other than `this` or its fields")),
        }
    }

    fn term(&self, ast: &IdedExpr) -> Outcome<Term> {
        match &ast.expr {
            Ast::Call(call) if call.func_name == "size" => {
                let subject = match (&call.target, call.args.as_slice()) {
                    (Some(target), []) => target.as_ref(),
                    (None, [arg]) => arg,
                    _ => return Err(outside("`size` with these arguments")),
                };
                Ok(Term::Size(self.path(subject)?))
            }
            _ => Ok(Term::Value(self.path(ast)?)),
        }
    }

    fn compare(&self, term: Term, cmp: Option<Cmp>, literal: &IdedExpr) -> Outcome<Expr> {
        match term {
            Term::Size(path) => {
                if !path.is_empty() {
                    return Err(outside("the size of a field of `this`"));
                }
                let n = match self.literal(literal, &[])? {
                    Literal::Int(n) if n >= 0 => {
                        u64::try_from(n).map_err(|_| outside("a huge size"))?
                    }
                    _ => return Err(outside("a size compared with something other than a count")),
                };
                let negated = cmp.is_none();
                let cmp = cmp.unwrap_or(Cmp::Eq);
                let pred = match self.ty {
                    Type::String => Pred::Len(cmp, n),
                    Type::Bytes => Pred::Bytes(cmp, n),
                    Type::List(_) | Type::Map(..) => Pred::Count(cmp, n),
                    _ => return Err(outside("`size` of a value that has none")),
                };
                let expr = Expr::this(pred);
                Ok(if negated { Expr::negate(expr) } else { expr })
            }
            Term::Value(path) => {
                let value = self.literal(literal, &path)?;
                match cmp {
                    None => Ok(Expr::negate(Expr::Pred(path, Pred::Eq(value)))),
                    Some(Cmp::Eq) => Ok(Expr::Pred(path, Pred::Eq(value))),
                    Some(cmp) => match value {
                        Literal::Int(_) | Literal::Float(_) => {
                            Ok(Expr::Pred(path, Pred::Compare(cmp, value)))
                        }
                        _ => Err(outside("an ordering of something other than numbers")),
                    },
                }
            }
        }
    }

    /// A literal, typed for the value it is compared with (an int against an enum is an enum
    /// value).
    fn literal(&self, ast: &IdedExpr, path: &[String]) -> Outcome<Literal> {
        let negate = |l: Literal| match l {
            Literal::Int(i) => Ok(Literal::Int(-i)),
            Literal::Float(f) => Ok(Literal::Float(-f)),
            _ => Err(outside("`-` on a non-number")),
        };
        let literal = match &ast.expr {
            Ast::Literal(LiteralValue::Int(i)) => Literal::Int((**i).into()),
            Ast::Literal(LiteralValue::UInt(u)) => Literal::Int((**u).into()),
            Ast::Literal(LiteralValue::Double(d)) => Literal::Float(**d),
            Ast::Literal(LiteralValue::String(s)) => Literal::Str(s.inner().to_owned()),
            Ast::Literal(LiteralValue::Boolean(b)) => Literal::Bool(**b),
            Ast::Call(call) if call.func_name == operators::NEGATE && call.args.len() == 1 => {
                return negate(self.literal(&call.args[0], path)?);
            }
            _ => return Err(outside("a comparison with something other than a literal")),
        };
        Ok(match (path.is_empty(), self.ty, literal) {
            (true, Type::Enum(shape), Literal::Int(n)) => {
                let number =
                    i32::try_from(n).map_err(|_| outside("an enum number out of range"))?;
                Literal::Enum(shape.literal(number))
            }
            (true, Type::Float, Literal::Int(n)) => Literal::Float(n as f64),
            (_, _, literal) => literal,
        })
    }
}

/// The comparison an operator makes; `None` for `!=` (the negation of `==`).
fn comparison(op: &str) -> Option<Option<Cmp>> {
    Some(match op {
        operators::EQUALS => Some(Cmp::Eq),
        operators::NOT_EQUALS => None,
        operators::LESS => Some(Cmp::Lt),
        operators::LESS_EQUALS => Some(Cmp::Le),
        operators::GREATER => Some(Cmp::Gt),
        operators::GREATER_EQUALS => Some(Cmp::Ge),
        _ => return None,
    })
}

fn flip(cmp: Cmp) -> Cmp {
    cmp.flipped()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int() -> Type {
        Type::Int {
            bits: 32,
            signed: true,
        }
    }

    #[test]
    fn translates_the_ttl_rule() {
        let expr = translate("this == 0 || this >= 60", &int()).unwrap();
        assert_eq!(
            expr,
            Expr::Or(vec![
                Expr::this(Pred::Eq(Literal::Int(0))),
                Expr::this(Pred::Compare(Cmp::Ge, Literal::Int(60))),
            ])
        );
        assert_eq!(expr.holds_for_zero(&Literal::Int(0)), Some(true));
    }

    #[test]
    fn translates_protovalidate_message_form_and_sizes() {
        let expr = translate("size(this) < 5 ? '' : 'too long'", &Type::String).unwrap();
        assert_eq!(expr, Expr::this(Pred::Len(Cmp::Lt, 5)));
        let expr = translate("60 <= this", &int()).unwrap();
        assert_eq!(expr, Expr::this(Pred::Compare(Cmp::Ge, Literal::Int(60))));
        let expr = translate("this.startsWith('a.b')", &Type::String).unwrap();
        assert_eq!(
            expr,
            Expr::this(Pred::Matches(super::super::Pattern::new("^a\\.b").unwrap()))
        );
    }

    #[test]
    fn refuses_what_it_cannot_carry() {
        for expression in [
            "this.all(x, x > 0)",
            "this + 1 > 3",
            "rules.gte > 0",
            "size(this) > this",
        ] {
            assert!(translate(expression, &int()).is_err(), "{expression}");
        }
    }
}
