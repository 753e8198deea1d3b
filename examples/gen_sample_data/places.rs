//! The places of the kit: the quartiers of Angers, the city outline and the neighbouring communes.

/// The name of the city.
pub const ANGERS: &str = "Angers";
/// The INSEE code of the city.
pub const ANGERS_INSEE: &str = "49007";

/// A quartier of Angers as the kit defines it.
pub struct QuartierDef {
    /// Its name.
    pub nom: &'static str,
    /// Approximate centroid (lon, lat): the seed of its Voronoi cell.
    pub centroid: [f64; 2],
    /// Its postcode.
    pub code_postal: &'static str,
    /// How many addresses to place in the quartier.
    pub addresses: usize,
    /// Real streets of the quartier, placed first.
    pub streets: &'static [&'static str],
}

/// The 10 quartiers of Angers.
pub const QUARTIERS: [QuartierDef; 10] = [
    QuartierDef {
        nom: "Centre-ville – La Fayette – Éblé",
        centroid: [-0.5567, 47.4632],
        code_postal: "49100",
        addresses: 2200,
        streets: &[
            "Rue Lenepveu",
            "Boulevard Foch",
            "Rue Saint-Aubin",
            "Rue Plantagenêt",
            "Boulevard du Roi-René",
            "Rue Bressigny",
            "Rue de la Roë",
            "Rue Saint-Laud",
            "Rue Toussaint",
            "Rue Desjardins",
            "Boulevard Ayrault",
            "Rue Volney",
            "Rue Parcheminerie",
            "Quai Ligny",
            "Rue Létanduère",
            "Rue du Mail",
            "Place du Ralliement",
            "Rue de l'Hôtel de Ville",
        ],
    },
    QuartierDef {
        nom: "Doutre – Saint-Jacques – Nazareth",
        centroid: [-0.5767, 47.4825],
        code_postal: "49100",
        addresses: 1500,
        streets: &[
            "Rue Beaurepaire",
            "Rue Lionnaise",
            "Rue Saint-Nicolas",
            "Avenue René-Gasnier",
        ],
    },
    QuartierDef {
        nom: "Saint-Serge – Ney – Chalouère",
        centroid: [-0.544, 47.4813],
        code_postal: "49100",
        addresses: 1500,
        streets: &[
            "Boulevard Carnot",
            "Avenue Pasteur",
            "Avenue Vauban",
            "Rue de la Chalouère",
        ],
    },
    QuartierDef {
        nom: "Monplaisir",
        centroid: [-0.5245, 47.492],
        code_postal: "49100",
        addresses: 1500,
        streets: &["Avenue Montaigne"],
    },
    QuartierDef {
        nom: "Deux-Croix – Banchais",
        centroid: [-0.5174, 47.4751],
        code_postal: "49100",
        addresses: 1300,
        streets: &[],
    },
    QuartierDef {
        nom: "Madeleine – Saint-Léonard – Justices",
        centroid: [-0.521, 47.4551],
        code_postal: "49000",
        addresses: 1600,
        streets: &[
            "Rue de Brissac",
            "Boulevard Eugène-Chevreul",
            "Boulevard Gaston-Birgé",
        ],
    },
    QuartierDef {
        nom: "Belle-Beille",
        centroid: [-0.5946, 47.4804],
        code_postal: "49000",
        addresses: 1300,
        streets: &["Avenue Patton", "Boulevard Lavoisier"],
    },
    QuartierDef {
        nom: "Hauts-de-Saint-Aubin",
        centroid: [-0.5535, 47.5072],
        code_postal: "49100",
        addresses: 1200,
        streets: &[],
    },
    QuartierDef {
        nom: "Roseraie",
        centroid: [-0.5618, 47.4455],
        code_postal: "49000",
        addresses: 1500,
        streets: &[],
    },
    QuartierDef {
        nom: "Lac de Maine",
        centroid: [-0.6027, 47.4599],
        code_postal: "49000",
        addresses: 900,
        streets: &["Avenue du Lac de Maine"],
    },
];

/// A rough, irregular outline of the city of Angers (lon, lat), clockwise from the south-west.
pub const CITY_OUTLINE: [[f64; 2]; 17] = [
    [-0.6150, 47.4520],
    [-0.6180, 47.4680],
    [-0.6120, 47.4830],
    [-0.5990, 47.4920],
    [-0.5800, 47.4990],
    [-0.5720, 47.5150],
    [-0.5560, 47.5260],
    [-0.5380, 47.5200],
    [-0.5250, 47.5060],
    [-0.5100, 47.4960],
    [-0.5080, 47.4800],
    [-0.5110, 47.4620],
    [-0.5090, 47.4480],
    [-0.5300, 47.4400],
    [-0.5550, 47.4370],
    [-0.5800, 47.4420],
    [-0.5980, 47.4440],
];

/// A neighbouring commune of Angers.
pub struct CommuneDef {
    /// Its name.
    pub nom: &'static str,
    /// Its INSEE code.
    pub insee: &'static str,
    /// Its postcode.
    pub code_postal: &'static str,
    /// Approximate centre (lon, lat).
    pub centre: [f64; 2],
    /// How many addresses to place in it.
    pub addresses: usize,
}

/// The neighbouring communes that get addresses, green spaces and heritage sites.
pub const COMMUNES: [CommuneDef; 8] = [
    CommuneDef {
        nom: "Avrillé",
        insee: "49015",
        code_postal: "49240",
        centre: [-0.608, 47.506],
        addresses: 1000,
    },
    CommuneDef {
        nom: "Trélazé",
        insee: "49353",
        code_postal: "49800",
        centre: [-0.480, 47.451],
        addresses: 900,
    },
    CommuneDef {
        nom: "Saint-Barthélemy-d'Anjou",
        insee: "49267",
        code_postal: "49124",
        centre: [-0.491, 47.469],
        addresses: 800,
    },
    CommuneDef {
        nom: "Les Ponts-de-Cé",
        insee: "49246",
        code_postal: "49130",
        centre: [-0.506, 47.430],
        addresses: 800,
    },
    CommuneDef {
        nom: "Beaucouzé",
        insee: "49020",
        code_postal: "49070",
        centre: [-0.635, 47.483],
        addresses: 600,
    },
    CommuneDef {
        nom: "Bouchemaine",
        insee: "49035",
        code_postal: "49080",
        centre: [-0.630, 47.437],
        addresses: 550,
    },
    CommuneDef {
        nom: "Écouflant",
        insee: "49129",
        code_postal: "49000",
        centre: [-0.520, 47.533],
        addresses: 450,
    },
    CommuneDef {
        nom: "Sainte-Gemmes-sur-Loire",
        insee: "49278",
        code_postal: "49130",
        centre: [-0.572, 47.430],
        addresses: 500,
    },
];

/// How far from its centre a neighbouring commune's streets and parks may start (metres).
pub const COMMUNE_RADIUS: f64 = 1300.0;
