//! The scalars (`f32`, `f64`, num-dual's numbers), arrays, slices, `Vec`s, tuples and
//! `PhantomData`.

use super::names::{seq_count, seq_name, seq_paths, seq_select};
use super::{Differentiable, Element, FixedShape, Leaf, Shape};
use nalgebra::allocator::Allocator;
use nalgebra::{DefaultAllocator, Dim, U1};
use num_dual::{
    Dual, Dual2, Dual2Vec, Dual3, DualNum, DualVec, HyperDual, HyperDualVec, HyperHyperDual, Real,
};
use std::marker::PhantomData;
use std::ops::Range;

/// `Leaf` and `FixedShape` for one scalar type.
macro_rules! leaf {
    ([$($generics:tt)*] $ty:ty $(where $($bound:tt)*)?) => {
        impl<$($generics)*> Leaf for $ty $(where $($bound)*)? {
            type Rebuilt<U: Element> = U;
            fn rebuilt<U: Element>(value: U) -> U {
                value
            }
        }

        impl<$($generics)*> FixedShape for $ty $(where $($bound)*)? {
            fn template() -> Self {
                num_traits::Zero::zero()
            }
        }
    };
}

leaf!([] f64);
leaf!([] f32);
leaf!([T: DualNum] Real<T>);
leaf!([T: DualNum] Dual<T>);
leaf!([T: DualNum] Dual2<T>);
leaf!([T: DualNum] Dual3<T>);
leaf!([T: DualNum] HyperDual<T>);
leaf!([T: DualNum] HyperHyperDual<T>);
leaf!([T: DualNum, D: Dim] DualVec<T, D> where DefaultAllocator: Allocator<D>);
leaf!([T: DualNum, D: Dim] Dual2Vec<T, D> where DefaultAllocator: Allocator<U1, D> + Allocator<D, D>);
leaf!([T: DualNum, M: Dim, N: Dim] HyperDualVec<T, M, N> where DefaultAllocator: Allocator<M> + Allocator<M, N> + Allocator<U1, N>);

/// Takes the first `n` scalars off `flat`.
#[track_caller]
pub(crate) fn take<'a, U>(flat: &mut &'a [U], n: usize) -> &'a [U] {
    assert!(
        flat.len() >= n,
        "rebuild: the flat input ran out ({} scalars left, {n} needed): template and input disagree",
        flat.len()
    );
    let (head, rest) = flat.split_at(n);
    *flat = rest;
    head
}

impl<L: Leaf> Shape for L {
    fn count(&self) -> usize {
        1
    }
    fn name(&self, _index: usize, _out: &mut String) {}
    fn select(&self, path: &str) -> Option<Range<usize>> {
        path.is_empty().then_some(0..1)
    }
    fn paths(&self, prefix: &mut String, out: &mut Vec<String>) {
        out.push(prefix.clone());
    }
}

impl<L: Leaf> Differentiable for L {
    type Leaf = L;
    type With<U: Element> = L::Rebuilt<U>;
    const FIXED: Option<usize> = Some(1);

    fn flatten_into(&self, out: &mut Vec<L>) {
        out.push(self.clone());
    }
    fn rebuild<U: Element>(&self, flat: &mut &[U]) -> L::Rebuilt<U> {
        L::rebuilt(take(flat, 1)[0].clone())
    }
    fn flatten_all(items: &[L], out: &mut Vec<L>) {
        out.extend_from_slice(items);
    }
    fn rebuild_all<U: Element>(items: &[L], flat: &mut &[U]) -> Vec<L::Rebuilt<U>> {
        take(flat, items.len())
            .iter()
            .map(|u| L::rebuilt(u.clone()))
            .collect()
    }
}

/// `Shape` for a sequence type, by the helpers that treat every sequence alike.
macro_rules! sequence_shape {
    ([$($generics:tt)*] $ty:ty) => {
        impl<$($generics)*> Shape for $ty {
            fn count(&self) -> usize {
                seq_count(&self[..])
            }
            fn name(&self, index: usize, out: &mut String) {
                seq_name(&self[..], index, out)
            }
            fn select(&self, path: &str) -> Option<Range<usize>> {
                seq_select(&self[..], path)
            }
            fn paths(&self, prefix: &mut String, out: &mut Vec<String>) {
                seq_paths(&self[..], prefix, out)
            }
        }
    };
}

sequence_shape!([E: Differentiable, const N: usize] [E; N]);
sequence_shape!([E: Differentiable] [E]);
sequence_shape!([E: Differentiable] Vec<E>);

impl<E: Differentiable, const N: usize> Differentiable for [E; N] {
    type Leaf = E::Leaf;
    type With<U: Element> = [E::With<U>; N];
    const FIXED: Option<usize> = match E::FIXED {
        Some(k) => Some(k * N),
        None => None,
    };

