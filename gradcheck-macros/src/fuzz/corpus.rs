//! What the fuzzer builds cases from: every key of the attribute written correctly, values of
//! every wrong type, and the pieces of signatures (every parameter form users write, the forms
//! the macro refuses, returns, generics, qualifiers, names). All as source text: a case is
//! lexed from text so that every token carries a real location (see `oracle`).

use super::rng::Rng;

/// One valid entry per key and form of the attribute (`symbol::KEYS`, with both forms of
/// `at` and `domain`). Names refer to parameters the signatures below use (`x`, `w`, `v`, `k`,
/// `net`, `W`, `xs`).
pub const ENTRIES: &[&str] = &[
    "at = [[1.0, 2.0]]",
    "at = [1.0]",
    "at = [[1.0], [-2.5], [0.0]]",
    "at(x = 1.0)",
    "at(k = Kernel { length_scale: 1.5, amplitude: 0.3 }, x = [1.0, 2.0])",
    "samples = 8",
    "samples = 0",
    "domain = -1.0..1.0",
    "domain = -4.5..4.5",
    "domain(x = 0.1..5.0)",
    "domain(k.length_scale = 0.5..3.0, net.layers[0].w = -0.5..0.5)",
    "domain(W[1,2] = 0..1, t.0.1 = -1..1)",
    "seed = 7",
    "grad = g",
    "grad = super::g",
    "grad = Self::g",
    "grad = |x: &[f64]| vec![2.0 * x[0]]",
    "hessian = h",
    "reference = r",
    "data(xs = &XS)",
    "data(xs = &XS, n = 3)",
    "dims(v = 10)",
    "dims(W = [3, 4], v = 4)",
    "shape(net = Net::zeros(&[2, 8, 1]))",
    "allow(kink)",
    "allow(kink, unstable)",
    "expect(mismatch)",
    "expect(mismatch, ad_mismatch)",
    "rtol = 1e-6",
    "atol = 1e-9",
    "norm(min = 1e-8, max = 1e8)",
    "norm(max = 10)",
    "mode = full",
    "mode = fast",
    "directions = 8",
];

/// The keys as written (every `symbol::KEYS` entry), plus misspellings and spellings no
/// identifier check may trust: non-ASCII, raw, keywords.
pub const KEYS: &[&str] = &[
    "at",
    "samples",
    "domain",
    "seed",
    "grad",
    "hessian",
    "reference",
    "data",
    "dims",
    "shape",
    "allow",
    "expect",
    "rtol",
    "atol",
    "norm",
    "mode",
    "directions",
    "smaples",
    "r#grad",
    "r#type",
    "Samples",
    "sämples",
    "梯度",
    "ξ",
    "self",
    "_",
    "min",
    "max",
    "gradient_checked",
];

/// Values of every wrong type and size for any key.
pub const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "-0.0",
    "0.0",
    "3.5",
    "1e-6",
    "1e309",
    "-1e309",
    "1e-400",
    "4.9e-324",
    "1.7976931348623157e308",
    "18446744073709551615",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "99999999999999999999999999999999999999999999999999",
    "0x10",
    "0b101",
    "0o17",
    "1_000",
    "1u8",
    "1i128",
    "2f32",
    "2f64",
    "1usize",
    "\"many\"",
    "r#\"raw\"#",
    "b\"bytes\"",
    "'c'",
    "b'c'",
    "true",
    "NaN",
    "f64::NAN",
    "f64::INFINITY",
    "-f64::INFINITY",
    "x",
    "é",
    "变量",
    "r#type",
    "self",
    "Self",
    "super::g",
    "crate::g",
    "::g",
    "<T as Trait>::g",
    "g::<f64>",
    "full",
    "fast",
    "slow",
    "_",
    "[]",
    "[[]]",
    "[[], []]",
    "[[1.0], 2.0]",
    "[1.0; 3]",
    "[[1.0; 1000000000000]]",
    "[[f64::NAN]]",
    "[[1e309, 1.0]]",
    "[[-0.0]]",
    "[1, 2, 3]",
    "[3, 4]",
    "[0, 0]",
    "[18446744073709551615, 18446744073709551615]",
    "(1.0, 2.0)",
    "((((1.0))))",
    "{ 1.0 }",
    "-(-1.0)",
    "--1.0",
    "!1",
    "1..2",
    "1.0..1.0",
    "2..1",
    "1..=2",
    "..2",
    "1..",
    "..",
    "1e300..-1e300",
    "-1e300..1e300",
    "1..2..3",
    "a..b",
    "x.y",
    "|x| x",
    "move || 1",
    "|| -> f64 { 1.0 }",
    "async {}",
    "unsafe { 1 }",
    "loop {}",
    "match x {}",
    "if true { 1 } else { 2 }",
    "vec![1.0]",
    "&XS",
    "&mut XS",
    "*p",
    "Kernel { length_scale: 1.5 }",
    "Net::zeros(&[2, 8, 1])",
    "#[cfg(test)] 1",
    "'a",
];

