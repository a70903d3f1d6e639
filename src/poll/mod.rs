//! The poll engine: window → URL → fetch → classify → dedupe → sink → commit.

pub mod sign;
