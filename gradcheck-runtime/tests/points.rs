//! Where the points come from: each kind of point finds a bug that the others miss, and
//! the report says which kind found it (`origin`) and how many points of each kind ran.

use gradcheck_runtime::__private::check_gradient;
use gradcheck_runtime::{Function, Kind, Layout, Mode, Number, Origin, Report, Spec};

/// The origins of the errors of `r`, without repeats.
fn origins(r: &Report) -> Vec<Origin> {
    let mut o: Vec<Origin> = r.errors().filter_map(|f| f.origin).collect();
    o.dedup();
    o.sort_by_key(|o| o.name());
    o.dedup();
    o
}

/// A lookup table of 40 linear segments on −1..1; the hand-written slope of one segment in
/// the middle (0.4 ≤ x < 0.45, 2.5% of the box) is copied from its neighbour. Only a point in
/// that slice sees it: special points sit at 0, ±1 and the box's ends, the descent runs down
/// a slope that never vanishes, and the domain leaves nothing to explore.
struct Table;
const KNOTS: usize = 40;
fn knot_slope(k: usize) -> f64 {
    1.0 + 0.1 * k as f64
}
fn segment(x: f64) -> usize {
    (((x + 1.0) * 0.5 * KNOTS as f64) as usize).min(KNOTS - 1)
}
impl Function for Table {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        let k = segment(x[0].re());
        let start = -1.0 + 2.0 * k as f64 / KNOTS as f64;
        let below: f64 = (0..k).map(|i| knot_slope(i) * 2.0 / KNOTS as f64).sum();
        vec![(x[0] - start) * knot_slope(k) + below + x[1] * 0.5]
    }
}

#[test]
fn stratified_random_points_find_a_thin_slice_of_the_box() {
    let g = |x: &[f64]| {
        let k = segment(x[0]);
        let k = if k == 28 { 27 } else { k }; // BUG: segment 28 (0.4..0.45) uses 27's slope
        vec![vec![knot_slope(k), 0.5]]
    };
    let spec = Spec::new("t::table", Layout::flat(2)).domain(-1.0..1.0);
    let right = |x: &[f64]| vec![vec![knot_slope(segment(x[0])), 0.5]];
    for seed in 0..7 {
        let ok = check_gradient(&spec.clone().seed(seed), &Table, Some(&right));
        assert!(ok.passed(), "seed {seed}: {ok}");
        let r = check_gradient(&spec.clone().seed(seed), &Table, Some(&g));
        assert!(origins(&r).contains(&Origin::Random), "seed {seed}: {r}");
        // Another kind of point lands in the slice only by chance: the special point with all
        // components at one seeded place of the box (2.5%; at seeds 3 and 6 here).
        assert!(
            r.errors()
                .all(|f| f.origin == Some(Origin::Random) || f.point[0] == f.point[1]),
            "seed {seed}: {r}"
        );
    }
    // The old default, 16 uniform points, missed it at one seed in 1.5 (1 − 0.025)^16 = 0.67.
}

/// sin(x)/x with the removable singularity at 0 handled in the function, and a hand-written
/// derivative that is 0/0 there.
struct Sinc;
impl Function for Sinc {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![if x[0].re() == 0.0 {
            D::from(1.0)
        } else {
            x[0].sin() / x[0]
        }]
    }
}

#[test]
fn special_points_find_a_gradient_that_is_nan_at_zero() {
    let g = |x: &[f64]| vec![vec![(x[0] * x[0].cos() - x[0].sin()) / (x[0] * x[0])]];
    let spec = Spec::new("t::sinc", Layout::flat(1)).domain(-2.0..2.0);
    let right = |x: &[f64]| {
        let v = x[0];
        vec![vec![if v == 0.0 {
            0.0
        } else {
            (v * v.cos() - v.sin()) / (v * v)
        }]]
    };
    for seed in 0..7 {
        let ok = check_gradient(&spec.clone().seed(seed), &Sinc, Some(&right));
        assert!(ok.passed(), "seed {seed}: {ok}");
        let r = check_gradient(&spec.clone().seed(seed), &Sinc, Some(&g));
        assert_eq!(origins(&r), vec![Origin::Special], "seed {seed}: {r}");
        let f = r.errors().next().unwrap();
        assert_eq!(
            (f.kind, f.point.as_slice()),
            (Kind::Mismatch, &[0.0][..]),
            "{r}"
        );
    }
}

