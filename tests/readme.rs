//! The README's examples of structured parameters, compiled and run (their generated tests,
//! `kernel::kernel_sum::gradient` and `nalgebra_example::half_norm::gradient`, run here):
//! each file under `tests/readme/` is one of its code blocks, character for character.
#![allow(dead_code)]

#[path = "readme/kernel.rs"]
mod kernel;
#[path = "readme/nalgebra.rs"]
mod nalgebra_example;

const README: &str = include_str!("../README.md");

#[test]
fn the_examples_are_the_readme_s_code_blocks() {
    for block in [
        include_str!("readme/kernel.rs"),
        include_str!("readme/nalgebra.rs"),
    ] {
        assert!(
            README.contains(&format!("```rust\n{block}```")),
            "README.md no longer shows:\n{block}"
        );
    }
}
