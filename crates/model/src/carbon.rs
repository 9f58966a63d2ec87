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

/// What one run of a command delivers, for the Software Carbon Intensity: the Green
/// Software Foundation's SCI = (E × I + M) per R, where E is the energy, I the grid
/// intensity, M the embodied emissions' share and R the functional unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionalUnit {
    /// What is counted (`requests`, `images`).
    pub name: String,
    /// How many of them one run delivers.
    pub per_run: f64,
    /// The embodied emissions' share one run is charged (M), grams CO2e; 0 when not given.
    pub embodied_g_per_run: f64,
}

/// Parse `NAME=COUNT` (`requests=1000`): a name without `=`, a finite count above 0.
pub fn parse_functional_unit(text: &str) -> Result<FunctionalUnit, String> {
    let (name, count) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}`: expected NAME=COUNT, e.g. requests=1000"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("`{text}`: the unit has no name (NAME=COUNT)"));
    }
    let per_run: f64 = count
        .trim()
        .parse()
        .map_err(|_| format!("`{text}`: `{count}` is not a number"))?;
    if !(per_run.is_finite() && per_run > 0.0) {
        return Err(format!("`{text}`: the count must be above 0"));
    }
    Ok(FunctionalUnit {
        name: name.to_string(),
        per_run,
        embodied_g_per_run: 0.0,
    })
}

/// An SCI figure with every input it was computed from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sci {
    /// The functional unit (R).
    pub unit: FunctionalUnit,
    /// Energy per run (E), joules.
    pub energy_j_per_run: f64,
    /// Grid intensity (I), g CO2e per kWh.
    pub g_per_kwh: f64,
    /// E × I per run, grams CO2e.
    pub operational_g_per_run: f64,
    /// (E × I + M) / R: grams CO2e per unit.
    pub g_per_unit: f64,
}

/// The SCI of a command whose runs use `energy_j_per_run` each.
pub fn sci(energy_j_per_run: f64, grid: &GridIntensity, unit: &FunctionalUnit) -> Sci {
    let operational = grams_co2e(energy_j_per_run, grid.g_per_kwh);
    Sci {
        unit: unit.clone(),
        energy_j_per_run,
        g_per_kwh: grid.g_per_kwh,
        operational_g_per_run: operational,
        g_per_unit: (operational + unit.embodied_g_per_run) / unit.per_run,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sci_is_operational_plus_embodied_per_unit() {
        let mut unit = parse_functional_unit("requests=1000").unwrap();
        assert_eq!((unit.name.as_str(), unit.per_run), ("requests", 1000.0));
        // 3.6 kJ = 1 Wh at 500 g/kWh: 0.5 g per run, plus 1.5 g embodied, over 1000.
        unit.embodied_g_per_run = 1.5;
        let grid = custom(500.0);
        let s = sci(3600.0, &grid, &unit);
        assert!((s.operational_g_per_run - 0.5).abs() < 1e-12, "{s:?}");
        assert!((s.g_per_unit - 0.002).abs() < 1e-12, "{s:?}");
        for bad in [
            "requests",
            "=5",
            "requests=0",
            "requests=-1",
            "requests=x",
            "r=inf",
        ] {
            assert!(parse_functional_unit(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn one_kwh_at_world_average() {
        let g = default_intensity();
        assert_eq!(g.region, "world");
        assert!((grams_co2e(3.6e6, g.g_per_kwh) - 480.0).abs() < 1e-9);
        assert_eq!(region("fr").unwrap().g_per_kwh, 56.0);
        assert!(region("XX").is_none());
    }
}
