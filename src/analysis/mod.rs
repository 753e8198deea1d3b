//! Analyses across layers for targeting public action: statistics per zone.

pub mod zones;
