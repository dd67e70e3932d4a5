//! `Monitor::record` must not allocate per step once the history has room:
//! checked with an allocator that counts allocations on the current thread.
//! (A separate test binary, so the counting allocator affects nothing else.)

use gradcheck_train::monitor::{Monitor, Observation};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    // `const` initialisation: touching it from the allocator never allocates.
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.with(|c| c.set(c.get() + 1));
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.with(|c| c.set(c.get() + 1));
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCS.with(Cell::get);
    f();
    ALLOCS.with(Cell::get) - before
}

#[test]
fn recording_a_step_does_not_allocate_once_history_is_reserved() {
    let mut m = Monitor::builder()
        .vanishing(1e-9, 3)
        .exploding(1e9)
        .spike(10.0, 20)
        .log(false)
        .build();
    let a = vec![0.01; 1000];
    let b = [0.02; 10];
    // The first step creates the groups (names, detector buffers).
    m.record(0, 1.0, &[("a", &a[..]), ("b", &b[..])]);
    m.reserve(500);
    let n = allocations_during(|| {
        for step in 1..500 {
            let events = m.record(step, 1.0, &[("a", &a[..]), ("b", &b[..])]);
            assert!(events.is_empty());
        }
    });
    assert_eq!(n, 0, "record allocated {n} times in 499 steps");
    assert_eq!(m.steps().len(), 500);
}

#[test]
fn direction_update_ratio_and_histograms_do_not_allocate_per_step_either() {
    let mut m = Monitor::builder()
        .oscillation(-0.5, 5)
        .aligned(0.9, 1000)
        .histogram(1, 64)
        .log(false)
        .build();
    let g = vec![0.01; 1000];
    let w: Vec<Vec<f64>> = (0..2).map(|k| vec![1.0 + 1e-3 * k as f64; 1000]).collect();
    let record = |m: &mut Monitor, step: u64| {
        let obs = [Observation::new("g", &g).params(&w[step as usize % 2])];
        m.observe(step, 1.0, &obs).len()
    };
    // The first step sizes the group's buffers (gradient copies, parameters, histograms).
    record(&mut m, 0);
    m.reserve(500);
    // 499 steps: the histogram columns fill up and are thinned three times on the way.
    let n = allocations_during(|| {
        for step in 1..500 {
            assert_eq!(record(&mut m, step), 0);
        }
    });
    assert_eq!(n, 0, "observe allocated {n} times in 499 steps");
    let s = m.group("g").unwrap().samples()[499];
    assert!(s.cos_prev.is_some() && s.update_ratio.is_some());
}

#[test]
fn without_reserve_history_growth_is_amortised() {
    let mut m = Monitor::builder().log(false).build();
    let g = vec![0.5; 100];
    m.record(0, 1.0, &[("g", &g[..])]);
    let n = allocations_during(|| {
        for step in 1..10_000 {
            m.record(step, 1.0, &[("g", &g[..])]);
        }
    });
    // Two growing vectors (steps, group samples), doubling: ~2·log2(10⁴).
    assert!(n <= 40, "{n} allocations for 10 000 steps");
}

#[test]
fn the_counter_sees_allocations_so_zero_means_zero() {
    let n = allocations_during(|| {
        std::hint::black_box(vec![1u8; 16]);
    });
    assert_eq!(n, 1);
}
