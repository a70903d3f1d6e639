//! JSON Schema (draft 2020-12) of the instance body, generated from the key tables.
