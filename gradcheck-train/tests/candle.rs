//! The candle adapter: a custom op's backward checked by input element (a correct op passes,
//! a planted error is caught exactly where it is), and the monitor fed from a real training
//! step.

use candle_core::{CpuStorage, CustomOp1, CustomOp2, DType, Device, Layout, Module, Shape, Tensor};
use candle_nn::{linear, Optimizer, VarBuilder, VarMap, SGD};
use gradcheck_train::candle::{check_op1, check_op2, Kind, OpCheck};
use gradcheck_train::monitor::Monitor;

/// tanh, with a backward that is wrong by `bug` only where x > 1.
struct Tanh {
    bug: f64,
}

impl CustomOp1 for Tanh {
    fn name(&self) -> &'static str {
        "tanh"
    }
    fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
        let (a, b) = l.contiguous_offsets().expect("contiguous");
        let CpuStorage::F64(v) = s else {
            candle_core::bail!("f64 only")
        };
        let y = v[a..b].iter().map(|x| x.tanh()).collect();
        Ok((CpuStorage::F64(y), l.shape().clone()))
    }
    fn bwd(&self, x: &Tensor, y: &Tensor, dy: &Tensor) -> candle_core::Result<Option<Tensor>> {
        let slope = (1.0 - y.sqr()?)?;
        let error = (x.gt(1.0)?.to_dtype(DType::F64)? * self.bug)?;
        Ok(Some(((slope + error)? * dy)?))
    }
}

/// A matrix product, the op with a non-diagonal Jacobian.
struct MatMul {
    transpose_bug: bool,
}

impl CustomOp2 for MatMul {
    fn name(&self) -> &'static str {
        "matmul"
    }
    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let (CpuStorage::F64(a), CpuStorage::F64(b)) = (s1, s2) else {
            candle_core::bail!("f64 only")
        };
        let ((m, k), (_, n)) = (l1.shape().dims2()?, l2.shape().dims2()?);
        let (oa, ob) = (l1.start_offset(), l2.start_offset());
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                c[i * n + j] = (0..k).map(|p| a[oa + i * k + p] * b[ob + p * n + j]).sum();
            }
        }
        Ok((CpuStorage::F64(c), Shape::from((m, n))))
    }
    fn bwd(
        &self,
        a: &Tensor,
        b: &Tensor,
        _c: &Tensor,
        dc: &Tensor,
    ) -> candle_core::Result<(Option<Tensor>, Option<Tensor>)> {
        let da = dc.matmul(&b.t()?)?;
        // The slip: dc·aᵀ shaped like b happens to fit only for square matrices, so the
        // bug uses (aᵀ·dc) with a transposed a of the right shape but the wrong values.
        let db = if self.transpose_bug {
            a.t()?.contiguous()?.flip_rows()?.matmul(dc)?
        } else {
            a.t()?.matmul(dc)?
        };
        Ok((Some(da), Some(db)))
    }
}

trait FlipRows {
    fn flip_rows(&self) -> candle_core::Result<Tensor>;
}
impl FlipRows for Tensor {
    /// Reverses the order of the rows: a plausible indexing slip.
    fn flip_rows(&self) -> candle_core::Result<Tensor> {
        let n = self.dim(0)?;
        let idx = Tensor::from_vec((0..n as u32).rev().collect::<Vec<_>>(), n, self.device())?;
        self.index_select(&idx, 0)
    }
}

fn input() -> Tensor {
    let v: Vec<f64> = (0..12).map(|i| (i as f64 * 0.61).sin() * 2.0).collect();
    Tensor::from_vec(v, (3, 4), &Device::Cpu).unwrap()
}

#[test]
fn correct_op1_backward_passes() {
    let report = check_op1("tanh", &Tanh { bug: 0.0 }, &input()).unwrap();
    assert!(report.passed(), "{report}");
}

#[test]
fn wrong_op1_backward_is_named_by_input_element() {
    let x = input();
    let report = check_op1("tanh", &Tanh { bug: 1e-6 }, &x).unwrap();
    let mut wrong: Vec<usize> = report.errors().map(|f| f.component.unwrap()).collect();
    wrong.sort();
    let above_one: Vec<usize> = x
        .flatten_all()
        .unwrap()
        .to_vec1::<f64>()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, &v)| v > 1.0)
        .map(|(i, _)| i)
        .collect();
    assert!(!above_one.is_empty());
    assert_eq!(wrong, above_one, "{report}");
    assert!(report.errors().all(|f| f.kind == Kind::Mismatch));
}

