//! The choices a project stores (filter drawing, comparison sides and view, class method):
//! plain enums that the app and the map use, kept here so the saved model depends on neither.

/// The centre of Angers (place du Ralliement), longitude/latitude.
pub const ANGERS_LON_LAT: [f64; 2] = [-0.5536, 47.4716];

/// The zoom level that shows the city of Angers.
pub const ANGERS_ZOOM: f64 = 13.0;

/// How features a filter leaves out are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FilterMode {
    /// Only the kept features are drawn.
    #[default]
    Hide,
    /// The others are drawn in grey beneath them.
    Grey,
}

/// The side of a comparison a layer belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Side {
    /// Side A only (left, top, under the lens).
    A,
    /// Side B only (right, bottom, in the lens, over A).
    B,
    /// Both sides (context such as neighbourhood outlines).
    Both,
}

impl Side {
    /// Every side, in the order of the picker.
    pub const ALL: [Side; 3] = [Side::A, Side::B, Side::Both];

    /// The locale key of the side's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::A => "compare-side-a",
            Self::B => "compare-side-b",
            Self::Both => "compare-side-both",
        }
    }

    /// Whether the side shows on side B (`b`) or side A of the map.
    pub fn shows(self, b: bool) -> bool {
        match self {
            Self::A => !b,
            Self::B => b,
            Self::Both => true,
        }
    }
}

/// How the two sides of a comparison share the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompareMode {
    /// A vertical divider: side A on the left, side B on the right.
    #[default]
    SwipeVertical,
    /// A horizontal divider: side A above, side B below.
    SwipeHorizontal,
    /// Two linked panes: side A on the left, side B on the right.
    SideBySide,
    /// Side B in a circle around the cursor, over side A.
    Lens,
    /// Side B over side A, with an opacity.
    Transparency,
}

impl CompareMode {
    /// Every mode, in the order of the compare bar.
    pub const ALL: [CompareMode; 5] = [
        Self::SwipeVertical,
        Self::SwipeHorizontal,
        Self::SideBySide,
        Self::Lens,
        Self::Transparency,
    ];

    /// The locale key of the mode's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::SwipeVertical => "compare-swipe-vertical",
            Self::SwipeHorizontal => "compare-swipe-horizontal",
            Self::SideBySide => "compare-side-by-side",
            Self::Lens => "compare-lens",
            Self::Transparency => "compare-transparency",
        }
    }

    /// The locale key of the mode's tooltip.
    pub fn hint_key(self) -> &'static str {
        match self {
            Self::SwipeVertical | Self::SwipeHorizontal => "compare-swipe-hint",
            Self::SideBySide => "compare-side-hint",
            Self::Lens => "compare-lens-hint",
            Self::Transparency => "compare-transparency-hint",
        }
    }

    /// The mode named on the command line (`swipe`, `swipe-h`, `side`, `lens`, `transparency`).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "swipe" | "swipe-vertical" => Self::SwipeVertical,
            "swipe-h" | "swipe-horizontal" => Self::SwipeHorizontal,
            "side" | "side-by-side" => Self::SideBySide,
            "lens" => Self::Lens,
            "transparency" => Self::Transparency,
            _ => return None,
        })
    }
}

/// The settings of a comparison that the map needs (saved with projects and scenario steps).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CompareView {
    /// The mode.
    pub mode: CompareMode,
    /// Where the swipe divider is, from 0 (left or top) to 1.
    pub divider: f32,
    /// The lens radius, in screen pixels.
    pub lens_radius: f32,
    /// The opacity of side B in transparency mode, 0 to 1.
    pub opacity: f32,
}

impl Default for CompareView {
    fn default() -> Self {
        Self {
            mode: CompareMode::default(),
            divider: 0.5,
            lens_radius: 130.0,
            opacity: 0.5,
        }
    }
}

/// How class bounds are chosen, as offered in the panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MethodChoice {
    /// Same number of zones per class.
    #[default]
    Quantiles,
    /// Same width per class.
    EqualIntervals,
    /// Jenks natural breaks.
    NaturalBreaks,
    /// Bounds typed by the user.
    Manual,
}

impl MethodChoice {
    /// Every choice, in menu order.
    pub const ALL: [MethodChoice; 4] = [
        Self::Quantiles,
        Self::EqualIntervals,
        Self::NaturalBreaks,
        Self::Manual,
    ];

    /// The locale key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            Self::Quantiles => "classes-quantiles",
            Self::EqualIntervals => "classes-equal",
            Self::NaturalBreaks => "classes-jenks",
            Self::Manual => "classes-manual",
        }
    }
}
