//! The `README.md` written beside the kit, in French: what the files are and that they are synthetic.

/// The text of `README.md`.
pub const README: &str = "# Données de démonstration

Ce dossier contient le jeu de démonstration ouvert par Territoire au premier lancement
(couches de bas en haut) :

| Fichier | Contenu | SCR |
|---|---|---|
| `quartiers.geojson` | les 10 quartiers d'Angers (polygones, champs `nom`, `code`) | WGS 84 |
| `espaces-verts.geojson` | environ 150 espaces verts (polygones et multipolygones, quelques-uns avec un étang ; champs `nom`, `type`, `surface_m2`, `gestionnaire`) | WGS 84 |
| `adresses.csv` (+ `.prj`) | environ 20 000 adresses à Angers et dans huit communes voisines (séparateur `;`, UTF-8, colonnes `x`/`y` en mètres) | Lambert-93 (EPSG:2154) |
| `patrimoine.shp` (+ `.shx`, `.dbf`, `.prj`) | environ 80 sites patrimoniaux, champs inspirés de la base Mérimée ; `.dbf` encodé en CP1252, sans `.cpg` | Lambert-93 (EPSG:2154) |
| `demo.territoire` | le projet de démonstration : ces quatre couches, trois signets (Angers, Centre-ville, Lac de Maine) et un scénario de formation en cinq étapes | — |

## Données synthétiques

Tout est **fictif sauf les noms de lieux** : les contours des quartiers sont des cellules de
Voronoï calculées autour de leurs centres approximatifs, les rues sont des lignes tirées au hasard
(des noms de rues réels d'Angers y côtoient des noms génériques), les numéros, dates, sources,
protections, statuts et surfaces sont inventés, et les positions des monuments et des parcs réels
ne sont qu'approchées. Ces fichiers servent à essayer l'application, pas à renseigner qui que ce
soit : pour les vraies données, voir le portail open data d'Angers Loire Métropole, la Base
Adresse Nationale et la base Mérimée.

## Génération

Les fichiers sont produits de façon déterministe (graine fixe) par :

```sh
cargo run --release --example gen_sample_data -- --out sample-data
```

## Licence

Les données générées suivent la licence du projet (MIT ou Apache-2.0). Les noms de lieux
(quartiers, communes, rues, monuments, parcs) sont des faits publics.
";
