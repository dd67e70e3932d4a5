//! The cases: attribute arguments and items, built from the corpus (structured), or valid
//! pairs mutated token by token, or random token trees. Every token is lexed from text, so
//! each carries a real location and an error at the call site is told apart from one at a
//! token (`oracle`).

use super::corpus::{self, *};
use super::rng::Rng;
use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use std::str::FromStr;

/// One input of the attribute: its arguments and the item it is applied to, and how they
/// were made.
pub struct Case {
    pub args: Input,
    pub item: Input,
    pub how: How,
}

/// Text to lex, or tokens already lexed (mutations keep tokens: an invisible group, as
/// `macro_rules!` passes an `$e:expr`, has no text).
pub enum Input {
    Text(String),
    Tokens(TokenStream),
}

impl Input {
    /// The tokens; `None` when the text does not lex (the compiler never calls a macro then).
    pub fn lex(&self) -> Option<TokenStream> {
        match self {
            Input::Text(t) => TokenStream::from_str(t).ok(),
            Input::Tokens(t) => Some(t.clone()),
        }
    }
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Input::Text(t) => f.write_str(t),
            Input::Tokens(t) => write!(f, "{t}"),
        }
    }
}

/// How a case was made (the run counts cases per way).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum How {
    /// Corpus entries, values and signature parts put together.
    Structured,
    /// A valid pair with tokens deleted, repeated, swapped, replaced, grouped, ungrouped.
    Mutated,
    /// Random token trees as arguments, or as the item.
    Random,
    /// An `impl` block with annotated associated functions.
    Impl,
    /// An item that is not a function (or nothing).
    OtherItem,
    /// Parameters of every form with keys that fit them: mostly accepted, so the code
    /// generation sees every form.
    Forms,
}

/// Pairs the macro accepts (a unit test keeps them accepted): the seeds of mutation.
pub const VALID: &[(&str, &str)] = &[
    (
        "at = [[1.0, 2.0]], samples = 8, domain = -2.0..2.0, grad = grad",
        "fn sq<D: DualNum<Primitive = f64> + Copy>(p: &[D; 2]) -> D { p[0] * p[0] + p[1] * p[1] }",
    ),
    (
        "samples = 4, grad = g, hessian = h, reference = r, rtol = 1e-6, atol = 1e-9, allow(kink), seed = 7",
        "pub fn f<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D { x * y }",
    ),
    (
        "dims(v = 10), data(xs = &XS), mode = fast, directions = 4, norm(min = 1e-8, max = 1e8)",
        "fn g<D: DualNum<Primitive = f64> + Copy>(v: &[D], xs: &[f64]) -> D { v[0] }",
    ),
    (
        "at(k = Kernel { length_scale: 1.5, amplitude: 0.3 }, x = 0.7), domain(k.length_scale = 0.5..3.0)",
        "fn kern<D: DualNum<Primitive = f64> + Copy>(k: &Kernel<D>, x: D) -> D { k.length_scale * x }",
    ),
    (
        "dims(W = [3, 4]), shape(net = Net::zeros(&[2, 8, 1])), domain(W[1,2] = 0.0..1.0)",
        "fn m<D>(W: &DMatrix<D>, net: &Net<D>, v: SVector<D, 3>) -> DVector<D> where D: DualNum<Primitive = f64> + Copy { todo!() }",
    ),
    (
        "samples = 8, grad = wrong, expect(mismatch)",
        "fn known_bug<D: DualNum<Primitive = f64> + Copy>(x: D) -> D { x * x }",
    ),
    (
        "at = [[1.0, 2.0, 3.0]], grad = g",
        "fn v<D: DualNum<Primitive = f64> + Copy>(x: D, w: Vec<D>) -> [D; 2] { [x, w[0]] }",
    ),
    (
        "shape(b = vec![[0.0; 3]; 2], c = vec![vec![0.0; 2]]), domain = -1.0..1.0, samples = 3",
        "fn nested<D: DualNum<Primitive = f64> + Copy>(a: [[D; 3]; 2], b: &[[D; 3]], c: Vec<Vec<D>>) -> Array1<D> { todo!() }",
    ),
    (
        "",
        "impl Model { #[gradient_checked(samples = 4, grad = Self::g)] fn loss<D: DualNum<Primitive = f64>>(x: [D; Self::N]) -> D { x[0] } #[cfg_attr(test, gradient_checked(samples = 2), inline)] fn other<D: DualNum<Primitive = f64>>(x: D) -> D { x } fn plain() {} }",
    ),
];

