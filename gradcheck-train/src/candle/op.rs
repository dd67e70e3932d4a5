//! Checking a candle custom op's backward pass against finite differences.
//!
//! A custom op maps tensors to a tensor; its `bwd` is a vector–Jacobian product. The check
//! projects the output on a fixed random cotangent w: f(x) = Σᵢ wᵢ·op(x)ᵢ is a scalar whose
//! gradient is exactly `bwd` with `grad_res = w`, and that scalar check is what the runtime's
//! finite-difference [`Check`] does. One projection catches any wrong entry of the Jacobian
//! whose row meets a non-zero wᵢ, which is every row, since no wᵢ is near zero.

use candle_core::{CustomOp1, CustomOp2, DType, Device, Error, Result, Shape, Tensor};
use gradcheck_runtime::{Check, Kind, Report, SplitMix64};

/// Options of a custom-op check; [`check_op1`] and [`check_op2`] run it with the defaults.
///
/// The op is run on the CPU in `f64` (its `cpu_fwd` must accept `F64` storage): finite
/// differences in `f32` cannot resolve a gradient error below about 1e-3. Findings are by
/// input element: `component` is the row-major index of the element in the input (for two
/// inputs, the first input's elements come first, then the second's).
///
/// ```
/// use candle_core::{CpuStorage, CustomOp1, Device, Layout, Shape, Tensor};
/// use gradcheck_train::candle::OpCheck;
/// use gradcheck_train::candle::Kind;
///
/// /// |x|, whose derivative jumps at 0.
/// struct Abs;
/// impl CustomOp1 for Abs {
///     fn name(&self) -> &'static str { "abs" }
///     fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
///         let (a, b) = l.contiguous_offsets().expect("contiguous");
///         let CpuStorage::F64(v) = s else { candle_core::bail!("f64 only") };
///         Ok((CpuStorage::F64(v[a..b].iter().map(|x| x.abs()).collect()), l.shape().clone()))
///     }
///     fn bwd(&self, x: &Tensor, _: &Tensor, dy: &Tensor) -> candle_core::Result<Option<Tensor>> {
///         let sign = ((x.ge(0.0)?.to_dtype(candle_core::DType::F64)? * 2.0)? - 1.0)?;
///         Ok(Some(sign.mul(dy)?))
///     }
/// }
///
/// let x = Tensor::new(&[0.0f64, 1.5], &Device::Cpu)?;
/// let report = OpCheck::new("abs").seed(7).op1(&Abs, &x)?;
/// assert_eq!(report.errors().next().unwrap().kind, Kind::Kink);
/// assert_eq!(report.errors().next().unwrap().component, Some(0));
/// assert!(OpCheck::new("abs").allow(Kind::Kink).op1(&Abs, &x)?.passed());
/// # Ok::<(), candle_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct OpCheck {
    name: String,
    seed: u64,
    allow: Vec<Kind>,
}