/// Huber's loss with δ = 3: its linear branch lies beyond the default box.
struct Huber;
impl Function for Huber {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        vec![x
            .iter()
            .map(|&r| {
                if r.re().abs() <= 3.0 {
                    r * r * 0.5
                } else {
                    (r.abs() - 1.5) * 3.0
                }
            })
            .fold(D::from(0.0), |a, b| a + b)]
    }
}

#[test]
fn exploration_points_find_a_branch_beyond_the_default_box() {
    let right = |x: &[f64]| vec![x.iter().map(|r| r.clamp(-3.0, 3.0)).collect()];
    let wrong = |x: &[f64]| vec![x.to_vec()]; // BUG: the clip forgotten
    let spec = Spec::new("t::huber", Layout::flat(3));
    for seed in 0..7 {
        let r = check_gradient(&spec.clone().seed(seed), &Huber, Some(&wrong));
        assert_eq!(origins(&r), vec![Origin::Explore], "seed {seed}: {r}");
        assert!(r.errors().all(|f| f.kind == Kind::Mismatch), "{r}");
        // Which kind of point found it, in the JSON and in the table.
        assert!(
            r.to_json().contains("\"origin\":\"explore\""),
            "{}",
            r.to_json()
        );
        let table = r.to_string();
        assert!(
            table.contains(" origin ") && table.contains(" explore "),
            "{table}"
        );
        let ok = check_gradient(&spec.clone().seed(seed), &Huber, Some(&right));
        assert!(ok.passed(), "seed {seed}: {ok}");
        assert!(ok.notes().iter().any(|n| n.contains("exploration")), "{ok}");
    }
    // With a domain, nothing is explored: the bug is out of reach, and that is what the
    // user said.
    let boxed = check_gradient(&spec.clone().domain(-2.0..2.0), &Huber, Some(&wrong));
    assert!(boxed.passed(), "{boxed}");
}

#[test]
fn a_function_undefined_beyond_the_box_only_warns_there_and_the_report_says_so() {
    struct Acos;
    impl Function for Acos {
        type Real = f64;
        fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
            vec![x[0].acos()]
        }
    }
    let g = |x: &[f64]| vec![vec![-1.0 / (1.0 - x[0] * x[0]).sqrt()]];
    let r = check_gradient(&Spec::new("t::acos", Layout::flat(1)), &Acos, Some(&g));
    assert!(r.passed(), "{r}");
    assert!(
        r.warnings()
            .any(|f| f.kind == Kind::NonfiniteValue && f.origin == Some(Origin::Explore)),
        "{r}"
    );
    // 1e-2 and 1e-1 in magnitude are within acos's domain, the rest is not.
    assert!(r.notes().iter().any(|n| n.contains("exploration points beyond the default box could not be evaluated")), "{r}");
}

/// Least squares with large data (a gradient of ~1e6 at random points) and a small ridge
/// term 1e-6·‖w‖², which the hand-written gradient forgets: 1e-12 of the gradient at random
/// points, the whole of it at the optimum.
struct Ridge;
const ROWS: [([f64; 3], f64); 4] = [
    ([1.0, 0.5, -0.3], 0.7),
    ([0.2, -1.0, 0.8], -0.4),
    ([-0.6, 0.3, 1.0], 0.9),
    ([0.9, 0.9, 0.1], 0.2),
];
impl Function for Ridge {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, w: &[D]) -> Vec<D> {
        let mut f = D::from(0.0);
        for (a, b) in ROWS {
            let r = w[0] * a[0] + w[1] * a[1] + w[2] * a[2] - b;
            f += r * r * 1e6;
        }
        vec![f + (w[0] * w[0] + w[1] * w[1] + w[2] * w[2]) * 1e-6]
    }
}