/// Case `case` of run `seed`.
pub fn case(seed: u64, case: u64) -> Case {
    let mut rng = Rng::new(seed, case);
    match rng.below(24) {
        0..=5 => structured(&mut rng),
        6..=11 => mutated(&mut rng),
        12..=13 => random(&mut rng),
        14..=16 => impl_block(&mut rng),
        17..=22 => forms(&mut rng),
        _ => Case {
            args: Input::Text(attribute(&mut rng)),
            item: Input::Text(rng.pick(OTHER_ITEMS).to_string()),
            how: How::OtherItem,
        },
    }
}

fn structured(rng: &mut Rng) -> Case {
    Case {
        args: Input::Text(attribute(rng)),
        item: Input::Text(function(rng, false)),
        how: How::Structured,
    }
}

/// 0 to 6 entries, mostly comma-separated.
pub fn attribute(rng: &mut Rng) -> String {
    let n = rng.below(7);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push_str(match rng.below(30) {
                0 => " ",
                1 => "; ",
                2 => ",, ",
                3 => " = ",
                _ => ", ",
            });
        }
        out.push_str(&corpus::entry(rng));
    }
    if rng.one_in(10) {
        out.push(',');
    }
    out
}

/// A function: qualifiers, name, generics, parameters, return type, where clause, body.
/// `method`: inside an `impl` (receivers and `Self` more likely).
pub fn function(rng: &mut Rng, method: bool) -> String {
    let n = rng.below(5);
    let mut params: Vec<String> = (0..n).map(|_| param(rng)).collect();
    if rng.one_in(if method { 4 } else { 25 }) {
        let receiver = rng.pick(&["self", "&self", "&mut self", "mut self", "self: Box<Self>"]);
        params.insert(0, receiver.to_string());
    }
    if rng.one_in(40) {
        params.push("...".into());
    }
    let ret = if method && rng.one_in(5) {
        "-> Self"
    } else {
        rng.pick(RETURNS)
    };
    format!(
        "{}fn {}{}({}) {} {} {}",
        rng.pick(QUALIFIERS),
        rng.pick(NAMES),
        rng.pick(GENERICS),
        params.join(", "),
        ret,
        rng.pick(WHERES),
        rng.pick(BODIES)
    )
}

/// Accepted returns.
const OUTPUTS: &[&str] = &[
    "D",
    "[D; 2]",
    "Vec<D>",
    "SVector<D, 2>",
    "DVector<D>",
    "Array1<D>",
];

/// Entries that fit any signature.
const FITTING: &[&str] = &[
    "samples = 3",
    "seed = 18446744073709551615",
    "samples = 18446744073709551615",
    "domain = -1e300..1e300",
    "domain = -0.0..0.0",
    "rtol = 0",
    "atol = 1e308",
    "mode = fast",
    "mode = full",
    "grad = g",
    "reference = r",
    "allow(kink, unstable, panic)",
    "norm(min = 0, max = 1e308)",
    "expect(panic)",
];

