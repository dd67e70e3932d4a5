//! Feeding the monitor from a candle training step.

use crate::monitor::{Event, Monitor, Observation};
use candle_core::backprop::GradStore;
use candle_core::{DType, Device, Result, Tensor};
use candle_nn::VarMap;

impl Monitor {
    /// Records one training step from candle: `grads` from `loss.backward()` and the model's
    /// `vars`. Every variable with a gradient is a group named by its `VarMap` path
    /// (`"layer1.weight"`, ...), in name order, recorded with its current values, so the
    /// update ratio of the next step is the optimizer's step in between. Call it after
    /// `backward` and before the optimizer's `step`. Variables without a gradient in `grads`
    /// are not recorded at this step.
    ///
    /// Gradients and parameters are copied to the CPU as `f64` (one allocation per variable
    /// and step; the monitor's own cost is in BENCHMARKS.md). Returns the events that began
    /// at this step, like [`Monitor::record`].
    ///
    /// ```
    /// use candle_core::{DType, Device, Module, Tensor};
    /// use candle_nn::{linear, Optimizer, VarBuilder, VarMap, SGD};
    /// use gradcheck_train::monitor::Monitor;
    ///
    /// let dev = Device::Cpu;
    /// let vars = VarMap::new();
    /// let layer = linear(2, 1, VarBuilder::from_varmap(&vars, DType::F32, &dev).pp("out"))?;
    /// let mut sgd = SGD::new(vars.all_vars(), 0.1)?;
    /// let x = Tensor::new(&[[1.0f32, 2.0], [0.5, -1.0]], &dev)?;
    /// let y = Tensor::new(&[[1.0f32], [0.0]], &dev)?;
    /// let mut monitor = Monitor::builder().log(false).build();
    /// for step in 0..3 {
    ///     let loss = candle_nn::loss::mse(&layer.forward(&x)?, &y)?;
    ///     let grads = loss.backward()?;
    ///     monitor.record_candle(step, loss.to_scalar::<f32>()? as f64, &grads, &vars)?;
    ///     sgd.step(&grads)?;
    /// }
    /// let names: Vec<&str> = monitor.groups().map(|g| g.name()).collect();
    /// assert_eq!(names, ["out.bias", "out.weight"]);
    /// assert!(monitor.group("out.weight").unwrap().samples()[1].update_ratio.is_some());
    /// # Ok::<(), candle_core::Error>(())
    /// ```
    pub fn record_candle(
        &mut self,
        step: u64,
        loss: f64,
        grads: &GradStore,
        vars: &VarMap,
    ) -> Result<&[Event]> {
        let mut named: Vec<(String, Vec<f64>, Vec<f64>)> = Vec::new();
        {
            let data = vars.data().lock().map_err(candle_core::Error::msg)?;
            for (name, var) in data.iter() {
                if let Some(g) = grads.get(var.as_tensor()) {
                    named.push((name.clone(), host_f64(g)?, host_f64(var.as_tensor())?));
                }
            }
        }
        named.sort_by(|a, b| a.0.cmp(&b.0));
        let observations: Vec<Observation<'_>> = named
            .iter()
            .map(|(name, g, w)| Observation::new(name, g).params(w))
            .collect();
        Ok(self.observe(step, loss, &observations))
    }
}

/// `t` as flat `f64`s on the CPU.
fn host_f64(t: &Tensor) -> Result<Vec<f64>> {
    t.to_device(&Device::Cpu)?
        .to_dtype(DType::F64)?
        .flatten_all()?
        .to_vec1::<f64>()
}