    fn flatten_into(&self, out: &mut Vec<E::Leaf>) {
        E::flatten_all(self, out)
    }
    fn rebuild<U: Element>(&self, flat: &mut &[U]) -> Self::With<U> {
        // `from_fn` calls in index order, which is the flattened order.
        std::array::from_fn(|i| self[i].rebuild(flat))
    }
}

/// A slice parameter `&[E]`: its template is any `[E]` (a `Vec` derefs to one), and it
/// rebuilds as a `Vec` the call site lends.
impl<E: Differentiable> Differentiable for [E] {
    type Leaf = E::Leaf;
    type With<U: Element> = Vec<E::With<U>>;
    const FIXED: Option<usize> = None;

    fn flatten_into(&self, out: &mut Vec<E::Leaf>) {
        E::flatten_all(self, out)
    }
    fn rebuild<U: Element>(&self, flat: &mut &[U]) -> Self::With<U> {
        E::rebuild_all(self, flat)
    }
}

impl<E: Differentiable> Differentiable for Vec<E> {
    type Leaf = E::Leaf;
    type With<U: Element> = Vec<E::With<U>>;
    const FIXED: Option<usize> = None;

    fn flatten_into(&self, out: &mut Vec<E::Leaf>) {
        E::flatten_all(self, out)
    }
    fn rebuild<U: Element>(&self, flat: &mut &[U]) -> Self::With<U> {
        E::rebuild_all(self, flat)
    }
}

/// A `PhantomData<D>` field holds no scalar: it rebuilds as `PhantomData<U>`.
impl<L: Leaf> Shape for PhantomData<L> {
    fn count(&self) -> usize {
        0
    }
    fn name(&self, _index: usize, _out: &mut String) {}
    fn select(&self, path: &str) -> Option<Range<usize>> {
        path.is_empty().then_some(0..0)
    }
    fn paths(&self, _prefix: &mut String, _out: &mut Vec<String>) {}
}

impl<L: Leaf> Differentiable for PhantomData<L> {
    type Leaf = L;
    type With<U: Element> = PhantomData<L::Rebuilt<U>>;
    const FIXED: Option<usize> = Some(0);

    fn flatten_into(&self, _out: &mut Vec<L>) {}
    fn rebuild<U: Element>(&self, _flat: &mut &[U]) -> Self::With<U> {
        PhantomData
    }
}

/// Tuples: the gradients of several parameters, `(Kernel<f64>, f64)`, flattened one after
/// the other; named like the fields of a tuple struct (`.0`, `.1`).
macro_rules! tuple {
    ($first:ident $(, $rest:ident)*; $($index:tt),+) => {
        #[allow(non_snake_case)]
        impl<$first: Differentiable $(, $rest: Differentiable<Leaf = $first::Leaf>)*> Shape
            for ($first, $($rest,)*)
        {
            fn count(&self) -> usize {
                0 $(+ self.$index.count())+
            }
            fn name(&self, index: usize, out: &mut String) {
                super::names::fields_name(&[$((stringify!($index), &self.$index as &dyn Shape)),+], index, out)
            }
            fn select(&self, path: &str) -> Option<Range<usize>> {
                super::names::fields_select(&[$((stringify!($index), &self.$index as &dyn Shape)),+], path)
            }
            fn paths(&self, prefix: &mut String, out: &mut Vec<String>) {
                super::names::fields_paths(&[$((stringify!($index), &self.$index as &dyn Shape)),+], prefix, out)
            }
        }

        #[allow(non_snake_case)]
        impl<$first: Differentiable $(, $rest: Differentiable<Leaf = $first::Leaf>)*> Differentiable
            for ($first, $($rest,)*)
        {
            type Leaf = $first::Leaf;
            type With<U: Element> = ($first::With<U>, $($rest::With<U>,)*);
            const FIXED: Option<usize> =
                super::names::fixed_sum(&[$first::FIXED $(, $rest::FIXED)*]);

            fn flatten_into(&self, out: &mut Vec<Self::Leaf>) {
                $(self.$index.flatten_into(out);)+
            }
            fn rebuild<U: Element>(&self, flat: &mut &[U]) -> Self::With<U> {
                // A tuple expression evaluates left to right: the flattened order.
                ($(self.$index.rebuild(flat),)+)
            }
        }
    };
}

tuple!(A; 0);
tuple!(A, B; 0, 1);
tuple!(A, B, C; 0, 1, 2);
tuple!(A, B, C, E; 0, 1, 2, 3);
tuple!(A, B, C, E, F; 0, 1, 2, 3, 4);
tuple!(A, B, C, E, F, G; 0, 1, 2, 3, 4, 5);
tuple!(A, B, C, E, F, G, H; 0, 1, 2, 3, 4, 5, 6);
tuple!(A, B, C, E, F, G, H, I; 0, 1, 2, 3, 4, 5, 6, 7);
