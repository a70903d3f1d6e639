//! Fault injection on the hub resources: `429:0.1,500:0.05,slow:0.02,garbage:0.01`
//! (kind:probability, rolled with the seed) and a queue of scripted next responses.

use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::SandboxError;
use super::rng::Rng;

/// One kind of injected failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fault {
    /// `429 Too Many Requests` with `Retry-After`.
    #[serde(rename = "429")]
    TooManyRequests,
    /// `500 Internal Server Error`.
    #[serde(rename = "500")]
    ServerError,
    /// `503 Service Unavailable` with `Retry-After`.
    #[serde(rename = "503")]
    Unavailable,
    /// The normal response, after a delay.
    #[serde(rename = "slow")]
    Slow,
    /// `200` with a truncated (malformed) JSON body.
    #[serde(rename = "garbage")]
    Garbage,
    /// The normal page, but its `elements-next-page-token` leads back to the first page, so
    /// the tokens of a cycle repeat (A, B, A…): the poller must stop, commit nothing.
    #[serde(rename = "cycle")]
    Cycle,
    /// No fault (useful in a scripted queue).
    #[serde(rename = "ok")]
    None,
}

impl Fault {
    pub const KINDS: &'static str = "429, 500, 503, slow, garbage, cycle, ok";
}

impl FromStr for Fault {
    type Err = SandboxError;
    fn from_str(s: &str) -> Result<Fault, SandboxError> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "429" => Fault::TooManyRequests,
            "500" => Fault::ServerError,
            "503" => Fault::Unavailable,
            "slow" => Fault::Slow,
            "garbage" | "malformed" => Fault::Garbage,
            "cycle" => Fault::Cycle,
            "ok" | "none" => Fault::None,
            other => {
                return Err(SandboxError::FaultSpec(format!(
                    "unknown fault kind {other:?} (known: {})",
                    Fault::KINDS
                )));
            }
        })
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Fault::TooManyRequests => "429",
            Fault::ServerError => "500",
            Fault::Unavailable => "503",
            Fault::Slow => "slow",
            Fault::Garbage => "garbage",
            Fault::Cycle => "cycle",
            Fault::None => "ok",
        })
    }
}

/// Probabilities per kind, as parsed from `--faults`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultSpec {
    pub odds: Vec<(Fault, f64)>,
}

impl FaultSpec {
    /// Parse `kind:probability[,kind:probability…]`; the probabilities must sum to at most 1.
    pub fn parse(spec: &str) -> Result<FaultSpec, SandboxError> {
        let mut odds = Vec::new();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (kind, p) = part.split_once(':').ok_or_else(|| {
                SandboxError::FaultSpec(format!(
                    "{part:?}: expected kind:probability, e.g. 429:0.1"
                ))
            })?;
            let fault: Fault = kind.parse()?;
            let p: f64 = p.trim().parse().map_err(|_| {
                SandboxError::FaultSpec(format!(
                    "{part:?}: probability {p:?} is not a number between 0 and 1"
                ))
            })?;
            if !(0.0..=1.0).contains(&p) {
                return Err(SandboxError::FaultSpec(format!(
                    "{part:?}: probability {p} is not between 0 and 1"
                )));
            }
            odds.push((fault, p));
        }
        let total: f64 = odds.iter().map(|(_, p)| p).sum();
        if total > 1.0 + 1e-9 {
            return Err(SandboxError::FaultSpec(format!(
                "the probabilities add up to {total}, more than 1"
            )));
        }
        Ok(FaultSpec { odds })
    }
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.odds.iter().map(|(k, p)| format!("{k}:{p}")).collect();
        f.write_str(&parts.join(","))
    }
}

/// The live fault state: the scripted queue first, then the dice.
#[derive(Debug)]
pub struct Faults {
    spec: FaultSpec,
    queue: VecDeque<Fault>,
    rng: Rng,
}

impl Faults {
    pub fn new(spec: FaultSpec, seed: u64) -> Faults {
        Faults {
            spec,
            queue: VecDeque::new(),
            rng: Rng::new(seed ^ 0xFA17_5EED),
        }
    }

    /// The fault for the next hub response.
    pub fn next_fault(&mut self) -> Fault {
        if let Some(f) = self.queue.pop_front() {
            return f;
        }
        if self.spec.odds.is_empty() {
            return Fault::None;
        }
        let roll = self.rng.next_f64();
        let mut acc = 0.0;
        for (kind, p) in &self.spec.odds {
            acc += p;
            if roll < acc {
                return *kind;
            }
        }
        Fault::None
    }

    pub fn set_spec(&mut self, spec: FaultSpec) {
        self.spec = spec;
    }

    pub fn spec(&self) -> &FaultSpec {
        &self.spec
    }

    pub fn push(&mut self, faults: impl IntoIterator<Item = Fault>) {
        self.queue.extend(faults);
    }

    pub fn queued(&self) -> Vec<Fault> {
        self.queue.iter().copied().collect()
    }

    pub fn clear(&mut self) {
        self.queue.clear();
        self.spec = FaultSpec::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_spec() {
        let s = FaultSpec::parse("429:0.1,500:0.05,slow:0.02,garbage:0.01").unwrap();
        assert_eq!(s.odds.len(), 4);
        assert_eq!(s.odds[0], (Fault::TooManyRequests, 0.1));
        assert_eq!(s.to_string(), "429:0.1,500:0.05,slow:0.02,garbage:0.01");
    }

    #[test]
    fn rejects_bad_specs_with_the_part_named() {
        for (bad, needle) in [
            ("429", "kind:probability"),
            ("404:0.1", "unknown fault kind"),
            ("500:x", "not a number"),
            ("500:1.5", "not between"),
            ("500:0.6,429:0.6", "more than 1"),
        ] {
            let e = FaultSpec::parse(bad).unwrap_err().to_string();
            assert!(e.contains(needle), "{bad}: {e}");
        }
    }

    #[test]
    fn queue_first_then_seeded_dice() {
        let spec = FaultSpec::parse("500:0.5").unwrap();
        let mut a = Faults::new(spec.clone(), 3);
        let mut b = Faults::new(spec, 3);
        a.push([Fault::Garbage, Fault::None]);
        assert_eq!(a.next_fault(), Fault::Garbage);
        assert_eq!(a.next_fault(), Fault::None);
        let ra: Vec<Fault> = (0..200).map(|_| a.next_fault()).collect();
        let rb: Vec<Fault> = (0..200).map(|_| b.next_fault()).collect();
        assert_eq!(ra, rb, "same seed, same faults");
        let n500 = ra.iter().filter(|f| **f == Fault::ServerError).count();
        assert!((60..140).contains(&n500), "{n500} of 200 at p=0.5");
    }
}
