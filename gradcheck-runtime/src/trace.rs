//! `trace!`: print statements that know derivatives. Inside a function written over `D`,
//! `trace!("margin", m)` records nothing and costs one relaxed atomic load outside a check;
//! when a check fails, the engine evaluates the function once more at the worst point with
//! dual numbers seeded along the failing component, and every `trace!` on the way records the
//! intermediate's value and its derivative along that component, listed in the report in the
//! order they were computed: where the derivative first departs from what you expect is
//! where the hand-written one went wrong.

use num_dual::{Dual32, Dual64};
use std::any::Any;
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// At most this many records are kept per trace (a `trace!` in a loop over data).
const MAX_RECORDS: usize = 64;

/// How many threads are recording: 0 outside the engine's trace pass, so that `trace!` is a
/// load and a branch.
static RECORDING: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static RECORDS: RefCell<Option<Records>> = const { RefCell::new(None) };
}

/// What one trace pass recorded: (name, value, derivative) in order, and how many more
/// records were left out.
#[derive(Default, Debug)]
pub(crate) struct Records {
    pub rows: Vec<(String, f64, Option<f64>)>,
    pub more: usize,
}

/// Records `value` under `name` when the engine is tracing on this thread; what
/// [`trace!`](crate::trace!) expands to. Dual numbers (`Dual64`, `Dual32`) give their value and
/// derivative, plain floats their value; other types are skipped.
///
/// ```
/// gradcheck_runtime::__trace::record("x", &1.5_f64); // outside a check: nothing happens
/// ```
#[inline]
pub fn record<T: 'static>(name: &str, value: &T) {
    if RECORDING.load(Ordering::Relaxed) != 0 {
        record_now(name, value);
    }
}

#[cold]
#[inline(never)]
fn record_now(name: &str, value: &dyn Any) {
    let (v, d) = if let Some(x) = value.downcast_ref::<Dual64>() {
        (x.re, Some(x.eps))
    } else if let Some(x) = value.downcast_ref::<Dual32>() {
        (x.re as f64, Some(x.eps as f64))
    } else if let Some(x) = value.downcast_ref::<f64>() {
        (*x, None)
    } else if let Some(x) = value.downcast_ref::<f32>() {
        (*x as f64, None)
    } else {
        return;
    };
    RECORDS.with(|r| {
        if let Some(records) = r.borrow_mut().as_mut() {
            if records.rows.len() < MAX_RECORDS {
                records.rows.push((name.to_owned(), v, d));
            } else {
                records.more += 1;
            }
        }
    });
}

/// Runs `f` with `trace!` recording on this thread, and returns what it recorded.
pub(crate) fn capture<T>(f: impl FnOnce() -> T) -> (T, Records) {
    struct Stop;
    impl Drop for Stop {
        fn drop(&mut self) {
            RECORDING.fetch_sub(1, Ordering::Relaxed);
        }
    }
    RECORDS.with(|r| *r.borrow_mut() = Some(Records::default()));
    RECORDING.fetch_add(1, Ordering::Relaxed);
    let out = {
        let _stop = Stop;
        f()
    };
    let records = RECORDS.with(|r| r.borrow_mut().take()).unwrap_or_default();
    (out, records)
}

/// Records an intermediate value of a function written over `D` and evaluates to it:
/// `trace!("margin", m)` or `let m = trace!("margin", w * x);`. When a check of the function
/// fails, the report lists every traced value at the worst point with its derivative along
/// the failing component, in the order computed. Outside a check it does nothing (one
/// atomic load).
///
/// ```
/// use gradcheck_runtime::trace;
/// use num_dual::DualNum;
///
/// fn loss<D: DualNum<Primitive = f64> + Copy>(w: &[D]) -> D {
///     let margin = trace!("margin", w[0] * 2.0 - w[1]);
///     margin.exp().ln_1p()
/// }
/// assert!(loss(&[1.0, 2.0]) > 0.0);
/// ```
#[macro_export]
macro_rules! trace {
    ($name:expr, $value:expr $(,)?) => {
        match $value {
            __traced => {
                $crate::__trace::record($name, &__traced);
                __traced
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_only_while_capturing() {
        record("before", &Dual64::new(1.0, 2.0));
        let ((), r) = capture(|| {
            record("a", &Dual64::new(1.0, 2.0));
            record("b", &3.0_f64);
            record("skipped", &"text");
        });
        assert_eq!(
            r.rows,
            vec![("a".into(), 1.0, Some(2.0)), ("b".into(), 3.0, None)]
        );
        let ((), r) = capture(|| {
            for _ in 0..MAX_RECORDS + 3 {
                record("loop", &1.0_f64);
            }
        });
        assert_eq!((r.rows.len(), r.more), (MAX_RECORDS, 3));
    }
}
