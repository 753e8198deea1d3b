//! The communes an address can belong to: the nearest centre, Angers weighing more.

/// One commune of Angers Loire Métropole in or next to the area.
pub struct Commune {
    /// Its name.
    pub nom: &'static str,
    /// Its INSEE code, the first part of an address id.
    pub insee: &'static str,
    /// Its postcode (Angers has two: see [`code_postal`]).
    code_postal: &'static str,
    /// Approximate centre (lon, lat).
    centre: [f64; 2],
    /// How far its addresses reach compared with the others (a weighted nearest centre).
    reach: f64,
}

/// Angers and its neighbours around the area.
pub const COMMUNES: [Commune; 7] = [
    Commune {
        nom: "Angers",
        insee: "49007",
        code_postal: "49100",
        centre: [-0.5537, 47.4716],
        reach: 2.2,
    },
    Commune {
        nom: "Avrillé",
        insee: "49015",
        code_postal: "49240",
        centre: [-0.5890, 47.5060],
        reach: 1.0,
    },
    Commune {
        nom: "Beaucouzé",
        insee: "49020",
        code_postal: "49070",
        centre: [-0.6330, 47.4740],
        reach: 1.0,
    },
    Commune {
        nom: "Bouchemaine",
        insee: "49035",
        code_postal: "49080",
        centre: [-0.6090, 47.4220],
        reach: 1.0,
    },
    Commune {
        nom: "Les Ponts-de-Cé",
        insee: "49246",
        code_postal: "49130",
        centre: [-0.5250, 47.4240],
        reach: 1.0,
    },
    Commune {
        nom: "Saint-Barthélemy-d'Anjou",
        insee: "49267",
        code_postal: "49124",
        centre: [-0.4950, 47.4670],
        reach: 1.0,
    },
    Commune {
        nom: "Trélazé",
        insee: "49353",
        code_postal: "49800",
        centre: [-0.4660, 47.4460],
        reach: 1.0,
    },
];

/// The index in [`COMMUNES`] of the commune of a position: the smallest distance over reach.
pub fn commune_at(lon_lat: [f64; 2]) -> usize {
    let score = |c: &Commune| {
        let dx = (lon_lat[0] - c.centre[0]) * 0.675; // cos(47.47°): degrees of longitude are shorter
        let dy = lon_lat[1] - c.centre[1];
        dx.hypot(dy) / c.reach
    };
    (0..COMMUNES.len())
        .min_by(|&a, &b| score(&COMMUNES[a]).total_cmp(&score(&COMMUNES[b])))
        .unwrap_or(0)
}

/// The postcode of an address of commune `index` at `lon_lat` (Angers: 49000 south of the centre).
pub fn code_postal(index: usize, lon_lat: [f64; 2]) -> &'static str {
    let commune = &COMMUNES[index];
    if commune.insee == "49007" && lon_lat[1] < 47.462 {
        "49000"
    } else {
        commune.code_postal
    }
}
