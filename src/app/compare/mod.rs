//! The comparison in force: on or off, its mode and settings, and which layers make each side.

mod action;

pub use action::CompareAction;

mod ui;

use std::collections::HashMap;

use crate::app::{LayerId, TerritoireApp};
use crate::map::{CompareView, Comparison, LayerDraw};

pub use crate::project::Side;

/// The comparison state kept by the app.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Compare {
    /// Whether the map compares two sides.
    pub active: bool,
    /// Mode, divider, lens radius, opacity.
    pub view: CompareView,
    /// The side of each layer; layers not listed are on side A.
    pub sides: HashMap<LayerId, Side>,
}

impl Compare {
    /// The side of a layer.
    pub fn side(&self, id: LayerId) -> Side {
        self.sides.get(&id).copied().unwrap_or(Side::A)
    }
}

impl TerritoireApp {
    /// Turns the comparison on or off; on first use the topmost visible layer makes side B.
    pub(crate) fn toggle_compare(&mut self) {
        self.compare.active = !self.compare.active;
        let ids: Vec<LayerId> = self.layers.iter().map(|l| l.id).collect();
        self.compare.sides.retain(|id, _| ids.contains(id));
        if self.compare.active
            && !self.compare.sides.values().any(|s| *s == Side::B)
            && let Some(top) = self.layers.iter().rev().find(|l| l.visible)
        {
            self.compare.sides.insert(top.id, Side::B);
        }
    }

    /// Compares in the mode asked on the command line, once the layers are known.
    pub(crate) fn start_compare(&mut self) {
        if let Some(mode) = self.start.compare.take() {
            self.compare.view.mode = mode;
            if !self.compare.active {
                self.toggle_compare();
            }
        }
    }

    /// The map's comparison of this frame, from the visible layers drawn as `draws` (same order).
    pub(crate) fn comparison<'a>(&self, draws: Vec<(LayerId, LayerDraw<'a>)>) -> Comparison<'a> {
        let mut a = Vec::new();
        let mut b = Vec::new();
        let mut names = [Vec::new(), Vec::new()];
        for (id, draw) in draws {
            let side = self.compare.side(id);
            let name = self.layer(id).map(|l| l.name.clone()).unwrap_or_default();
            if side.shows(false) {
                if side == Side::A {
                    names[0].push(name.clone());
                }
                a.push(draw.clone());
            }
            if side.shows(true) {
                if side == Side::B {
                    names[1].push(name);
                }
                b.push(draw);
            }
        }
        let name = |letter: &str, names: &mut Vec<String>| {
            names.reverse();
            if names.is_empty() {
                letter.to_owned()
            } else {
                format!("{letter} · {}", names.join(", "))
            }
        };
        let [mut na, mut nb] = names;
        Comparison {
            view: self.compare.view,
            a,
            b,
            names: [name("A", &mut na), name("B", &mut nb)],
        }
    }
}
