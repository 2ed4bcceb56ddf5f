//! Scaling readiness and the hiring plan (docs/method.md §6): should the
//! team hire now, and what would a hiring plan cost and book month by month.
//!
//! The rules are pure: [`facts::Facts`] is read from the workspace once,
//! and every rule takes it (or plain numbers) and "today", so each is
//! tested on hand-computed numbers. Money is integer minor units inside
//! the arithmetic; the records carry currency units (and the currency), as
//! the `scale --json` contract fixes.
pub mod capacity;
pub mod facts;
pub mod inputs;
pub mod plan;
pub mod readiness;
pub mod report;
pub mod roles;
pub mod span;
pub mod stage;
pub mod text;

pub use capacity::Capacity;
pub use inputs::{Input, MissingInput, Period, ScaleInputs, ScaleRequest};
pub use plan::{Hire, PlanMonth, ScalePlan, ScalePlanRequest};
pub use readiness::{Check, CheckName, CheckStatus, FailureMode, Readiness, Thresholds, Verdict};
pub use report::ScaleReport;
pub use roles::StaffRole;
pub use span::{SalesOps, Span};
pub use stage::{ExitCriterion, Stage, StageReport};