/// A function of 1 to 4 parameters of the accepted forms (`x0`, `x1`, ..) and a data
/// parameter, with entries that fit them: lengths for slices, domains and points by name.
fn forms(rng: &mut Rng) -> Case {
    let n = 1 + rng.below(4) as usize;
    let types: Vec<&str> = (0..n).map(|_| *rng.pick(FORMS)).collect();
    let mut params: Vec<String> = types
        .iter()
        .enumerate()
        .map(|(i, t)| format!("x{i}: {t}"))
        .collect();
    let mut entries: Vec<String> = Vec::new();
    if rng.one_in(3) {
        params.push("xs: &[f64]".into());
        entries.push("data(xs = &[1.0, 2.0])".into());
    }
    let unsized_ = |t: &str| matches!(t, "&[D]" | "Vec<D>" | "&'a [D]" | "std::vec::Vec<D>");
    let mut dims = Vec::new();
    for (i, t) in types.iter().enumerate() {
        if unsized_(t) && !rng.one_in(6) {
            let len = rng.pick(&["1", "3", "1000", "0", "18446744073709551615"]);
            dims.push(format!("x{i} = {len}"));
        }
        if rng.one_in(4) {
            entries.push(format!("domain(x{i} = -2.0..2.0)"));
        }
    }
    if !dims.is_empty() {
        entries.push(format!("dims({})", dims.join(", ")));
    }
    match rng.below(4) {
        0 => {
            let width = 1 + rng.below(6);
            let point: Vec<&str> = (0..width)
                .map(|_| *rng.pick(&["1.0", "-0.0", "1e300", "-2"]))
                .collect();
            entries.push(format!("at = [[{}]]", point.join(", ")));
        }
        1 => {
            let values: Vec<String> = (0..n)
                .map(|i| {
                    format!(
                        "x{i} = {}",
                        rng.pick(&[
                            "1.0",
                            "[1.0, 2.0]",
                            "vec![0.5; 3]",
                            "Kernel { length_scale: 1.0, amplitude: 2.0 }"
                        ])
                    )
                })
                .collect();
            entries.push(format!("at({})", values.join(", ")));
        }
        _ => {}
    }
    for _ in 0..rng.below(4) {
        let e = *rng.pick(FITTING);
        if !entries
            .iter()
            .any(|x| x.split(' ').next() == e.split(' ').next())
        {
            entries.push(e.to_string());
        }
    }
    let output = rng.pick(OUTPUTS);
    if *output == "D" && rng.one_in(3) {
        entries.push("hessian = h".into());
    }
    Case {
        args: Input::Text(entries.join(", ")),
        item: Input::Text(format!(
            "fn {}<'a, D: DualNum<Primitive = f64> + Copy>({}) -> {output} {}",
            rng.pick(NAMES),
            params.join(", "),
            rng.pick(BODIES)
        )),
        how: How::Forms,
    }
}

fn param(rng: &mut Rng) -> String {
    let ty = match rng.below(10) {
        0..=5 => rng.pick(FORMS),
        6 => rng.pick(REFUSED),
        _ => rng.pick(DATA),
    };
    format!("{}: {ty}", rng.pick(PARAM_NAMES))
}

fn impl_block(rng: &mut Rng) -> Case {
    let n = 1 + rng.below(3);
    let methods: Vec<String> = (0..n)
        .map(|_| {
            let attr = match rng.below(9) {
                0..=3 => format!("#[gradient_checked({})]", attribute(rng)),
                4 => format!("#[cfg_attr(test, gradient_checked({}))]", attribute(rng)),
                5 => format!(
                    "#[cfg_attr(test, gradient_checked({}), inline)]",
                    attribute(rng)
                ),
                6 => format!("#[gradient_checked = \"{}\"]", rng.pick(KEYS)),
                7 => "#[gradcheck::gradient_checked] #[gradient_checked(samples = 2)]".into(),
                _ => rng
                    .pick(&["", "#[cfg_attr()]", "#[cfg_attr(test)]", "#[inline]"])
                    .to_string(),
            };
            format!("{attr} {}", function(rng, true))
        })
        .collect();
    let head = rng.pick(&[
        "impl Model",
        "impl Model",
        "impl<T> Model<T>",
        "impl Loss for Model",
        "impl<'a> Model<'a>",
        "unsafe impl Model",
        "impl [f64; 2]",
        "impl dyn Tr",
    ]);
    let args = if rng.one_in(4) {
        attribute(rng)
    } else {
        String::new()
    };
    Case {
        args: Input::Text(args),
        item: Input::Text(format!("{head} {{ {} }}", methods.join(" "))),
        how: How::Impl,
    }
}

fn random(rng: &mut Rng) -> Case {
    let (args, item) = if rng.one_in(3) {
        (attribute(rng), random_trees(rng, 0))
    } else {
        (random_trees(rng, 0), function(rng, false))
    };
    Case {
        args: Input::Text(args),
        item: Input::Text(item),
        how: How::Random,
    }
}

/// Tokens for random trees: keys, values, names, every punctuation.
const ATOMS: &[&str] = &[
    "=", ",", ".", "..", "..=", ":", "::", ";", "#", "!", "&", "*", "-", "+", "<", ">", "|", "'a",
    "@", "$", "?", "/", "%", "^", "~", "=>", "->", "fn", "D", "impl", "where", "mut", "dyn",
    "self", "Self", "super", "crate", "struct", "let", "return",
];