#[test]
fn op2_with_a_full_jacobian_passes_and_a_slip_in_one_input_is_caught() {
    let a = input();
    let b = Tensor::from_vec(
        (0..8).map(|i| (i as f64 * 0.37).cos()).collect::<Vec<_>>(),
        (4, 2),
        &Device::Cpu,
    )
    .unwrap();
    let good = check_op2(
        "matmul",
        &MatMul {
            transpose_bug: false,
        },
        &a,
        &b,
    )
    .unwrap();
    assert!(good.passed(), "{good}");
    let bad = check_op2(
        "matmul",
        &MatMul {
            transpose_bug: true,
        },
        &a,
        &b,
    )
    .unwrap();
    let wrong: Vec<usize> = bad.errors().map(|f| f.component.unwrap()).collect();
    // Every finding is in b's elements (12..20); a's gradient is right.
    assert!(
        !wrong.is_empty() && wrong.iter().all(|&c| (12..20).contains(&c)),
        "{bad}"
    );
}

#[test]
fn the_cotangent_seed_changes_the_projection_not_the_verdict() {
    for seed in [1, 2, 3] {
        let check = OpCheck::new("tanh").seed(seed);
        assert!(check.op1(&Tanh { bug: 0.0 }, &input()).unwrap().passed());
        assert!(!check.op1(&Tanh { bug: 1e-6 }, &input()).unwrap().passed());
    }
}

#[test]
fn an_op_without_f64_support_is_an_error_not_a_report() {
    struct F32Only;
    impl CustomOp1 for F32Only {
        fn name(&self) -> &'static str {
            "f32_only"
        }
        fn cpu_fwd(&self, s: &CpuStorage, l: &Layout) -> candle_core::Result<(CpuStorage, Shape)> {
            match s {
                CpuStorage::F32(v) => Ok((CpuStorage::F32(v.clone()), l.shape().clone())),
                _ => candle_core::bail!("f32_only: F32 storage only"),
            }
        }
    }
    let err = check_op1("f32_only", &F32Only, &input()).unwrap_err();
    assert!(err.to_string().contains("F32 storage only"), "{err}");
}

#[test]
fn monitor_records_every_variable_of_a_training_step() {
    let dev = Device::Cpu;
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &dev);
    let (l1, l2) = (
        linear(3, 8, vb.pp("hidden")).unwrap(),
        linear(8, 1, vb.pp("out")).unwrap(),
    );
    let mut sgd = SGD::new(vars.all_vars(), 0.05).unwrap();
    let x = Tensor::new(&[[1.0f32, 0.5, -1.0], [0.2, -0.3, 0.8]], &dev).unwrap();
    let y = Tensor::new(&[[1.0f32], [-1.0]], &dev).unwrap();
    let w0 = {
        let data = vars.data().lock().unwrap();
        let w = data["hidden.weight"].as_tensor().flatten_all().unwrap();
        let w = w.to_dtype(DType::F64).unwrap().to_vec1::<f64>().unwrap();
        w.iter().map(|v| v * v).sum::<f64>().sqrt()
    };
    let mut m = Monitor::builder().histogram(1, 16).log(false).build();
    for step in 0..5 {
        let out = l2
            .forward(&l1.forward(&x).unwrap().tanh().unwrap())
            .unwrap();
        let loss = candle_nn::loss::mse(&out, &y).unwrap();
        let grads = loss.backward().unwrap();
        let value = loss.to_scalar::<f32>().unwrap() as f64;
        m.record_candle(step, value, &grads, &vars).unwrap();
        sgd.step(&grads).unwrap();
    }
    let names: Vec<&str> = m.groups().map(|g| g.name()).collect();
    assert_eq!(
        names,
        ["hidden.bias", "hidden.weight", "out.bias", "out.weight"]
    );
    let w = m.group("hidden.weight").unwrap();
    assert_eq!(w.samples().len(), 5);
    assert_eq!(
        w.histograms().next().unwrap().counts().iter().sum::<u32>(),
        24
    );
    // The ratio at step 1 is SGD's first step: 0.05·‖g₀‖ / ‖w₀‖ (to f32 precision).
    let s = w.samples()[1];
    let expected = 0.05 * w.samples()[0].norms.l2 / w0;
    let r = s.update_ratio.unwrap();
    assert!((r / expected - 1.0).abs() < 1e-4, "{r} vs {expected}");
    assert_eq!(w.samples()[0].update_ratio, None);
    assert!(s.cos_prev.is_some());
}
