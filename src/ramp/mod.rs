//! Onboarding ramp and the metrics harness (docs/method.md §5): where a new
//! hire should be at their tenure, how their metrics compare with the
//! ramped reps at the same tenure, the flags a manager reads out in a 1:1
//! and the branch of the metric tree that explains a miss.
//!
//! The rules here are pure: they take the values, the plan and "today" and
//! never read the workspace, so each one is tested on hand-computed numbers.
pub mod band;
pub mod board;
pub mod facts;
pub mod flags;
pub mod metric;
pub mod percentile;
pub mod plan;
pub mod status;
pub mod tenure;
pub mod tree;

pub use band::{Band, BandBasis, Verdict};
pub use flags::{Flag, FlagKind};
pub use metric::{Cadence, Metric, MetricInfo, Unit};
pub use plan::{RampPlan, Role};
pub use status::{MetricState, RampStatus};
pub use tenure::Tenure;
pub use tree::{RootCause, TreeNode};
