//! Fuzzing the attribute's pipeline (`item::expand`) without the compiler: attribute arguments
//! and items made from every key, wrong types, huge numbers, deep groups, non-ASCII and raw
//! identifiers, every parameter form users write, refused forms, `impl` blocks; valid pairs
//! mutated token by token; random token trees (`gen`). Every case must expand without a
//! panic, the same way twice, into items that parse, each rejection a `compile_error!` at a
//! token of the input (`oracle`).
//!
//! `cargo test -p gradcheck-macros fuzz` runs a fixed-seed slice (2 000 cases, seconds).
//! The full run, 8 worker threads of 8 MiB stacks (rustc runs proc macros on its 8 MiB main
//! thread):
//!
//! ```text
//! GRADCHECK_FUZZ_CASES=100000 cargo test -p gradcheck-macros --release fuzz -- --nocapture
//! GRADCHECK_FUZZ_SEED=7 ...        # another run
//! GRADCHECK_FUZZ_CASE=1234 ...     # one case alone, printed with its expansion
//! ```

mod corpus;
mod gen;
mod oracle;
mod rng;

use gen::{case, How};
use oracle::Verdict;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// The slice's seed: any failure it ever shows is reproduced by the same number.
const SEED: u64 = 0x005E_ED16;
const SLICE: u64 = 2_000;

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => v.parse().ok(),
    }
}

/// Counts of one run.
#[derive(Default)]
struct Tally {
    accepted: AtomicU64,
    rejected: AtomicU64,
    errors: AtomicU64,
    unlexable: AtomicU64,
    per_way: Mutex<Vec<(How, u64, u64)>>,
    failures: Mutex<Vec<String>>,
}

impl Tally {
    fn count(&self, how: How, verdict: &Verdict) {
        let accepted = matches!(verdict, Verdict::Accepted);
        match verdict {
            Verdict::Accepted => self.accepted.fetch_add(1, Ordering::Relaxed),
            Verdict::Rejected(n) => {
                self.errors.fetch_add(*n as u64, Ordering::Relaxed);
                self.rejected.fetch_add(1, Ordering::Relaxed)
            }
        };
        let mut ways = self.per_way.lock().unwrap();
        match ways.iter_mut().find(|w| w.0 == how) {
            Some(w) => {
                w.1 += 1;
                w.2 += accepted as u64;
            }
            None => ways.push((how, 1, accepted as u64)),
        }
    }
}

/// Runs case `i` of run `seed`: its verdict, or `None` when its text does not lex.
fn run_case(seed: u64, i: u64, tally: &Tally) {
    let c = case(seed, i);
    let (Some(args), Some(item)) = (c.args.lex(), c.item.lex()) else {
        tally.unlexable.fetch_add(1, Ordering::Relaxed);
        return;
    };
    match oracle::check(&args, &item, i.is_multiple_of(16)) {
        Ok(v) => tally.count(c.how, &v),
        Err(why) => {
            let mut f = tally.failures.lock().unwrap();
            f.push(format!(
                "case {i} ({:?}): {why}\n  args: {}\n  item: {}\n  rerun: GRADCHECK_FUZZ_SEED={seed} GRADCHECK_FUZZ_CASE={i}",
                c.how, c.args, c.item
            ));
        }
    }
    // Locations are kept per thread for the thread's life; drop this case's.
    proc_macro2::extra::invalidate_current_thread_spans();
}