impl OpCheck {
    /// A check reported under `name`, with cotangent seed 0 and nothing allowed.
    ///
    /// ```
    /// let _check = gradcheck_train::candle::OpCheck::new("my_op");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        OpCheck {
            name: name.into(),
            seed: 0,
            allow: Vec::new(),
        }
    }

    /// Seeds the random cotangent the output is projected on.
    ///
    /// ```
    /// let _check = gradcheck_train::candle::OpCheck::new("my_op").seed(42);
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Turns findings of `kind` into warnings (e.g. `Kind::Kink` for an op with a corner).
    ///
    /// ```
    /// let _check = gradcheck_train::candle::OpCheck::new("relu").allow(gradcheck_train::candle::Kind::Kink);
    /// ```
    pub fn allow(mut self, kind: Kind) -> Self {
        self.allow.push(kind);
        self
    }

    /// Checks `op`'s backward pass at `x`. An error is returned only when the op cannot run
    /// at `x` at all (no `f64` support, wrong shape); everything else is a finding in the
    /// report, a `bwd` that returns no gradient included.
    ///
    /// ```
    /// # use candle_core::{CpuStorage, CustomOp1, Device, Layout, Shape, Tensor};
    /// # struct Twice;
    /// # impl CustomOp1 for Twice {
    /// #     fn name(&self) -> &'static str { "twice" }
    /// #     fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
    /// #         let (a, b) = l.contiguous_offsets().expect("contiguous");
    /// #         let CpuStorage::F64(v) = s else { candle_core::bail!("f64 only") };
    /// #         Ok((CpuStorage::F64(v[a..b].iter().map(|x| 2.0 * x).collect()), l.shape().clone()))
    /// #     }
    /// # }
    /// // `Twice` has no `bwd`: candle's default says the backward is not supported.
    /// let x = Tensor::new(&[1.0f64], &Device::Cpu)?;
    /// let report = gradcheck_train::candle::OpCheck::new("twice").op1(&Twice, &x)?;
    /// assert_eq!(report.errors().next().unwrap().kind, gradcheck_train::candle::Kind::Panic);
    /// # Ok::<(), candle_core::Error>(())
    /// ```
    pub fn op1<C: CustomOp1 + Sync>(&self, op: &C, x: &Tensor) -> Result<Report> {
        let (x0, shape) = flat(x)?;
        let input = |x: &[f64]| Tensor::from_slice(x, shape.clone(), &Device::Cpu);
        let forward = |x: &[f64]| input(x)?.apply_op1_no_bwd(op);
        let w = self.cotangent(&forward(&x0)?)?;
        let f = |x: &[f64]| project(&forward(x), &w.1).unwrap_or_else(|e| fail(op.name(), e));
        let grad = |x: &[f64]| {
            let run = || -> Result<Vec<f64>> {
                let (xt, y) = (input(x)?, forward(x)?);
                let g = op.bwd(&xt, &y, &w.0)?;
                gradient_of(g, x.len())
            };
            run().unwrap_or_else(|e| fail(op.name(), e))
        };
        Ok(run_check(&self.name, f, grad, &x0, self.seed, &self.allow))
    }

    /// Checks `op`'s backward pass at `(a, b)`; components `0..a.elem_count()` are `a`'s
    /// elements, the rest `b`'s. A `None` gradient counts as zero, so it is a finding
    /// wherever the output does depend on that input.
    ///
    /// ```
    /// # use candle_core::{CpuStorage, CustomOp2, Device, Layout, Shape, Tensor};
    /// /// a·b elementwise, with a backward that forgets `b`'s gradient.
    /// struct Mul;
    /// impl CustomOp2 for Mul {
    ///     fn name(&self) -> &'static str { "mul" }
    ///     fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout)
    ///         -> candle_core::Result<(CpuStorage, Shape)> {
    ///         let ((a0, a1), (b0, b1)) = (l1.contiguous_offsets().unwrap(), l2.contiguous_offsets().unwrap());
    ///         let (CpuStorage::F64(a), CpuStorage::F64(b)) = (s1, s2) else { candle_core::bail!("f64") };
    ///         let v = a[a0..a1].iter().zip(&b[b0..b1]).map(|(x, y)| x * y).collect();
    ///         Ok((CpuStorage::F64(v), l1.shape().clone()))
    ///     }
    ///     fn bwd(&self, a: &Tensor, b: &Tensor, _: &Tensor, dy: &Tensor)
    ///         -> candle_core::Result<(Option<Tensor>, Option<Tensor>)> {
    ///         Ok((Some(b.mul(dy)?), None))
    ///     }
    /// }
    /// let a = Tensor::new(&[1.0f64, 2.0], &Device::Cpu)?;
    /// let b = Tensor::new(&[3.0f64, 4.0], &Device::Cpu)?;
    /// let report = gradcheck_train::candle::check_op2("mul", &Mul, &a, &b)?;
    /// let wrong: Vec<usize> = report.errors().filter_map(|f| f.component).collect();
    /// assert_eq!(wrong, [2, 3]); // b's two elements
    /// # Ok::<(), candle_core::Error>(())
    /// ```
    pub fn op2<C: CustomOp2 + Sync>(&self, op: &C, a: &Tensor, b: &Tensor) -> Result<Report> {
        let ((a0, sa), (b0, sb)) = (flat(a)?, flat(b)?);
        let n = a0.len();
        let inputs = |x: &[f64]| -> Result<(Tensor, Tensor)> {
            let a = Tensor::from_slice(&x[..n], sa.clone(), &Device::Cpu)?;
            let b = Tensor::from_slice(&x[n..], sb.clone(), &Device::Cpu)?;
            Ok((a, b))
        };
        let forward = |x: &[f64]| {
            let (a, b) = inputs(x)?;
            a.apply_op2_no_bwd(&b, op)
        };
        let x0: Vec<f64> = a0.into_iter().chain(b0).collect();
        let w = self.cotangent(&forward(&x0)?)?;
        let f = |x: &[f64]| project(&forward(x), &w.1).unwrap_or_else(|e| fail(op.name(), e));
        let grad = |x: &[f64]| {
            let run = || -> Result<Vec<f64>> {
                let ((a, b), y) = (inputs(x)?, forward(x)?);
                let (ga, gb) = op.bwd(&a, &b, &y, &w.0)?;
                let mut g = gradient_of(ga, n)?;
                g.extend(gradient_of(gb, x.len() - n)?);
                Ok(g)
            };
            run().unwrap_or_else(|e| fail(op.name(), e))
        };
        Ok(run_check(&self.name, f, grad, &x0, self.seed, &self.allow))
    }

    /// A cotangent shaped like `y`: entries ±(0.5 to 1.5) with random signs, so that every
    /// output element weighs in and none hides behind a weight near zero.
    fn cotangent(&self, y: &Tensor) -> Result<(Tensor, Vec<f64>)> {
        let mut rng = SplitMix64::new(self.seed);
        let w: Vec<f64> = (0..y.elem_count())
            .map(|_| {
                let sign = if rng.next_u64() & 1 == 0 { 1.0 } else { -1.0 };
                sign * (0.5 + rng.next_f64())
            })
            .collect();
        Ok((Tensor::from_slice(&w, y.shape(), &Device::Cpu)?, w))
    }
}

