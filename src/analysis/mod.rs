//! Analyses across layers for targeting public action: statistics per zone, classes for maps,
//! changes between two versions of a layer.

pub mod classes;
pub mod diff;
pub mod measures;
pub mod quality;
pub mod secrecy;
pub mod served;
pub mod suppression;
pub mod zone_sums;
pub mod zones;
