//! Tests of the scenario language: the contract's forms, errors, round trips, hostile input.

mod contract;
mod errors;
mod extensions;
mod gen;
mod hostile;
mod roundtrip;
