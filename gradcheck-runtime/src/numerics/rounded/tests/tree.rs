//! A small generator of random expression trees over every operation and function, evaluable
//! on any `DualNum`. Trees are grown bottom-up at a given input point, choosing at each node
//! only what is defined at the child's value (checked in f64), so few cases leave the domain;
//! a share of nodes are deliberate cancellations (`f(a + h) − f(a)`, `f(a) − a`), where
//! rounding errors are large relative to the value.

use super::c;
use crate::SplitMix64;
use num_dual::{DualNum, DualNumFloat};
use std::fmt;

#[derive(Clone, Copy, Debug)]
pub(super) enum Fun {
    Recip,
    Powi(i32),
    Powf(f32),
    Sqrt,
    Cbrt,
    Exp,
    Exp2,
    ExpM1,
    Ln,
    Log3,
    Log2,
    Log10,
    Ln1p,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    SphJ0,
    SphJ1,
    SphJ2,
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Atan2,
    Powd,
}

#[derive(Clone, Debug)]
pub(super) enum Node {
    Input(usize),
    Const(f32),
    Unary(Fun, Box<Node>),
    Binary(Op, Box<Node>, Box<Node>),
    /// `a·b + c`, fused.
    MulAdd(Box<Node>, Box<Node>, Box<Node>),
    /// `f(a + h) − f(a)`: a finite-difference numerator.
    Diff(Fun, f32, Box<Node>),
    /// `f(a) − a`: the leading term cancels for small `a` (sin, tanh, ln_1p, exp_m1, ...).
    Taylor(Fun, Box<Node>),
}

pub(super) const FUNS: &[Fun] = &[
    Fun::Recip,
    Fun::Powi(2),
    Fun::Powi(3),
    Fun::Powi(-2),
    Fun::Powi(5),
    Fun::Powf(0.5),
    Fun::Powf(1.5),
    Fun::Powf(-0.7),
    Fun::Powf(2.3),
    Fun::Sqrt,
    Fun::Cbrt,
    Fun::Exp,
    Fun::Exp2,
    Fun::ExpM1,
    Fun::Ln,
    Fun::Log3,
    Fun::Log2,
    Fun::Log10,
    Fun::Ln1p,
    Fun::Sin,
    Fun::Cos,
    Fun::Tan,
    Fun::Asin,
    Fun::Acos,
    Fun::Atan,
    Fun::Sinh,
    Fun::Cosh,
    Fun::Tanh,
    Fun::Asinh,
    Fun::Acosh,
    Fun::Atanh,
    Fun::SphJ0,
    Fun::SphJ1,
    Fun::SphJ2,
];

impl Fun {
    /// Defined, finite and not too steep at `x` (so that f32 and f64 agree on the domain).
    fn admits(self, x: f64) -> bool {
        let ok = match self {
            Fun::Recip | Fun::Powi(-2) => x.abs() > 1e-6,
            Fun::Powf(_) | Fun::Ln | Fun::Log3 | Fun::Log2 | Fun::Log10 => x > 1e-6,
            Fun::Sqrt => x >= 0.0,
            Fun::Ln1p => x > -0.999,
            Fun::Exp | Fun::Exp2 | Fun::ExpM1 | Fun::Sinh | Fun::Cosh => x.abs() < 40.0,
            Fun::Asin | Fun::Acos | Fun::Atanh => x.abs() < 0.999,
            Fun::Acosh => x > 1.001,
            Fun::Tan => x.cos().abs() > 1e-3,
            _ => true,
        };
        ok && self.apply(x).is_finite() && self.apply(x).abs() < 1e12
    }

    pub(super) fn apply<D: DualNum<Primitive = P> + Copy, P: DualNumFloat>(self, x: D) -> D {
        match self {
            Fun::Recip => x.recip(),
            Fun::Powi(n) => x.powi(n),
            Fun::Powf(p) => x.powf(c(f64::from(p))),
            Fun::Sqrt => x.sqrt(),
            Fun::Cbrt => x.cbrt(),
            Fun::Exp => x.exp(),
            Fun::Exp2 => x.exp2(),
            Fun::ExpM1 => x.exp_m1(),
            Fun::Ln => x.ln(),
            Fun::Log3 => x.log(c(3.0)),
            Fun::Log2 => x.log2(),
            Fun::Log10 => x.log10(),
            Fun::Ln1p => x.ln_1p(),
            Fun::Sin => x.sin(),
            Fun::Cos => x.cos(),
            Fun::Tan => x.tan(),
            Fun::Asin => x.asin(),
            Fun::Acos => x.acos(),
            Fun::Atan => x.atan(),
            Fun::Sinh => x.sinh(),
            Fun::Cosh => x.cosh(),
            Fun::Tanh => x.tanh(),
            Fun::Asinh => x.asinh(),
            Fun::Acosh => x.acosh(),
            Fun::Atanh => x.atanh(),
            Fun::SphJ0 => x.sph_j0(),
            Fun::SphJ1 => x.sph_j1(),
            Fun::SphJ2 => x.sph_j2(),
        }
    }
}

