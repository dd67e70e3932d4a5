//! Degenerate inputs and hostile functions: each gets a clear finding or message, and the
//! points it does not concern still run. (Behaviours every entry shares — output lengths
//! that change, panics, NaN, hand-written derivatives that panic or have the wrong shape — are
//! in `uniform.rs`; the same through the attribute in the facade's `tests/hostile.rs`.)
//!
//! A function that never returns hangs its test: the checker has no timeout of its own (it
//! cannot stop a thread that does not return). `cargo test` says "has been running for over
//! 60 seconds" and waits; nextest kills it after `slow-timeout`'s `terminate-after` periods
//! (this repository's `.config/nextest.toml`). `scripts/hang.sh` runs the test
//! `a_function_that_never_returns_hangs_its_test` below under nextest's `hang` profile and
//! checks that it is killed.

use gradcheck_runtime::__private::check_gradient;
use gradcheck_runtime::{Check, Function, Kind, Layout, Mode, Number, Report, Spec};

/// Σ xᵢ².
struct Squares;
impl Function for Squares {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![x.iter().fold(D::from(0.0), |s, &v| s + v * v)]
    }
}
fn squares_grad(x: &[f64]) -> Vec<Vec<f64>> {
    vec![x.iter().map(|v| 2.0 * v).collect()]
}

fn note(r: &Report, words: &str) -> bool {
    r.notes().iter().any(|n| n.contains(words))
}

#[test]
fn a_function_of_no_input_is_told_so() {
    let r = check_gradient(&Spec::new("h::none", Layout::flat(0)), &Squares, None);
    assert!(
        !r.passed() && note(&r, "no differentiable input (n = 0)"),
        "{r}"
    );
    let r = Check::new("h::none", |_: &[f64]| 1.0).dims(0).run();
    assert!(!r.passed() && note(&r, "`.dims(n)` with n ≥ 1"), "{r}");
    let r = Check::new("h::none", |_: &[f64]| 1.0).at(&[]).run();
    assert!(!r.passed() && note(&r, "n = 0"), "{r}");
}

/// Full mode asked for at n = 10^6 would take hours: it is estimated from one evaluation,
/// said, and fast mode runs instead (5 s in a debug build, most of it building duals).
#[test]
fn a_million_inputs_in_full_mode_switch_to_fast_with_the_estimate_said() {
    let x = vec![0.5; 1_000_000];
    let spec = Spec::new("h::million", Layout::flat(x.len()))
        .at(&x)
        .mode(Mode::Full);
    let r = check_gradient(&spec, &Squares, Some(&squares_grad));
    assert!(r.passed(), "{r}");
    assert!(
        note(&r, "full mode at n = 1000000 takes about") && note(&r, "fast mode ran instead"),
        "{r}"
    );
}

#[test]
fn explicit_points_must_be_finite_and_negative_zero_keeps_its_sign() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let spec = Spec::new("h::bad", Layout::flat(2))
            .at(&[1.0, 1.0])
            .at(&[0.5, bad]);
        let r = check_gradient(&spec, &Squares, Some(&squares_grad));
        assert!(
            !r.passed() && note(&r, "explicit point 1 has a non-finite value at component 1"),
            "{bad}: {r}"
        );
    }
    // |x| at −0.0: the kink is found there, at the point as given (JSON `-0.0`).
    struct Abs;
    impl Function for Abs {
        type Real = f64;
        fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
            vec![x[0].abs() + x[1]]
        }
    }
    let sign = |x: &[f64]| vec![vec![x[0].signum(), 1.0]];
    let spec = Spec::new("h::negzero", Layout::flat(2))
        .at(&[-0.0, 1.0])
        .at(&[0.5, 1.0]);
    let r = check_gradient(&spec, &Abs, Some(&sign));
    let kink = r.errors().find(|f| f.kind == Kind::Kink).expect("a kink");
    assert!(
        kink.point[0] == 0.0 && kink.point[0].is_sign_negative(),
        "{r}"
    );
    assert_eq!(r.errors().count(), 1, "the point 0.5 is fine: {r}");
    assert!(r.to_json().contains("[-0.0,1.0]"), "{}", r.to_json());
}

#[test]
fn empty_reversed_and_infinite_domains_are_refused_naming_the_component() {
    for (range, shown) in [
        (1.0..1.0, "1.0..1.0"),
        (1.0..-1.0, "1.0..-1.0"),
        (f64::NAN..1.0, "NaN..1.0"),
        (f64::NEG_INFINITY..f64::INFINITY, "-inf..inf"),
    ] {
        let spec = Spec::new("h::domain", Layout::new().scalar("a").scalar("b"))
            .samples(4)
            .param_domain("b", range);
        let r = check_gradient(&spec, &Squares, Some(&squares_grad));
        assert!(
            !r.passed()
                && note(
                    &r,
                    &format!("the domain of b is {shown}: it must be a finite range with lo < hi")
                ),
            "{r}"
        );
    }
    let r = Check::new("h::domain", |x: &[f64]| x[0])
        .dims(1)
        .domain(2.0..1.0)
        .run();
    assert!(!r.passed() && note(&r, "2.0..1.0"), "{r}");
}