#[test]
fn stationary_points_find_a_missing_small_term() {
    let data_only = |w: &[f64]| {
        let mut g = vec![0.0; 3];
        for (a, b) in ROWS {
            let r = w[0] * a[0] + w[1] * a[1] + w[2] * a[2] - b;
            for i in 0..3 {
                g[i] += 2e6 * r * a[i];
            }
        }
        vec![g] // BUG: + 2e-6·w forgotten
    };
    let spec = Spec::new("t::ridge", Layout::flat(3)).domain(-2.0..2.0);
    let right = |w: &[f64]| {
        let g = data_only(w).remove(0);
        vec![g.iter().zip(w).map(|(g, v)| g + 2e-6 * v).collect()]
    };
    for seed in 0..7 {
        let ok = check_gradient(&spec.clone().seed(seed), &Ridge, Some(&right));
        assert!(ok.passed(), "seed {seed}: {ok}");
        // At the default annotation the stationary points find it at every seed (one of
        // several hundred random points may come close enough to the optimum too)...
        let r = check_gradient(&spec.clone().seed(seed), &Ridge, Some(&data_only));
        assert!(
            origins(&r).contains(&Origin::Stationary),
            "seed {seed}: {r}"
        );
        // ...and with the old default's 16 random points, only they do.
        let r = check_gradient(
            &spec.clone().seed(seed).samples(16),
            &Ridge,
            Some(&data_only),
        );
        assert_eq!(origins(&r), vec![Origin::Stationary], "seed {seed}: {r}");
    }
}

/// A function of 2000 inputs (fast mode) whose last component's true derivative is 1.5e-11,
/// left at 0 by the hand-written gradient: far below what random directions resolve.
struct Tail;
const TAIL_N: usize = 2000;
impl Function for Tail {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        let mut f = x[TAIL_N - 1] * 1.5e-11;
        for &v in &x[..TAIL_N - 1] {
            f += (v - 0.3) * (v - 0.3);
        }
        vec![f]
    }
}

#[test]
fn fast_mode_checks_the_last_and_smallest_components_in_full() {
    let g = |x: &[f64]| {
        let mut g: Vec<f64> = x.iter().map(|v| 2.0 * (v - 0.3)).collect();
        g[TAIL_N - 1] = 0.0; // BUG: 1.5e-11
        vec![g]
    };
    let spec = Spec::new("t::tail", Layout::flat(TAIL_N))
        .samples(2)
        .domain(-1.0..1.0);
    assert_eq!(spec.effective_mode(), Mode::Fast);
    let right = |x: &[f64]| {
        let mut g: Vec<f64> = x.iter().map(|v| 2.0 * (v - 0.3)).collect();
        g[TAIL_N - 1] = 1.5e-11;
        vec![g]
    };
    let ok = check_gradient(&spec, &Tail, Some(&right));
    assert!(ok.passed() && ok.findings().is_empty(), "{ok}");
    let r = check_gradient(&spec, &Tail, Some(&g));
    assert!(!r.passed(), "{r}");
    assert!(
        r.errors().all(|f| f.kind == Kind::Mismatch
            && f.component == Some(TAIL_N - 1)
            && f.message.contains("chosen in fast mode")),
        "{r}"
    );
    // The directions' own bound is above the error: they would not have caught it.
    assert!(
        r.notes()
            .iter()
            .any(|n| n.contains("fast mode: 8 random sign directions")),
        "{r}"
    );
}

#[test]
fn the_budget_gives_cheap_functions_many_points_and_says_so() {
    let g = |x: &[f64]| vec![x.iter().map(|r| r.clamp(-3.0, 3.0)).collect()];
    let r = check_gradient(&Spec::new("t::huber", Layout::flat(2)), &Huber, Some(&g));
    assert!(r.points_checked() > 200, "{r}");
    let note = r
        .notes()
        .iter()
        .find(|n| n.starts_with("points:"))
        .expect("a note on the points");
    assert!(
        note.contains("random") && note.contains("budget of 8192 evaluations"),
        "{r}"
    );
    // `samples` fixes the count of random points.
    let fixed = check_gradient(
        &Spec::new("t::huber", Layout::flat(2)).samples(5),
        &Huber,
        Some(&g),
    );
    assert!(
        fixed
            .notes()
            .iter()
            .any(|n| n.starts_with("points: 5 random")),
        "{fixed}"
    );
}