/// Checks a `CustomOp1`'s backward pass at `x` with the default options; see [`OpCheck`].
///
/// ```
/// # use candle_core::{CpuStorage, CustomOp1, Device, Layout, Shape, Tensor};
/// # struct Square;
/// # impl CustomOp1 for Square {
/// #     fn name(&self) -> &'static str { "square" }
/// #     fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
/// #         let (a, b) = l.contiguous_offsets().expect("contiguous");
/// #         let CpuStorage::F64(v) = s else { candle_core::bail!("f64 only") };
/// #         Ok((CpuStorage::F64(v[a..b].iter().map(|x| x * x).collect()), l.shape().clone()))
/// #     }
/// #     fn bwd(&self, x: &Tensor, _: &Tensor, dy: &Tensor) -> candle_core::Result<Option<Tensor>> {
/// #         Ok(Some(((x * 2.0)? * dy)?))
/// #     }
/// # }
/// let x = Tensor::new(&[0.3f64, -2.0, 1.0], &Device::Cpu)?;
/// assert!(gradcheck_train::candle::check_op1("square", &Square, &x)?.passed());
/// # Ok::<(), candle_core::Error>(())
/// ```
pub fn check_op1<C: CustomOp1 + Sync>(name: &str, op: &C, x: &Tensor) -> Result<Report> {
    OpCheck::new(name).op1(op, x)
}