/// Over ±1e300, x² overflows: `nonfinite_value` where it does, said as such; functions that
/// do not overflow there pass (a dual chain that overflows inside is a warning, not an error).
#[test]
fn domains_of_1e300_find_the_overflow_and_nothing_else() {
    let spec = |name: &str| {
        Spec::new(name, Layout::flat(2))
            .domain(-1e300..1e300)
            .samples(32)
    };
    let r = check_gradient(&spec("h::huge_squares"), &Squares, Some(&squares_grad));
    assert!(!r.passed(), "{r}");
    assert!(r.errors().all(|f| f.kind == Kind::NonfiniteValue), "{r}");
    assert!(r.errors().any(|f| f.message.contains("returns inf")), "{r}");
    struct Tame;
    impl Function for Tame {
        type Real = f64;
        fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
            vec![x[0].atan() + x[1] * 3.0 + (x[1] * 1e-300).tanh()]
        }
    }
    let g = |x: &[f64]| {
        let t = (x[1] * 1e-300).tanh();
        vec![vec![
            1.0 / (1.0 + x[0] * x[0]),
            3.0 + 1e-300 * (1.0 - t * t),
        ]]
    };
    let r = check_gradient(&spec("h::huge_tame"), &Tame, Some(&g));
    assert!(r.passed(), "{r}");
    assert_eq!(r.points_checked(), 50, "every point ran: {r}");
}

/// Values in f64 are fine; only the dual evaluation panics (code that inspects its number
/// type, or an impl missing for duals): a `panic` that says so, at every point.
#[test]
fn a_function_that_panics_only_for_dual_numbers_is_a_panic_that_says_so() {
    struct DualShy;
    impl Function for DualShy {
        type Real = f64;
        fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
            if std::any::type_name::<D>().contains("Dual") {
                panic!("no dual numbers here");
            }
            vec![x[0] * x[0]]
        }
    }
    let spec = Spec::new("h::dual_shy", Layout::flat(1))
        .samples(4)
        .domain(-1.0..1.0);
    let r = check_gradient(&spec, &DualShy, Some(&squares_grad));
    assert!(r.points_checked() > 4, "{r}");
    assert!(
        r.findings().iter().all(|f| f.kind == Kind::Panic
            && f.message.contains("dual numbers")
            && f.message.contains("no dual numbers here")),
        "{r}"
    );
    // One per point (at stationary points, descended to from a random one, a warning).
    assert_eq!(r.findings().len(), r.points_checked(), "{r}");
    assert!(!r.passed(), "{r}");
}

/// 1 GiB per call, freed at return: checked like any function. The memory is the user's:
/// points run on every core, so peak use is the core count times one call's (bound it with
/// `RAYON_NUM_THREADS`); an allocation that fails aborts the process (Rust's default), which
/// the test runner reports as a crash. (This one leaves the pages untouched so that the test
/// stays fast; `a_gibibyte_written_per_call` in BENCHMARKS.md writes them.)
#[test]
fn a_function_allocating_a_gibibyte_per_call_is_checked() {
    struct Hungry;
    impl Function for Hungry {
        type Real = f64;
        fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
            let big = std::hint::black_box(vec![0u8; 1 << 30]);
            vec![x[0] * x[0] + D::from(f64::from(big[big.len() / 2]))]
        }
    }
    let spec = Spec::new("h::hungry", Layout::flat(1))
        .samples(4)
        .domain(-1.0..1.0);
    let r = check_gradient(&spec, &Hungry, Some(&squares_grad));
    assert!(r.passed() && r.evaluations() > 20, "{r}");
}

/// A slow function is checked at every point all the same (the point budget counts
/// evaluations, not time); full mode above 1000 inputs estimates its time from one
/// evaluation and, over two minutes, says so and runs fast mode.
#[test]
fn a_sleeping_function_is_checked_and_full_mode_on_it_says_how_long_it_would_take() {
    struct Sleepy;
    impl Function for Sleepy {
        type Real = f64;
        fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
            std::thread::sleep(std::time::Duration::from_millis(20));
            vec![x.iter().fold(D::from(0.0), |s, &v| s + v * v)]
        }
    }
    let spec = Spec::new("h::sleepy", Layout::flat(1))
        .samples(2)
        .domain(-1.0..1.0);
    let r = check_gradient(&spec, &Sleepy, Some(&squares_grad));
    assert!(r.passed() && r.points_checked() >= 2, "{r}");
    let x = vec![0.5; 2000];
    let spec = Spec::new("h::sleepy_full", Layout::flat(x.len()))
        .at(&x)
        .mode(Mode::Full);
    let r = check_gradient(&spec, &Sleepy, Some(&squares_grad));
    assert!(
        r.passed()
            && note(&r, "full mode at n = 2000 takes about")
            && note(&r, "fast mode ran instead"),
        "{r}"
    );
}

/// Never returns. Runs only with `GRADCHECK_HANG=1` (scripts/hang.sh, under nextest's
/// `hang` profile, which kills it): otherwise it would hang every `cargo test`.
#[test]
fn a_function_that_never_returns_hangs_its_test() {
    if std::env::var_os("GRADCHECK_HANG").is_none() {
        return;
    }
    struct Forever;
    impl Function for Forever {
        type Real = f64;
        fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
            loop {
                std::thread::sleep(std::time::Duration::from_secs(1));
                if x.is_empty() {
                    break;
                }
            }
            vec![x[0]]
        }
    }
    let spec = Spec::new("h::forever", Layout::flat(1)).at(&[1.0]);
    let _ = check_gradient(&spec, &Forever, None);
    unreachable!("the function never returns");
}
