//! One ranking measured by several machines: the plan's identity, a shard of it, and
//! its cells.
//!
//! Why a plan identity: shards are merged by a reader that never saw the command lines.
//! Two shards belong to one ranking when they asked for the same thing (profile, runs,
//! warm-ups, problems and their sizes, languages with their toolchains and flags); a
//! hash of exactly those facts says so in one comparison, and the facts themselves say
//! what differs when it does not match.

use crate::ranking::Ranking;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Shard K of N (1-based): the cells of the plan whose index in the plan's shard order
/// ([`Ranking::shard_order`]) is K-1 modulo N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shard {
    /// K, from 1 to `count`.
    pub index: u32,
    /// N, the number of shards.
    pub count: u32,
}

/// Why a `K/N` text is not a shard.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// Not two numbers around a slash.
    #[error("{0:?} is not K/N (e.g. 2/3: the second of three shards)")]
    Form(String),
    /// N is zero.
    #[error("{0:?}: the number of shards must be at least 1")]
    NoShards(String),
    /// K is 0 or above N.
    #[error("{text:?}: K must be between 1 and {count} (shards are numbered from 1)")]
    OutOfRange {
        /// The text given.
        text: String,
        /// N.
        count: u32,
    },
}

impl Shard {
    /// The whole plan as one shard.
    pub const WHOLE: Shard = Shard { index: 1, count: 1 };

    /// True when the cell at `position` of the sorted cell list belongs to this shard.
    /// Round-robin rather than blocks, so that every shard gets a mix of problems and a
    /// similar share of the work.
    pub fn owns(&self, position: usize) -> bool {
        self.count > 0 && position % self.count as usize == (self.index as usize).wrapping_sub(1)
    }

    /// Every shard of the same split, 1/N to N/N.
    pub fn siblings(&self) -> impl Iterator<Item = Shard> {
        let count = self.count;
        (1..=count).map(move |index| Shard { index, count })
    }
}