/// Checks a `CustomOp2`'s backward pass at `(a, b)` with the default options; see
/// [`OpCheck::op2`].
///
/// ```
/// # use candle_core::{CpuStorage, CustomOp2, Device, Layout, Shape, Tensor};
/// # struct Mul;
/// # impl CustomOp2 for Mul {
/// #     fn name(&self) -> &'static str { "mul" }
/// #     fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout)
/// #         -> candle_core::Result<(CpuStorage, Shape)> {
/// #         let ((a0, a1), (b0, b1)) = (l1.contiguous_offsets().unwrap(), l2.contiguous_offsets().unwrap());
/// #         let (CpuStorage::F64(a), CpuStorage::F64(b)) = (s1, s2) else { candle_core::bail!("f64") };
/// #         let v = a[a0..a1].iter().zip(&b[b0..b1]).map(|(x, y)| x * y).collect();
/// #         Ok((CpuStorage::F64(v), l1.shape().clone()))
/// #     }
/// #     fn bwd(&self, a: &Tensor, b: &Tensor, _: &Tensor, dy: &Tensor)
/// #         -> candle_core::Result<(Option<Tensor>, Option<Tensor>)> {
/// #         Ok((Some(b.mul(dy)?), Some(a.mul(dy)?)))
/// #     }
/// # }
/// let a = Tensor::new(&[1.0f64, 2.0], &Device::Cpu)?;
/// let b = Tensor::new(&[3.0f64, -4.0], &Device::Cpu)?;
/// assert!(gradcheck_train::candle::check_op2("mul", &Mul, &a, &b)?.passed());
/// # Ok::<(), candle_core::Error>(())
/// ```
pub fn check_op2<C: CustomOp2 + Sync>(
    name: &str,
    op: &C,
    a: &Tensor,
    b: &Tensor,
) -> Result<Report> {
    OpCheck::new(name).op2(op, a, b)
}

/// The one place that calls the runtime's `Check`, on the projected scalar. When `Check`
/// takes vector outputs with a Jacobian, this is where the projection can give way to it.
fn run_check(
    name: &str,
    f: impl Fn(&[f64]) -> f64 + Sync,
    grad: impl Fn(&[f64]) -> Vec<f64> + Sync,
    at: &[f64],
    seed: u64,
    allow: &[Kind],
) -> Report {
    let mut check = Check::new(name, f).gradient(grad).at(at).seed(seed);
    for &kind in allow {
        check = check.allow(kind);
    }
    check.run()
}

/// `t` on the CPU as flat `f64`s, with its shape.
fn flat(t: &Tensor) -> Result<(Vec<f64>, Shape)> {
    let v = t
        .to_device(&Device::Cpu)?
        .to_dtype(DType::F64)?
        .flatten_all()?
        .to_vec1::<f64>()?;
    Ok((v, t.shape().clone()))
}

/// Σᵢ wᵢ·yᵢ, summed in a fixed order so that repeated evaluations agree to the bit.
fn project(y: &Result<Tensor>, w: &[f64]) -> Result<f64> {
    let y = match y {
        Ok(y) => flat(y)?.0,
        Err(e) => return Err(Error::msg(e)),
    };
    if y.len() != w.len() {
        candle_core::bail!("the output has {} elements, at first {}", y.len(), w.len());
    }
    Ok(y.iter().zip(w).map(|(y, w)| y * w).sum())
}

/// A `bwd` result as a flat gradient of `n` entries; `None` is zeros.
fn gradient_of(g: Option<Tensor>, n: usize) -> Result<Vec<f64>> {
    match g {
        Some(g) => Ok(flat(&g)?.0),
        None => Ok(vec![0.0; n]),
    }
}

/// Inside the check's closures an error becomes a panic, which the check reports as a
/// `panic` finding with this message.
fn fail(op: &str, e: Error) -> ! {
    panic!("candle op `{op}`: {e}")
}