impl Node {
    pub(super) fn eval<D: DualNum<Primitive = P> + Copy, P: DualNumFloat>(&self, x: &[D]) -> D {
        match self {
            Node::Input(i) => x[*i],
            Node::Const(k) => D::from(c(f64::from(*k))),
            Node::Unary(f, a) => f.apply(a.eval(x)),
            Node::Binary(op, a, b) => {
                let (a, b) = (a.eval(x), b.eval(x));
                match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div => a / b,
                    Op::Atan2 => a.atan2(b),
                    Op::Powd => a.powd(b),
                }
            }
            Node::MulAdd(a, b, d) => a.eval(x).mul_add(b.eval(x), d.eval(x)),
            Node::Diff(f, h, a) => {
                let a = a.eval(x);
                f.apply(a + c::<P>(f64::from(*h))) - f.apply(a)
            }
            Node::Taylor(f, a) => {
                let a = a.eval(x);
                f.apply(a) - a
            }
        }
    }

    /// Whether the tree subtracts two functions of the same inexact intermediate.
    pub(super) fn has_cancellation(&self) -> bool {
        match self {
            Node::Input(_) | Node::Const(_) => false,
            Node::Unary(_, a) => a.has_cancellation(),
            Node::Binary(_, a, b) => a.has_cancellation() || b.has_cancellation(),
            Node::MulAdd(a, b, d) => {
                a.has_cancellation() || b.has_cancellation() || d.has_cancellation()
            }
            Node::Diff(..) | Node::Taylor(..) => true,
        }
    }

    /// A random tree of at most `depth` levels over `inputs` (f32-exact values).
    pub(super) fn random(rng: &mut SplitMix64, inputs: &[f64], depth: u32) -> Node {
        for _ in 0..20 {
            let node = Self::grow(rng, inputs, depth);
            let v = node.eval::<f64, f64>(inputs);
            if v.is_finite() && v.abs() < 1e12 {
                return node;
            }
        }
        Node::Input(0)
    }

    fn grow(rng: &mut SplitMix64, inputs: &[f64], depth: u32) -> Node {
        let pick = |rng: &mut SplitMix64, n: usize| (rng.next_u64() % n as u64) as usize;
        if depth == 0 || pick(rng, 5) == 0 {
            return if pick(rng, 4) == 0 {
                Node::Const([0.5, 3.0, -2.0, 0.125, 7.25, 1e-3][pick(rng, 6)])
            } else {
                Node::Input(pick(rng, inputs.len()))
            };
        }
        let a = Self::grow(rng, inputs, depth - 1);
        let va = a.eval::<f64, f64>(inputs);
        let admitted = |rng: &mut SplitMix64| {
            for _ in 0..8 {
                let f = FUNS[pick(rng, FUNS.len())];
                if f.admits(va) {
                    return Some(f);
                }
            }
            None
        };
        match pick(rng, 10) {
            0..=3 => match admitted(rng) {
                Some(f) => Node::Unary(f, Box::new(a)),
                None => a,
            },
            4..=7 => {
                let b = Self::grow(rng, inputs, depth - 1);
                let vb = b.eval::<f64, f64>(inputs);
                let op = [Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Atan2, Op::Powd][pick(rng, 6)];
                let ok = match op {
                    Op::Div => vb.abs() > 1e-6,
                    Op::Powd => va > 1e-3 && (vb * va.ln()).abs() < 30.0,
                    _ => true,
                };
                if ok {
                    Node::Binary(op, Box::new(a), Box::new(b))
                } else {
                    Node::Binary(Op::Add, Box::new(a), Box::new(b))
                }
            }
            8 => {
                let b = Self::grow(rng, inputs, depth - 1);
                let d = Self::grow(rng, inputs, depth - 1);
                Node::MulAdd(Box::new(a), Box::new(b), Box::new(d))
            }
            _ => match admitted(rng) {
                Some(f) if pick(rng, 2) == 0 => {
                    let h = (va.abs().max(1e-3) * [1e-2, 1e-3, 1e-4][pick(rng, 3)]) as f32;
                    if f.admits(va + f64::from(h)) {
                        Node::Diff(f, h, Box::new(a))
                    } else {
                        Node::Unary(f, Box::new(a))
                    }
                }
                Some(f) => Node::Taylor(f, Box::new(a)),
                None => a,
            },
        }
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Input(i) => write!(f, "x{i}"),
            Node::Const(k) => write!(f, "{k}"),
            Node::Unary(g, a) => write!(f, "{g:?}({a})"),
            Node::Binary(op, a, b) => write!(f, "{op:?}({a}, {b})"),
            Node::MulAdd(a, b, d) => write!(f, "MulAdd({a}, {b}, {d})"),
            Node::Diff(g, h, a) => write!(f, "Diff[{g:?}, {h:e}]({a})"),
            Node::Taylor(g, a) => write!(f, "Taylor[{g:?}]({a})"),
        }
    }
}
