//! The guide's examples of structured parameters (docs/guide/parameters.md) and of `f32`
//! (docs/guide/single_precision.md), compiled and run: their doc tests only compile them
//! (doc tests are not `cfg(test)`), so their generated tests, `kernel::kernel_sum::gradient`,
//! `nalgebra_example::half_norm::gradient`, `single::softplus::gradient` and
//! `single::lossy::gradient`, run here; each file under `tests/readme/` is one of the guide's
//! code blocks, character for character.
#![allow(dead_code)]

#[path = "readme/kernel.rs"]
mod kernel;
#[path = "readme/nalgebra.rs"]
mod nalgebra_example;
/// The `f32` block, with a test that reads its reports (the generated modules are private).
mod single {
    include!("readme/f32.rs");

    /// The `precision = f32` example: the value's lost digits are a warning that says how
    /// many, the check passes, and the `DualNum<Primitive = f32>` one has nothing to say.
    #[test]
    fn the_f32_example_warns_of_the_digits_it_loses() {
        let lossy = lossy::gradient_report();
        assert!(lossy.passed(), "{lossy}");
        let lost: Vec<f64> = lossy
            .findings()
            .iter()
            .filter(|f| f.kind == gradient_checked::Kind::PrecisionLoss)
            .filter_map(|f| f.digits_lost)
            .collect();
        assert!(!lost.is_empty() && lost.iter().all(|&d| d > 2.0), "{lossy}");
        let softplus = softplus::gradient_report();
        assert!(
            softplus.passed() && softplus.findings().is_empty(),
            "{softplus}"
        );
    }
}

const GUIDE: [&str; 2] = [
    include_str!("../docs/guide/parameters.md"),
    include_str!("../docs/guide/single_precision.md"),
];

#[test]
fn the_examples_are_the_guide_s_code_blocks() {
    for block in [
        include_str!("readme/kernel.rs"),
        include_str!("readme/nalgebra.rs"),
        include_str!("readme/f32.rs"),
    ] {
        let shown = format!("```rust\n{block}```");
        assert!(
            GUIDE.iter().any(|page| page.contains(&shown)),
            "the guide no longer shows:\n{block}"
        );
    }
}