/// One minimum in the box, at 0.3 in every component: descents from any start end there.
struct Bowl;
impl Function for Bowl {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        let mut f = D::from(1.0);
        for &v in x {
            let d = v - 0.3;
            f += d * d + d.powi(4);
        }
        vec![f]
    }
}

/// Two minima, at x = ±0.5 (y = 0).
struct Wells;
impl Function for Wells {
    type Real = f64;
    fn eval<D: Number<f64>>(&self, x: &[D]) -> Vec<D> {
        let w = x[0] * x[0] - 0.25;
        vec![w * w + x[1] * x[1]]
    }
}

/// The distinct points the errors of origin `stationary` were found at.
fn stationary_points(r: &Report) -> Vec<Vec<f64>> {
    let mut points: Vec<Vec<f64>> = Vec::new();
    for f in r.errors().filter(|f| f.origin == Some(Origin::Stationary)) {
        if !points.contains(&f.point) {
            points.push(f.point.clone());
        }
    }
    points
}

/// A hand-written gradient 0.5 off the true one: an error at every point, minima included.
fn shifted<F: Function<Real = f64>>(f: &F) -> impl Fn(&[f64]) -> Vec<Vec<f64>> + Sync + '_ {
    move |x: &[f64]| {
        let h = 1e-6;
        let g = (0..x.len())
            .map(|i| {
                let at = |d: f64| {
                    let mut y = x.to_vec();
                    y[i] += d;
                    f.eval::<f64>(&y)[0]
                };
                (at(h) - at(-h)) / (2.0 * h) + 0.5
            })
            .collect();
        vec![g]
    }
}

#[test]
fn descents_that_end_at_one_minimum_give_one_stationary_point() {
    for seed in 0..4 {
        let spec = Spec::new("t::bowl", Layout::flat(3))
            .domain(-1.0..1.0)
            .seed(seed);
        let r = check_gradient(&spec, &Bowl, Some(&shifted(&Bowl)));
        let points = stationary_points(&r);
        assert_eq!(points.len(), 1, "seed {seed}: {r}");
        assert!(points[0].iter().all(|v| (v - 0.3).abs() < 1e-6));
        assert!(
            r.notes().iter().any(|n| n.contains(
                "1 stationary (descent from 2 random points, 1 of which ended at a point already found)"
            )),
            "seed {seed}: {:?}",
            r.notes()
        );
    }
}

#[test]
fn descents_that_end_at_two_minima_keep_both_at_any_thread_count() {
    let spec = Spec::new("t::wells", Layout::flat(2))
        .domain(-1.0..1.0)
        .seed(SEED_TWO_WELLS);
    let grad = shifted(&Wells);
    let r = check_gradient(&spec, &Wells, Some(&grad));
    let points = stationary_points(&r);
    assert_eq!(points.len(), 2, "{r}");
    assert!((points[0][0].abs() - 0.5).abs() < 1e-6 && (points[1][0].abs() - 0.5).abs() < 1e-6);
    assert!(
        points[0][0] * points[1][0] < 0.0,
        "one in each well: {points:?}"
    );
    assert!(
        r.notes().iter().any(|n| n.contains("2 stationary")),
        "{:?}",
        r.notes()
    );
    // The same report whichever threads ran the descents and the points.
    for threads in [1, 3] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let again = pool.install(|| check_gradient(&spec, &Wells, Some(&grad)));
        assert_eq!(again.to_json(), r.to_json(), "{threads} threads");
    }
}

/// A seed whose first two random points lie on either side of x = 0.
const SEED_TWO_WELLS: u64 = 0;
