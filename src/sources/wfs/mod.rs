//! WFS client (placeholder).
