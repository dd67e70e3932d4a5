//! The guide's examples of structured parameters (docs/guide/parameters.md), compiled and
//! run: their doc tests only compile them (doc tests are not `cfg(test)`), so their
//! generated tests, `kernel::kernel_sum::gradient` and `nalgebra_example::half_norm::gradient`,
//! run here; each file under `tests/readme/` is one of its code blocks, character for
//! character.
#![allow(dead_code)]

#[path = "readme/kernel.rs"]
mod kernel;
#[path = "readme/nalgebra.rs"]
mod nalgebra_example;

const GUIDE: &str = include_str!("../docs/guide/parameters.md");

#[test]
fn the_examples_are_the_guide_s_code_blocks() {
    for block in [
        include_str!("readme/kernel.rs"),
        include_str!("readme/nalgebra.rs"),
    ] {
        assert!(
            GUIDE.contains(&format!("```rust\n{block}```")),
            "docs/guide/parameters.md no longer shows:\n{block}"
        );
    }
}