/// A key's value in either form (`key = value`, `key(list)`, bare `key`), or a complete
/// stranger.
pub fn entry(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=3 => rng.pick(ENTRIES).to_string(),
        4..=6 => format!("{} = {}", rng.pick(KEYS), value(rng)),
        7 => format!("{}({})", rng.pick(KEYS), list(rng)),
        8 => rng.pick(KEYS).to_string(),
        _ => {
            let (k, v) = (rng.pick(KEYS), value(rng));
            format!("{k}({k} = {v})")
        }
    }
}

/// A value, sometimes nested in brackets or parentheses many levels deep.
pub fn value(rng: &mut Rng) -> String {
    let v = rng.pick(VALUES).to_string();
    if rng.below(12) != 0 {
        return v;
    }
    // Mostly a few levels; now and then 200 (syn recurses per level: 8 MiB hold it).
    let depth = if rng.one_in(8) {
        200
    } else {
        1 + rng.below(48) as usize
    };
    let (open, close) = *rng.pick(&[("[", "]"), ("(", ")"), ("{", "}")]);
    format!("{}{v}{}", open.repeat(depth), close.repeat(depth))
}

/// The inside of a `key(..)`: names and paths given values, bare names, or anything.
pub fn list(rng: &mut Rng) -> String {
    let n = rng.below(4);
    (0..n)
        .map(|_| match rng.below(5) {
            0 => rng.pick(KEYS).to_string(),
            1 => rng.pick(PATHS).to_string(),
            2 => rng.pick(super::corpus::KINDS).to_string(),
            _ => format!("{} = {}", rng.pick(PATHS), value(rng)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finding kinds (the known ones, a warning, unknown ones).
pub const KINDS: &[&str] = &[
    "mismatch",
    "ad_mismatch",
    "kink",
    "unstable",
    "panic",
    "hessian_mismatch",
    "reference_mismatch",
    "knik",
    "Mismatch",
    "précision",
];

/// Parameter names and component paths.
pub const PATHS: &[&str] = &[
    "x",
    "w",
    "v",
    "k",
    "W",
    "xs",
    "n",
    "net",
    "z",
    "k.length_scale",
    "net.layers[0].w",
    "W[1,2]",
    "W[1,2,3]",
    "w[18446744073709551616]",
    "t.0.1",
    "x.",
    "x..y",
    "r#x",
    "ξ",
    "k.é",
];

/// Differentiable parameter types: every row of the contract's "Parameters as users write
/// them" table, by value and by reference, nested.
pub const FORMS: &[&str] = &[
    "D",
    "&D",
    "[D; 3]",
    "&[D; 3]",
    "&[D]",
    "Vec<D>",
    "&Vec<D>",
    "std::vec::Vec<D>",
    "[[D; 3]; 2]",
    "&[[D; 3]]",
    "Vec<[D; 3]>",
    "Vec<Vec<D>>",
    "SVector<D, 3>",
    "&SVector<D, 3>",
    "DVector<D>",
    "SMatrix<D, 2, 3>",
    "DMatrix<D>",
    "&DMatrix<D>",
    "Array1<D>",
    "ArrayView1<D>",
    "ArrayView1<'a, D>",
    "Array2<D>",
    "ArrayView2<'_, D>",
    "Kernel<D>",
    "&Kernel<D>",
    "&[Layer<D>]",
    "Vec<Layer<D>>",
    "&'a [D]",
    "(D, [D; 2])",
    "(D)",
    "[D; N]",
    "[D; Self::N]",
    "[D; 0]",
    "[D; 1 + 2]",
    "[D; 18446744073709551615]",
    "[[D; 18446744073709551615]; 18446744073709551615]",
];

/// Forms the macro must refuse, each with its rewrite.
pub const REFUSED: &[&str] = &[
    "&mut D",
    "Option<D>",
    "Box<D>",
    "&[Box<D>]",
    "HashMap<usize, D>",
    "Vec<&D>",
    "impl Fn(D) -> D",
    "&mut [D]",
    "&dyn Fn(D) -> D",
    "*const D",
    "fn(D) -> D",
    "Result<D, ()>",
    "<D as Trait>::Out",
    "D::Inner",
];

/// Data parameter types (no `D`).
pub const DATA: &[&str] = &["&[f64]", "usize", "&'static [f64]", "f64", "&Model", "T"];

/// Parameter names, patterns and receivers.
pub const PARAM_NAMES: &[&str] = &[
    "x", "w", "v", "k", "W", "net", "t", "xs", "n", "y", "ξ", "变量", "r#in", "mut x", "_",
    "ref x", "(a, b)", "[a, b]", "x @ _",
];

/// Return types: the accepted ones and others.
pub const RETURNS: &[&str] = &[
    "-> D",
    "-> D",
    "-> [D; 2]",
    "-> Vec<D>",
    "-> SVector<D, 2>",
    "-> DVector<D>",
    "-> Array1<D>",
    "",
    "-> ()",
    "-> f64",
    "-> (D, D)",
    "-> impl Iterator<Item = D>",
    "-> Option<D>",
    "-> &D",
    "-> [D; 0]",
    "-> [D; 18446744073709551615]",
    "-> Self",
    "-> !",
];

/// Generic parameter lists, with the dual bound in every place it may be written.
pub const GENERICS: &[&str] = &[
    "<D: DualNum<Primitive = f64> + Copy>",
    "<D: DualNum<Primitive = f64>>",
    "<D: num_dual::DualNum<f64, Primitive = f64> + Copy>",
    "<D: DualNum<Primitive = f32>>",
    "<D: DualNum>",
    "<D>",
    "",
    "<'a, D: DualNum<Primitive = f64> + 'a>",
    "<T, D: DualNum<Primitive = f64>>",
    "<D: DualNum<Primitive = f64>, E: DualNum<Primitive = f64>>",
    "<const N: usize, D: DualNum<Primitive = f64>>",
    "<D: ?Sized + DualNum<Primitive = f64>>",
    "<δ: DualNum<Primitive = f64> + Copy>",
    "<D: DualNum<Primitive = f64> = f64>",
];

/// Where clauses (combined with `<D>` they carry the bound).
pub const WHERES: &[&str] = &[
    "",
    "",
    "",
    "where D: DualNum<Primitive = f64> + Copy",
    "where D: DualNum<Primitive = f64>, T: Clone",
    "where for<'b> &'b D: Copy",
    "where Self: Sized",
];

/// What may precede `fn`.
pub const QUALIFIERS: &[&str] = &[
    "",
    "",
    "pub ",
    "pub(crate) ",
    "/// Docs.\n#[inline] ",
    "async ",
    "unsafe ",
    "const ",
    "extern \"C\" ",
    "pub async unsafe ",
];

/// Function names.
pub const NAMES: &[&str] = &[
    "f", "loss", "gradient", "__imp", "r#type", "é", "损失", "Ω_2", "test", "core",
];

/// Function bodies, with and without numbers on the left of a `D`.
pub const BODIES: &[&str] = &[
    "{ x }",
    "{ x * x }",
    "{ 1.0 / x }",
    "{ 2.0 * x + 1 - x }",
    "{ unimplemented!() }",
    "{ let y = 1.0; y * x }",
    "{}",
    ";",
];

/// Items that are not functions.
pub const OTHER_ITEMS: &[&str] = &[
    "struct S;",
    "struct Kernel<D> { length_scale: D }",
    "mod m {}",
    "const X: u8 = 1;",
    "trait T { fn f<D: DualNum<Primitive = f64>>(x: D) -> D; }",
    "enum E { A }",
    "use std::f64;",
    "macro_rules! m { () => {} }",
    "extern crate core;",
    "type T = f64;",
    "static S: f64 = 1.0;",
    "union U { a: f64 }",
    "fn",
    "",
];
