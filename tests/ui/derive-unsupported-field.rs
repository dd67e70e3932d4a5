use gradient_checked::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Differentiable)]
struct Model<D> {
    weights: Vec<D>,
    by_name: HashMap<String, D>,
    label: std::rc::Rc<str>,
}

fn main() {}
