//! Analyses across layers for targeting public action: statistics per zone, classes for maps.

pub mod classes;
pub mod zones;
