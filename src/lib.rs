//! SalesOS core: the sales manager's operating system.
//!
//! Layers, lowest first (a module uses only lower ones; `tests/it/layers.rs`
//! checks it): `error`; `process`, `calendar`, `money`; `model`, `hiring`;
//! `store` (the SQLite workspace); `import`, `forecast`, `review`, `ramp`;
//! `scaling`; `export`, `demo`; `api`, the one command layer the desktop shell and the local
//! server both expose; `server`; `cli`.
pub mod api;
pub mod calendar;
pub mod cli;
pub mod demo;
pub mod error;
pub mod export;
pub mod forecast;
pub mod hiring;
pub mod import;
pub mod model;
pub mod money;
pub mod process;
pub mod ramp;
pub mod review;
pub mod scaling;
pub mod server;
pub mod store;

pub use error::{Error, Result};