#[test]
fn fuzz_the_attribute() {
    let seed = env_u64("GRADCHECK_FUZZ_SEED").unwrap_or(SEED);
    if let Some(i) = env_u64("GRADCHECK_FUZZ_CASE") {
        let c = case(seed, i);
        println!("args: {}\nitem: {}", c.args, c.item);
        if let (Some(a), Some(it)) = (c.args.lex(), c.item.lex()) {
            println!("expansion: {}", crate::item::expand(a.clone(), it.clone()));
            println!("verdict: {:?}", oracle::check(&a, &it, true));
        }
        return;
    }
    let cases = env_u64("GRADCHECK_FUZZ_CASES").unwrap_or(SLICE);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8) as u64;
    let tally = Tally::default();
    let next = AtomicU64::new(0);
    let start = std::time::Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn_scoped(s, || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= cases || tally.failures.lock().unwrap().len() >= 20 {
                        break;
                    }
                    run_case(seed, i, &tally);
                })
                .expect("a worker thread");
        }
    });
    let failures = tally.failures.into_inner().unwrap();
    let ways = tally.per_way.into_inner().unwrap();
    println!(
        "fuzz: seed {seed:#x}, {cases} cases in {:.1} s: {} accepted, {} rejected with {} errors, {} not lexable; per way (cases, accepted): {ways:?}",
        start.elapsed().as_secs_f64(),
        tally.accepted.load(Ordering::Relaxed),
        tally.rejected.load(Ordering::Relaxed),
        tally.errors.load(Ordering::Relaxed),
        tally.unlexable.load(Ordering::Relaxed),
    );
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_seeds_of_mutation_are_accepted() {
    for (args, item) in gen::VALID {
        let (a, i) = (args.parse().unwrap(), item.parse().unwrap());
        assert_eq!(
            oracle::check(&a, &i, true),
            Ok(Verdict::Accepted),
            "{args} on {item}: {}",
            crate::item::expand(a.clone(), i.clone())
        );
    }
}

/// Inputs the fuzzing found wrong once, each fixed (the fix said beside it).
#[test]
fn inputs_that_once_failed() {
    let cases = [
        // valid.rs `known_sum`: the lengths' total overflowed (a panic in debug builds, which
        // is how proc macros are built).
        (
            "at = [[1.0, 2.0]]",
            "fn f<D: DualNum<Primitive = f64>>(a: [D; 18446744073709551615], b: D) -> D { b }",
        ),
        (
            "dims(a = 18446744073709551615, b = 3), at = [[1.0]]",
            "fn f<D: DualNum<Primitive = f64>>(a: Vec<D>, b: &[D]) -> D { b[0] }",
        ),
        // item.rs `replace_self`: `Self: Sized` became `<Model>: Sized`, which does not
        // parse, reported at the call site (now accepted: see below).
        (
            "",
            "impl Model { #[gradient_checked(samples = 2)] fn f<D: DualNum<Primitive = f64>>(x: D) -> D where Self: Sized { x } }",
        ),
        // signature.rs: "no differentiable parameter" on empty parentheses was at the call site.
        ("", "fn f<D: DualNum<Primitive = f64>>() -> D { todo!() }"),
        // attr.rs `parse_scoped`: a mistake at the end of the arguments or of a key's
        // parentheses was at the call site (syn's `parse2` knows no later token).
        ("grad =", "fn f<D: DualNum<Primitive = f64>>(x: D) -> D { x }"),
        ("data(xs = XS &)", "fn f<D: DualNum<Primitive = f64>>(x: D, xs: &[f64]) -> D { x }"),
        ("shape(x)", "fn f<D: DualNum<Primitive = f64>>(x: &[D]) -> D { x[0] }"),
        ("domain(x = 'a)", "fn f<D: DualNum<Primitive = f64>>(x: D) -> D { x }"),
        ("allow(kink,, panic)", "fn f<D: DualNum<Primitive = f64>>(x: D) -> D { x }"),
    ];
    for (args, item) in cases {
        let (a, i) = (args.parse().unwrap(), item.parse().unwrap());
        let verdict = oracle::check(&a, &i, true);
        let want_accepted = item.contains("Self: Sized");
        assert!(
            matches!(verdict, Ok(Verdict::Rejected(_))) != want_accepted,
            "{args} on {item}: {verdict:?}"
        );
    }
}

/// The oracle catches what it is for: an error at the call site, a panic.
#[test]
fn the_oracle_sees_call_site_errors() {
    let item: proc_macro2::TokenStream = "fn f<D: DualNum<Primitive = f64>>(x: D) -> D { x }"
        .parse()
        .unwrap();
    let spanned: proc_macro2::TokenStream = "smaples = 3".parse().unwrap();
    assert_eq!(
        oracle::check(&spanned, &item, false),
        Ok(Verdict::Rejected(1))
    );
    // The same mistake made by `quote!`, whose tokens carry the call site.
    let unspanned = quote::quote!(smaples = 3);
    let e = oracle::check(&unspanned, &item, false).unwrap_err();
    assert!(e.contains("call site"), "{e}");
}
