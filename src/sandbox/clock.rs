//! The sandbox's notion of "now": the system clock, or a manual clock tests move by hand.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

/// Where the sandbox reads the time. Clones share the same manual time.
#[derive(Debug, Clone)]
pub enum Clock {
    System,
    Manual(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn manual(start: DateTime<Utc>) -> Clock {
        Clock::Manual(Arc::new(Mutex::new(start)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Manual(t) => *t.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Set a manual clock; `false` for the system clock (which cannot be set).
    pub fn set(&self, to: DateTime<Utc>) -> bool {
        match self {
            Clock::System => false,
            Clock::Manual(t) => {
                *t.lock().unwrap_or_else(|p| p.into_inner()) = to;
                true
            }
        }
    }

    /// Move a manual clock forward (or back, with a negative delta).
    pub fn advance(&self, by: chrono::Duration) -> bool {
        match self {
            Clock::System => false,
            Clock::Manual(t) => {
                let mut g = t.lock().unwrap_or_else(|p| p.into_inner());
                *g += by;
                true
            }
        }
    }

    pub fn is_manual(&self) -> bool {
        matches!(self, Clock::Manual(_))
    }
}
