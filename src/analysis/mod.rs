//! Analyses across layers for targeting public action: statistics per zone, classes for maps.

pub mod classes;
pub mod measures;
pub mod secrecy;
pub mod served;
pub mod zone_sums;
pub mod zones;
