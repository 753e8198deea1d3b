//! Street names: the street types with their lengths, and the generic names a commune draws from.

use crate::rng::Rng;

/// Street types with their weight and length range in metres.
const STREET_TYPES: [(&str, f64, f64, f64); 6] = [
    ("Rue", 10.0, 200.0, 800.0),
    ("Allée", 3.0, 200.0, 500.0),
    ("Impasse", 2.0, 200.0, 280.0),
    ("Chemin", 2.0, 250.0, 700.0),
    ("Avenue", 1.5, 450.0, 900.0),
    ("Boulevard", 0.5, 600.0, 900.0),
];

/// What follows the type in a generic street name ("Rue des Lilas", "Allée Victor-Hugo").
const STREET_COMPLEMENTS: [&str; 128] = [
    "des Lilas",
    "des Tilleuls",
    "du Moulin",
    "des Acacias",
    "des Rosiers",
    "des Érables",
    "des Châtaigniers",
    "des Peupliers",
    "des Charmes",
    "des Saules",
    "des Noisetiers",
    "des Mésanges",
    "des Hirondelles",
    "des Alouettes",
    "des Coquelicots",
    "des Bleuets",
    "des Glycines",
    "des Hortensias",
    "des Magnolias",
    "des Camélias",
    "des Vignes",
    "des Vergers",
    "des Prés",
    "des Champs",
    "de la Fontaine",
    "de la Source",
    "du Lavoir",
    "du Puits",
    "de l'Étang",
    "de la Prairie",
    "du Bocage",
    "des Ardoisières",
    "des Jardins",
    "des Écoles",
    "du Stade",
    "de la Gare",
    "du Verger",
    "du Clos",
    "des Coteaux",
    "de la Loire",
    "des Mariniers",
    "des Vanniers",
    "des Tisserands",
    "des Forges",
    "du Pressoir",
    "de la Chênaie",
    "des Genêts",
    "des Bruyères",
    "du Vallon",
    "des Hauts-Champs",
    "de la Croix-Blanche",
    "du Petit-Bois",
    "des Pervenches",
    "des Cerisiers",
    "Victor-Hugo",
    "Jean-Jaurès",
    "Jules-Ferry",
    "Marie-Curie",
    "Jean-Moulin",
    "Anatole-France",
    "Émile-Zola",
    "Georges-Brassens",
    "Joachim-du-Bellay",
    "Molière",
    "des Pins",
    "des Chênes",
    "des Ormes",
    "des Sorbiers",
    "des Houx",
    "des Lauriers",
    "des Mimosas",
    "des Jonquilles",
    "des Violettes",
    "des Primevères",
    "des Iris",
    "des Tulipes",
    "des Pâquerettes",
    "des Marguerites",
    "des Myosotis",
    "des Fauvettes",
    "des Pinsons",
    "des Rossignols",
    "des Merles",
    "des Martinets",
    "des Chardonnerets",
    "du Four",
    "de la Tuilerie",
    "de la Briqueterie",
    "des Meuniers",
    "des Charpentiers",
    "des Tonneliers",
    "des Vignerons",
    "des Bateliers",
    "du Port",
    "de la Levée",
    "des Îles",
    "du Gué",
    "de la Rivière",
    "des Sablons",
    "des Landes",
    "des Noues",
    "de la Butte",
    "du Tertre",
    "du Plessis",
    "de la Grange",
    "de la Métairie",
    "des Closeaux",
    "du Château-d'Eau",
    "de la Poste",
    "de l'Église",
    "du Prieuré",
    "du Calvaire",
    "de la Chapelle",
    "des Lavandières",
    "Alphonse-Daudet",
    "Paul-Verlaine",
    "Charles-Péguy",
    "Albert-Camus",
    "Antoine-de-Saint-Exupéry",
    "Jacques-Prévert",
    "Jean-Monnet",
    "Louise-Michel",
    "Simone-Veil",
    "George-Sand",
    "Frédéric-Chopin",
    "Claude-Debussy",
    "Maurice-Ravel",
    "Claude-Monet",
];

/// The generic street names of one commune, most likely first (weighted shuffle by street type).
pub fn generic_street_names(rng: &mut Rng) -> Vec<String> {
    let mut keyed: Vec<(f64, String)> = Vec::new();
    for (kind, weight, _, _) in STREET_TYPES {
        for complement in STREET_COMPLEMENTS {
            // Efraimidis–Spirakis: sorting by -ln(u)/w draws without replacement by weight.
            let key = -(1.0 - rng.unit()).ln() / weight;
            keyed.push((key, format!("{kind} {complement}")));
        }
    }
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    keyed.into_iter().map(|(_, name)| name).collect()
}

/// The length range of a street, from the first word of its name.
pub fn street_length_range(name: &str) -> (f64, f64) {
    let kind = name.split(' ').next().unwrap_or("Rue");
    match kind {
        "Place" => (200.0, 260.0),
        "Quai" => (500.0, 900.0),
        _ => STREET_TYPES
            .iter()
            .find(|t| t.0 == kind)
            .map_or((200.0, 800.0), |t| (t.2, t.3)),
    }
}
