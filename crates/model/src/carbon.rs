//! Grid carbon intensity and CO2e.
//!
//! The bundled table holds annual average carbon intensities of electricity generation
//! (g CO2e per kWh), rounded, from Ember's "Yearly electricity data" (2023 figures, published
//! 2024) for countries and the EU, and the world average. They are averages, not the
//! marginal intensity at the moment of measurement: good for an order of magnitude, not for
//! carbon accounting.

use serde::{Deserialize, Serialize};

/// The grid intensity used for a CO2e figure, with where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridIntensity {
    /// Grams of CO2e per kWh.
    pub g_per_kwh: f64,
    /// Region code (`world`, `FR`, ...) or `custom`.
    pub region: String,
    /// Source and year of the figure.
    pub source: String,
}

/// Source line for the bundled table.
pub const TABLE_SOURCE: &str = "Ember, Yearly electricity data, 2023 annual averages";

/// The bundled table: (code, name, g CO2e/kWh).
pub const TABLE: &[(&str, &str, f64)] = &[
    ("world", "World average", 480.0),
    ("EU", "European Union", 244.0),
    ("US", "United States", 369.0),
    ("CN", "China", 582.0),
    ("IN", "India", 713.0),
    ("DE", "Germany", 381.0),
    ("FR", "France", 56.0),
    ("GB", "United Kingdom", 238.0),
    ("PT", "Portugal", 165.0),
    ("ES", "Spain", 174.0),
    ("IT", "Italy", 288.0),
    ("PL", "Poland", 662.0),
    ("SE", "Sweden", 41.0),
    ("NO", "Norway", 30.0),
    ("JP", "Japan", 485.0),
    ("AU", "Australia", 548.0),
    ("CA", "Canada", 170.0),
    ("BR", "Brazil", 98.0),
];

/// The default when neither `--grid-intensity` nor `--region` is given: the world average.
pub fn default_intensity() -> GridIntensity {
    region("world").unwrap_or(GridIntensity {
        g_per_kwh: 480.0,
        region: "world".into(),
        source: TABLE_SOURCE.into(),
    })
}

/// Look a region code up in the bundled table (case-insensitive).
pub fn region(code: &str) -> Option<GridIntensity> {
    TABLE
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(code))
        .map(|(c, _, g)| GridIntensity {
            g_per_kwh: *g,
            region: (*c).to_string(),
            source: TABLE_SOURCE.to_string(),
        })
}

/// A user-given intensity.
pub fn custom(g_per_kwh: f64) -> GridIntensity {
    GridIntensity {
        g_per_kwh,
        region: "custom".into(),
        source: "given with --grid-intensity".into(),
    }
}

/// Grams of CO2e for `joules` at `g_per_kwh`.
pub fn grams_co2e(joules: f64, g_per_kwh: f64) -> f64 {
    joules / 3.6e6 * g_per_kwh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_kwh_at_world_average() {
        let g = default_intensity();
        assert_eq!(g.region, "world");
        assert!((grams_co2e(3.6e6, g.g_per_kwh) - 480.0).abs() < 1e-9);
        assert_eq!(region("fr").unwrap().g_per_kwh, 56.0);
        assert!(region("XX").is_none());
    }
}
