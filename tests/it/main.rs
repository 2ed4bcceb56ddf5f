//! Every integration test of the `salesos` crate, in one test binary: one
//! link step instead of one per file, and one copy of the library and its
//! dependencies on disk. Each former `tests/<name>.rs` is a module here;
//! run one with a filter, e.g. `cargo test --test it import_csv::` or
//! `cargo test --test it fuzz::`.
//!
//! All modules share one process: a test must not change what the others
//! see (environment variables, the current directory, the panic hook outside
//! a child process), and a child whose peak memory a test checks is started
//! through `common::measure` (started from here, it would be charged with
//! this process's memory).

// First, so its `row!` macro is in scope in every module below.
#[macro_use]
mod common;

mod activities;
mod bindings;
mod board;
mod board_chart;
mod checklist;
mod crm_exports;
mod crm_mapping;
mod currency;
mod deal;
mod durability;
mod file_names;
mod fixtures;
mod forecast;
mod fuzz;
mod gap_plan;
mod goals;
mod hiring;
mod hiring_import;
mod history;
mod history_goal;
mod import_cli;
mod import_crm_values;
mod import_csv;
mod import_detect_head;
mod import_formats;
mod import_garbage;
mod import_grouping;
mod import_kind;
mod import_maven;
mod import_peers;
mod import_readers;
mod import_reopen;
mod import_rows;
mod import_stream;
mod layers;
mod pipeline;
mod presets;
mod ramp;
mod reimport;
mod review;
mod rows_to_fix;
mod scaling;
mod server;
mod template;
mod template_xlsx;
mod workspace_safety;