fn random_trees(rng: &mut Rng, depth: u32) -> String {
    let n = rng.below(if depth == 0 { 12 } else { 5 });
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(match rng.below(10) {
            0..=2 => rng.pick(ATOMS).to_string(),
            3 => rng.pick(corpus::KEYS).to_string(),
            4 => rng.pick(corpus::VALUES).to_string(),
            5 => rng.pick(FORMS).to_string(),
            6 => rng.pick(corpus::ENTRIES).to_string(),
            _ if depth < 6 => {
                let (o, c) = *rng.pick(&[("(", ")"), ("[", "]"), ("{", "}")]);
                format!("{o}{}{c}", random_trees(rng, depth + 1))
            }
            _ => rng.pick(PATHS).to_string(),
        });
    }
    out.join(" ")
}

fn mutated(rng: &mut Rng) -> Case {
    let (args, item) = *rng.pick(VALID);
    let (mut args, mut item) = (lex(args), lex(item));
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        if rng.one_in(3) {
            item = mutate(rng, item);
        } else {
            args = mutate(rng, args);
        }
    }
    Case {
        args: Input::Tokens(args.into_iter().collect()),
        item: Input::Tokens(item.into_iter().collect()),
        how: How::Mutated,
    }
}

fn lex(text: &str) -> Vec<TokenTree> {
    TokenStream::from_str(text)
        .expect("the corpus lexes")
        .into_iter()
        .collect()
}

/// One mutation somewhere in `tokens` (at the top level or inside a group).
fn mutate(rng: &mut Rng, mut tokens: Vec<TokenTree>) -> Vec<TokenTree> {
    let groups: Vec<usize> = (0..tokens.len())
        .filter(|&i| matches!(tokens[i], TokenTree::Group(_)))
        .collect();
    if !groups.is_empty() && rng.below(2) == 0 {
        let i = *rng.pick(&groups);
        let TokenTree::Group(g) = &tokens[i] else {
            unreachable!()
        };
        let inner = mutate(rng, g.stream().into_iter().collect());
        let mut ng = Group::new(g.delimiter(), inner.into_iter().collect());
        ng.set_span(g.span());
        tokens[i] = TokenTree::Group(ng);
        return tokens;
    }
    let len = tokens.len();
    let at = if len == 0 {
        0
    } else {
        rng.below(len as u64) as usize
    };
    match rng.below(9) {
        0 if len > 0 => {
            tokens.remove(at);
        }
        1 if len > 0 => {
            let t = tokens[at].clone();
            tokens.insert(at, t);
        }
        2 if len > 1 => tokens.swap(at, (at + 1) % len),
        3 if len > 0 => tokens[at] = fresh(rng),
        4 if len > 0 => {
            // A run of tokens wrapped in a group (an invisible one, as macro_rules! makes).
            let end = (at + 1 + rng.below(3) as usize).min(len);
            let run: TokenStream = tokens.drain(at..end).collect();
            let delim = *rng.pick(&[
                Delimiter::Parenthesis,
                Delimiter::Bracket,
                Delimiter::Brace,
                Delimiter::None,
            ]);
            let span = run.clone().into_iter().next().map(|t| t.span());
            let mut g = Group::new(delim, run);
            if let Some(span) = span {
                g.set_span(span);
            }
            tokens.insert(at, TokenTree::Group(g));
        }
        5 if len > 0 => {
            if let TokenTree::Group(g) = tokens[at].clone() {
                tokens.splice(at..=at, g.stream());
            } else {
                tokens.truncate(at);
            }
        }
        6 if len > 0 => {
            if let TokenTree::Group(g) = &tokens[at] {
                let delim = *rng.pick(&[
                    Delimiter::Parenthesis,
                    Delimiter::Bracket,
                    Delimiter::Brace,
                    Delimiter::None,
                ]);
                let mut ng = Group::new(delim, g.stream());
                ng.set_span(g.span());
                tokens[at] = TokenTree::Group(ng);
            }
        }
        _ => {
            let t = fresh(rng);
            tokens.insert(at.min(len), t);
        }
    }
    tokens
}

/// A token lexed from the corpus (a value may be several tokens: the first is taken).
fn fresh(rng: &mut Rng) -> TokenTree {
    loop {
        let text = match rng.below(4) {
            0 => rng.pick(ATOMS),
            1 => rng.pick(corpus::VALUES),
            2 => rng.pick(corpus::KEYS),
            _ => rng.pick(NAMES),
        };
        if let Some(t) = TokenStream::from_str(text)
            .ok()
            .and_then(|s| s.into_iter().next())
        {
            return t;
        }
    }
}
