//! SalesOS core: the sales manager's operating system.
//!
//! Layout: `import` reads CRM exports into deals, `store` keeps the workspace
//! in SQLite, `process` holds the five-stage method, `forecast` computes the
//! quarter by risk, `api` is the one command layer the desktop shell and the
//! local server both expose, `server` and `cli` are the two front doors.
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
pub mod review;
pub mod server;
pub mod store;

pub use error::{Error, Result};