impl FromStr for Shard {
    type Err = ShardError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let form = || ShardError::Form(s.to_string());
        let (k, n) = s.split_once('/').ok_or_else(form)?;
        let index: u32 = k.trim().parse().map_err(|_| form())?;
        let count: u32 = n.trim().parse().map_err(|_| form())?;
        if count == 0 {
            return Err(ShardError::NoShards(s.to_string()));
        }
        if index == 0 || index > count {
            return Err(ShardError::OutOfRange {
                text: s.to_string(),
                count,
            });
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Serialize for Shard {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Shard {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The identity of a plan: a 64-bit FNV-1a hash of the facts that define it, written as
/// 16 hex digits. FNV because its output is fixed by these few lines, not by a
/// dependency or the standard library's unspecified hasher, so every machine and every
/// build computes the same identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlanId(pub u64);

impl PlanId {
    /// The identity of what `r` asked for (its recorded shard, exclusions and skips are
    /// not part of it: they are outcomes, not the question).
    pub fn of(r: &Ranking) -> PlanId {
        let facts = PlanFacts::of(r);
        // Serialising a struct of plain fields cannot fail; an empty text would still
        // give a stable (if shared) identity.
        let text = canonical_text(&facts);
        PlanId(fnv1a(text.as_bytes()))
    }
}

impl fmt::Display for PlanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for PlanId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PlanId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        u64::from_str_radix(&text, 16)
            .map(PlanId)
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a plan id")))
    }
}

/// The facts a plan is made of, in a fixed order: what [`PlanId`] hashes and what
/// [`plan_difference`] compares.
#[derive(Clone, Debug, PartialEq)]
struct PlanFacts {
    parts: Vec<(&'static str, String)>,
}

impl PlanFacts {
    fn of(r: &Ranking) -> PlanFacts {
        let mut parts = vec![
            ("profile", r.profile.clone()),
            ("runs", format!("{:?}", r.runs)),
            ("warmup", format!("{:?}", r.warmup)),
        ];
        let problems: Vec<String> = r
            .problems
            .iter()
            .map(|p| format!("{}={:?}", p.id, p.size))
            .collect();
        parts.push(("problems and sizes", problems.join(",")));
        let ids: Vec<String> = r.language_ids();
        parts.push(("languages", ids.join(",")));
        for l in &r.languages {
            let libs: Vec<String> = l
                .libraries
                .iter()
                .map(|(p, v)| format!("{p}:{v}"))
                .collect();
            parts.push(("toolchain", format!("{}: {}", l.id, l.toolchain)));
            parts.push(("flags", format!("{}: {} {}", l.id, l.flags, libs.join(","))));
        }
        PlanFacts { parts }
    }
}

/// Name and value pairs as one text with unambiguous separators (a value cannot hide a
/// separator: lengths are written before values).
fn canonical_text(f: &PlanFacts) -> String {
    f.parts
        .iter()
        .map(|(k, v)| format!("{k}:{}:{v};", v.len()))
        .collect()
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// What differs between the plans of `a` and `b`, in words (`profile: check vs quick`);
/// None when they are one plan.
pub fn plan_difference(a: &Ranking, b: &Ranking) -> Option<String> {
    let (fa, fb) = (PlanFacts::of(a), PlanFacts::of(b));
    for (i, (k, va)) in fa.parts.iter().enumerate() {
        match fb.parts.get(i) {
            Some((kb, vb)) if kb == k && vb == va => continue,
            Some((kb, vb)) if kb == k => return Some(format!("{k}: {va} vs {vb}")),
            _ => return Some(format!("{k}: {va} vs (other languages)")),
        }
    }
    (fa.parts.len() != fb.parts.len()).then(|| "languages differ".to_string())
}

/// One problem x language of a plan.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell {
    /// Problem id.
    pub problem: String,
    /// Language id.
    pub language: String,
}

impl Ranking {
    /// Every problem x language the plan asked for, sorted (problem, then language id):
    /// the list shards split. Excluded programs stay in it, so that a program failing
    /// verification on one machine does not move every other cell to another shard.
    pub fn cells(&self) -> Vec<Cell> {
        let mut v: Vec<Cell> = self
            .problems
            .iter()
            .flat_map(|p| {
                self.languages.iter().map(move |l| Cell {
                    problem: p.id.clone(),
                    language: l.id.clone(),
                })
            })
            .collect();
        v.sort();
        v
    }

    /// The cells of `shard`: round-robin over the cells in [`Ranking::shard_order`].
    pub fn cells_of(&self, shard: Shard) -> Vec<Cell> {
        self.shard_order()
            .into_iter()
            .enumerate()
            .filter(|(i, _)| shard.owns(*i))
            .map(|(_, c)| c)
            .collect()
    }

    /// The cells in the order shards take turns on: problem by problem (sorted), each
    /// problem's sorted languages rotated left by the problem's position. Why rotated:
    /// in the plain sorted list each problem's languages come in the same cycle, so with
    /// as many shards as languages every shard would get one language on every problem
    /// (one machine measuring all of Python, the slowest). Rotated, every shard gets a
    /// mix of languages and problems, and the shards' sizes still differ by at most one.
    pub fn shard_order(&self) -> Vec<Cell> {
        let mut problems: Vec<&str> = self.problems.iter().map(|p| p.id.as_str()).collect();
        let mut languages: Vec<&str> = self.languages.iter().map(|l| l.id.as_str()).collect();
        problems.sort_unstable();
        languages.sort_unstable();
        let mut v = Vec::with_capacity(problems.len() * languages.len());
        for (i, p) in problems.iter().enumerate() {
            let mut row = languages.clone();
            let n = row.len();
            if n > 0 {
                row.rotate_left(i % n);
            }
            v.extend(row.into_iter().map(|l| Cell {
                problem: p.to_string(),
                language: l.to_string(),
            }));
        }
        v
    }

    /// The plan's identity: the one recorded, else computed (results written before
    /// plans were recorded).
    pub fn plan_id(&self) -> PlanId {
        self.plan.unwrap_or_else(|| PlanId::of(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ranking::{LanguageFacts, ProblemFacts};
    use std::collections::BTreeSet;

    fn plan() -> Ranking {
        Ranking {
            profile: "check".into(),
            runs: Some(2),
            problems: ["fasta", "count", "echo"]
                .iter()
                .map(|p| ProblemFacts {
                    id: p.to_string(),
                    size: Some(3),
                })
                .collect(),
            languages: ["sh", "sh2"]
                .iter()
                .map(|l| LanguageFacts {
                    id: l.to_string(),
                    toolchain: "sh 1".into(),
                    ..LanguageFacts::default()
                })
                .collect(),
            ..Ranking::default()
        }
    }

    #[test]
    fn parses_k_of_n_and_refuses_the_rest() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
        assert_eq!(Shard { index: 2, count: 3 }.to_string(), "2/3");
        for bad in ["0/3", "4/3", "x", "1/0", "1/", "/3", "-1/3", "1/3/4"] {
            let e = bad.parse::<Shard>().unwrap_err().to_string();
            assert!(e.contains(bad), "{bad}: {e}");
        }
        assert!("0/3"
            .parse::<Shard>()
            .unwrap_err()
            .to_string()
            .contains("between 1 and 3"));
    }

    #[test]
    fn shards_partition_the_sorted_cells() {
        let r = plan();
        let all = r.cells();
        assert_eq!(all.len(), 6);
        assert_eq!(all[0].problem, "count");
        let mut union: Vec<Cell> = Shard { index: 1, count: 4 }
            .siblings()
            .flat_map(|s| r.cells_of(s))
            .collect();
        union.sort();
        assert_eq!(union, all, "every cell exactly once");
        assert_eq!(r.cells_of(Shard { index: 1, count: 4 }).len(), 2);
        let mut whole = r.cells_of(Shard::WHOLE);
        whole.sort();
        assert_eq!(whole, all);
        // Not one language per shard, as a plain round-robin of (problem, language)
        // would give with as many shards as languages.
        for s in (Shard { index: 1, count: 2 }).siblings() {
            let langs: BTreeSet<String> = r.cells_of(s).into_iter().map(|c| c.language).collect();
            assert_eq!(langs.len(), 2, "shard {s}");
        }
    }

    #[test]
    fn the_plan_id_is_stable_and_names_what_differs() {
        let a = plan();
        assert_eq!(PlanId::of(&a), PlanId::of(&a.clone()));
        // Fixed by this code: the same on every machine and build.
        assert_eq!(PlanId::of(&a).to_string().len(), 16);
        let mut b = a.clone();
        b.profile = "quick".into();
        assert_ne!(PlanId::of(&a), PlanId::of(&b));
        assert_eq!(plan_difference(&a, &b).unwrap(), "profile: check vs quick");
        let mut c = a.clone();
        c.languages[1].toolchain = "sh 2".into();
        assert_eq!(
            plan_difference(&a, &c).unwrap(),
            "toolchain: sh2: sh 1 vs sh2: sh 2"
        );
        assert_eq!(plan_difference(&a, &a), None);
        // The shard and the outcomes are not the plan.
        let mut d = a.clone();
        d.shard = Some(Shard { index: 2, count: 3 });
        assert_eq!(PlanId::of(&a), PlanId::of(&d));
        let json = serde_json::to_string(&PlanId::of(&a)).unwrap();
        assert_eq!(
            serde_json::from_str::<PlanId>(&json).unwrap(),
            PlanId::of(&a)
        );
    }
}
